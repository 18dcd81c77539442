"""Allow ``python -m healthlint``."""

from __future__ import annotations

from healthlint.cli import main

if __name__ == "__main__":
    main()
