"""Where a rule's documentation page is, as a URI an editor can open.

The pages in ``docs/rules/`` ship inside the wheel (``healthlint/_docs/rules``),
so an installed healthlint links to its own copy, offline, with a file: URI; a
checkout links to ``docs/rules/``. A team that hosts the pages sets the
``docsUrl`` template instead.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from healthlint.lazyregex import lazy

_CODE = lazy(r"HL[0-9]{3}")


@lru_cache(maxsize=1)
def docs_dir() -> Path | None:
    """The folder of rule pages: inside the wheel, or ``docs/rules`` in a checkout."""
    packaged = resources.files("healthlint") / "_docs" / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "docs" / "rules"
    return checkout if checkout.is_dir() else None


def rule_page(code: str, template: str | None = None) -> str | None:
    """The URI of a shipped rule's page, or None when there is no page to open."""
    if not _CODE.fullmatch(code):
        return None
    if template is not None:
        return template.replace("{code}", code)
    folder = docs_dir()
    page = folder / f"{code}.md" if folder is not None else None
    return page.as_uri() if page is not None and page.is_file() else None
