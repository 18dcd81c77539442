"""The prefilter changes nothing a user sees: same findings, spans and bytes.

The CLI is run as a subprocess on every path: the default (Hyperscan where it
is installed), ``HEALTHLINT_PREFILTER=regex`` and ``HEALTHLINT_PREFILTER=off``,
over the examples, the article fixtures, every rule fixture case and generated
documents that mix cases, caseless and specially folded characters; the JSON
output must be byte-identical. The unit tests check the two claims the
prefilter rests on for every code point. ``test_hyperscan_scan.py`` compares
the two literal scans directly.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from healthlint import hyperscan_scan, prefilter
from healthlint.kinds._common import TextPattern

from .conftest import FIXTURES, healthlint_command, load_benchmark, run_healthlint

REPO = Path(__file__).resolve().parent.parent
FORMATS = ("md", "txt", "html")
# Characters that test the folds: caseless punctuation, letters ``re`` folds
# beyond str.lower (long s, dotless i, Kelvin sign, micro sign), Greek sigma.
ODD = ["’", "–", "—", "“", "”", "ſ", "ı", "K", "µ", "Σ", "ς", "İ", "\u00a0", "\n"]


def test_caseless_characters_fold_only_to_themselves() -> None:
    lowered_from: dict[str, list[str]] = {}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        lower = char.lower()
        if lower != char and len(lower) == 1:
            lowered_from.setdefault(lower, []).append(char)
    caseless = [
        chr(c) for c in range(0x80, sys.maxunicode + 1) if prefilter.caseless(chr(c))
    ]
    assert {"’", "–"} <= set(caseless)
    assert "é" not in caseless
    assert not [c for c in caseless if c in lowered_from]


def test_canonical_fold_joins_what_re_matches_ignoring_case() -> None:
    letters = "abcdefghijklmnopqrstuvwxyz"
    pattern = re.compile("|".join(f"({c})" for c in letters), re.IGNORECASE)
    wrong = []
    for code in range(0x80, sys.maxunicode + 1):
        char = chr(code)
        match = pattern.fullmatch(char)
        if match is None or len(char.lower()) != 1:
            continue
        letter = letters[match.lastindex - 1]  # type: ignore[operator]
        if prefilter.fold(char.lower()) != letter:
            wrong.append(char)
    assert wrong == []


@pytest.mark.parametrize(
    ("source", "flags", "literals", "width"),
    [
        (r"\bstud(?:y|ies) show", re.I, {"study sh", "studies "}, 12),
        (r"(?<![\w-])cures?(?![\w-])", 0, {"cure"}, 5),
        (r"\d+% (?:safe|effective)", 0, {"% safe", "% effect"}, None),
        (
            r"(?:we guarantee)|(?:no|zero) side",
            0,
            {"we guara", "no side", "zero sid"},
            12,
        ),
        (r"[Mm]iracle", 0, {"miracle"}, 7),
        (r"x\w+", 0, None, None),  # one letter filters nothing
        (r"a|\w+cure", 0, None, None),  # a branch without a literal
    ],
)
def test_required_literals(
    source: str, flags: int, literals: set[str] | None, width: int | None
) -> None:
    found = prefilter.analyse(source, flags)
    if literals is None:
        assert found is None
    else:
        assert found is not None
        assert (found.literals, found.width) == (literals, width)


def test_offsets_say_where_a_match_can_start() -> None:
    found = prefilter.analyse(r"\b\w{1,3} study (?:shows|found)", re.I)
    assert found is not None
    assert found.anchored
    assert {lit: (low, high) for lit, low, high in found.offsets} == {
        " study s": (1, 3),
        " study f": (1, 3),
    }
    unanchored = prefilter.analyse(r"\w+ cures", 0)
    assert unanchored is not None
    assert not unanchored.anchored


@pytest.mark.parametrize(
    "source",
    [
        r"(?<![\w-])(?:miracle cure|cures? all)(?![\w-])",  # anchored
        r"\w* ?cures? all\b",  # not anchored: searched from the literals
        r"(?:all )+cure",  # literal in a repeat
        r"\d+ bottles|miracle cure",  # anchored only where no bottles occur
    ],
)
def test_every_pattern_finds_the_same_with_and_without_hits(source: str) -> None:
    """Hits.finditer/search return exactly what the plain regex calls do."""
    rng = random.Random(7)  # noqa: S311 (a seed, not a secret)
    pattern = TextPattern(source, re.I)
    assert pattern.pid is not None
    regex = pattern.exact
    words = ["miracle", "cure", "cures", "all", "x", "-", "Miracle", "CURE", " "]
    words += ["12", "bottles"] if "bottles" in source else []
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 30)))
        folded = text.lower()
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        state: dict[str, object] = {}
        hits = prefilter.hits(state, folded, pattern.pid)
        assert hits is not None
        expected = [m.span() for m in regex.finditer(text, start, end)]
        found = [m.span() for m in hits.finditer(lambda: regex, text, start, end)]
        assert found == expected
        first = regex.search(text, start, end)
        second = hits.search(lambda: regex, text, start, end)
        assert (second and second.span()) == (first and first.span())


def _generated(rng: random.Random, pieces: list[str]) -> str:
    """A document of fixture sentences, case-shuffled and salted with odd text."""
    out = []
    for _ in range(rng.randint(3, 14)):
        piece = rng.choice(pieces)
        if rng.random() < 0.3:
            piece = piece.upper() if rng.random() < 0.5 else piece.title()
        if rng.random() < 0.4:
            at = rng.randint(0, len(piece))
            piece = piece[:at] + rng.choice(ODD) + piece[at:]
        out.append(piece)
    return rng.choice(["\n\n", " ", "\n"]).join(out)


def _inputs(folder: Path) -> None:
    """Examples, article fixtures, every rule case and generated documents."""
    pieces = []
    for path in sorted((REPO / "examples").iterdir()):
        (folder / f"example-{path.name}").write_bytes(path.read_bytes())
    for path in sorted((FIXTURES / "articles").iterdir()):
        if path.suffix in (".md", ".html", ".txt"):
            (folder / f"article-{path.name}").write_bytes(path.read_bytes())
    for path in sorted((FIXTURES / "rules").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for index, case in enumerate(data["cases"]):
            fmt = case.get("format", "md")
            name = f"case-{data['rule']}-{index}.{fmt}"
            (folder / name).write_text(case["text"], encoding="utf-8")
            if fmt != "html":
                pieces.append(case["text"])
    rng = random.Random(12)  # noqa: S311 (a seed, not a secret)
    for index in range(80):
        fmt = FORMATS[index % 2]  # generated pieces are prose, not markup
        text = _generated(rng, pieces)
        (folder / f"generated-{index}.{fmt}").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("select", [(), ("--select", "ALL")], ids=["default", "all"])
def test_output_is_byte_identical_on_every_path(
    tmp_path: Path, select: tuple[str, ...]
) -> None:
    """Default (Hyperscan when installed), pure-Python scan, prefilter off."""
    folder = tmp_path / "docs"
    folder.mkdir()
    _inputs(folder)
    args = ("check", "--no-cache", "--format", "json", *select, "docs")
    on = run_healthlint(tmp_path, *args, env={prefilter.ENV_SWITCH: "on"})
    assert '"code": "HL' in on.stdout  # the inputs do have findings
    for switch in (prefilter.REGEX, "off"):
        other = run_healthlint(tmp_path, *args, env={prefilter.ENV_SWITCH: switch})
        assert other.stderr == on.stderr, switch
        assert other.returncode == on.returncode, switch
        assert other.stdout == on.stdout, switch


def test_the_switch_chooses_the_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """``regex`` never builds a Hyperscan database; ``off`` turns all of it off."""
    checks = {
        "": (True, True),
        "on": (True, True),
        prefilter.REGEX: (True, False),
        "off": (False, False),
        "0": (False, False),
    }
    for value, (enabled, fast) in checks.items():
        monkeypatch.setenv(prefilter.ENV_SWITCH, value)
        code = "from healthlint import prefilter as p;print(p.enabled, p.use_hyperscan)"
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
        )
        assert done.stdout.split() == [str(enabled), str(fast)], value


def test_twins_count_what_their_patterns_count() -> None:
    """Document-type cues and topic words, counted on their lower-cased twins."""
    from healthlint import doctype, topic

    texts = [p.read_text(encoding="utf-8") for p in sorted(REPO.glob("examples/*"))]
    texts += [
        p.read_text(encoding="utf-8")
        for p in sorted((FIXTURES / "articles").iterdir())
        if p.suffix in (".md", ".html", ".txt")
    ]
    rng = random.Random(3)  # noqa: S311 (a seed, not a secret)
    texts += ["".join(rng.choice([*t[:400], *ODD]) for _ in range(400)) for t in texts]
    twins = [*doctype._TWINS.values(), *topic._TWINS]
    assert sum(t.twin() is not None for t in twins) > len(twins) // 2
    for text in texts:
        lowered = text.lower()
        plain = prefilter.plain({}, lowered)
        for twin in twins:
            expected = len(twin.pattern.findall(text))
            assert twin.count(text, lowered, plain) == expected, twin.pattern.pattern


def test_the_benchmark_names_the_scan_it_timed(monkeypatch: pytest.MonkeyPatch) -> None:
    """``run.py``'s results header says which literal scan healthlint ran on."""
    (exe, *rest) = healthlint_command()
    if rest:
        pytest.skip("no healthlint console script beside this interpreter")
    startup = load_benchmark("bench_startup")
    monkeypatch.delenv(prefilter.ENV_SWITCH, raising=False)
    expected = "Hyperscan " if hyperscan_scan.available() else "Python regex"
    assert startup.prefilter_scan(exe).startswith(expected)
    monkeypatch.setenv(prefilter.ENV_SWITCH, prefilter.REGEX)
    assert startup.prefilter_scan(exe) == "Python regex (HEALTHLINT_PREFILTER)"
    monkeypatch.setenv(prefilter.ENV_SWITCH, "off")
    assert startup.prefilter_scan(exe).startswith("off")
