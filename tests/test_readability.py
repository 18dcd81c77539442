"""Readability: counts and formulas checked against values worked out by hand."""

from __future__ import annotations

import pytest

from healthlint.document import Format
from healthlint.parsers import parse
from healthlint.readability import count, score, syllables


def scored(text: str, fmt: Format = Format.MARKDOWN, target: float | None = 8.0):  # type: ignore[no-untyped-def]
    return score(parse("a", text, fmt), target)


@pytest.mark.parametrize(
    ("word", "expected"), [("health", 1), ("banana", 3), ("medicine", 3), ("cat", 1)]
)
def test_syllables(word: str, expected: int) -> None:
    assert syllables(word) == expected


def test_monosyllabic_text_by_hand() -> None:
    # 10 words, 2 sentences, 10 syllables:
    # FK = 0.39 * 5 + 11.8 * 1 - 15.59 = -1.84; FRE = 206.835 - 1.015 * 5 - 84.6 = 117.16
    result = scored("The cat sat on the mat. It was a cat.")
    assert (result.words, result.sentences) == (10, 2)
    assert result.flesch_kincaid_grade == -1.8
    assert result.flesch_reading_ease == 117.2
    assert result.smog_index is None
    assert result.meets_target is True


def test_polysyllables_by_hand() -> None:
    # "Medicine helps." x 30: 60 words, 30 sentences, 4 syllables per sentence,
    # 30 polysyllables. FK = 0.39 * 2 + 11.8 * 2 - 15.59 = 8.79;
    # SMOG = 1.0430 * sqrt(30 * 30 / 30) + 3.1291 = 8.842
    result = scored("Medicine helps. " * 30)
    assert (result.words, result.sentences) == (60, 30)
    assert result.flesch_kincaid_grade == 8.8
    assert result.smog_index == 8.8
    assert result.meets_target is False


def test_abbreviations_and_decimals_do_not_split_sentences() -> None:
    counts = count(["Dr. Ames, e.g. in the U.S., gave 7.5 mg daily."])
    assert counts.sentences == 1
    result = scored("Dr. Ames gave 7.5 mg. The U.S. team agreed, e.g. in May.")
    assert result.sentences == 2


def test_headings_code_and_urls_do_not_count() -> None:
    text = (
        "# A heading with several words\n\n"
        "Walk daily. See https://example.org/a/very/long/path now.\n\n"
        "```\nnot prose at all\n```\n"
    )
    result = scored(text)
    assert (result.sentences, result.words) == (2, 4)


def test_list_items_count_as_sentences() -> None:
    result = scored("Try these:\n\n- walk\n- swim\n- cycle\n")
    assert (result.sentences, result.words) == (4, 5)


def test_no_target_for_news() -> None:
    result = scored("Walk daily.", target=None)
    assert result.target_grade is None
    assert result.meets_target is None


def test_empty_prose() -> None:
    result = scored("```\ncode only\n```\n")
    assert result.words == 0
    assert result.flesch_kincaid_grade is None


WORDS_FOR_PARITY = [
    "the",
    "patient",
    "took",
    "medicine",
    "for",
    "hypertension",
    "after",
    "a",
    "myocardial",
    "infarction",
    "physiotherapy",
    "helps",
    "osteoarthritis",
    "ibuprofen",
    "paracetamol",
    "naproxen",
    "glucosamine",
    "walking",
    "swimming",
    "cycling",
    "anxiety",
    "depression",
    "ketamine",
    "infusion",
    "chiropractic",
    "xylophonic",
    "zzzyx",
    "blorptastic",
]


@pytest.mark.parametrize("word", WORDS_FOR_PARITY)
def test_syllables_match_textstat(word: str) -> None:
    import textstat

    assert syllables(word) == textstat.syllable_count(word)


def test_syllable_table_is_rebuilt_and_reused(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from healthlint import syllables as module

    monkeypatch.setenv("HEALTHLINT_CACHE_HOME", str(tmp_path))
    module.table.cache_clear()
    try:
        first = module.table()
        (saved,) = tmp_path.glob("syllables-cmudict-*.json")
        assert first["hypertension"] == 4
        module.table.cache_clear()
        assert module.table() == first
        saved.write_text("not json", encoding="utf-8")  # a damaged cache is rebuilt
        module.table.cache_clear()
        assert module.table()["medicine"] == 3
    finally:
        module.table.cache_clear()
