"""Write ``healthlint/data/frequent_words.txt``: the short words readers know.

Run once when the list should change (it is committed; nothing downloads it at
run time)::

    pip install wordfreq==3.1.1
    python scripts/frequent_words.py

A token written in capitals ("MRI", "ICU", "CEO", "BANNED") that is this common in
English is one readers know: a familiar acronym or a word set in capitals for
emphasis. The acronym rule (HL503) asks for a definition only of rarer ones.
Frequencies are wordfreq's Zipf scale (log10 of uses per billion words); 3.2 is
about 1.6 uses in a million words.
"""

from __future__ import annotations

import re
import sys
from importlib.metadata import version
from pathlib import Path

from wordfreq import top_n_list, zipf_frequency  # type: ignore[import-not-found]

DATA = Path(__file__).resolve().parent.parent / "healthlint" / "data"
OUT = DATA / "frequent_words.txt"
THRESHOLD = 3.2
TOKEN = re.compile(r"[a-z][a-z0-9]{1,7}")
HEADER = """\
# Short English tokens used at least once per million words (Zipf >= {threshold}),
# lower case, one per line. Derived from wordfreq {version} by Robyn Speer et al.
# (https://github.com/rspeer/wordfreq), whose data is licensed CC BY-SA 4.0; this
# derived list is shared under the same licence. Built by scripts/frequent_words.py.
"""


def main() -> int:
    """Write the list, sorted, with its provenance in a header."""
    words = sorted(
        {
            w
            for w in top_n_list("en", 200_000)
            if TOKEN.fullmatch(w) and zipf_frequency(w, "en") >= THRESHOLD
        }
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    header = HEADER.format(threshold=THRESHOLD, version=version("wordfreq"))
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"wrote {len(words)} words to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
