"""Readability: counts and formulas checked against values worked out by hand."""

from __future__ import annotations

import pytest

from healthlint.document import Format
from healthlint.parsers import parse
from healthlint.readability import (
    count,
    dale_chall_grade,
    is_complex,
    is_familiar,
    score,
    syllables,
)


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

    def forget() -> None:
        for cached in (module.table, module._stored, module._hyphenator):
            cached.cache_clear()

    forget()
    try:
        first = module.table()
        hyphenated = module._hyphenator().positions("blorptastically")
        assert not list(tmp_path.glob("syllables-*"))  # never implicit
        module.save_table()
        (saved,) = tmp_path.glob("syllables-*.pickle")
        assert first["hypertension"] == 4
        forget()
        packed = module.table()
        assert isinstance(packed, module.Packed)  # read back, not rebuilt
        assert all(packed.get(word) == n for word, n in first.items())
        assert packed.get("blorptastically") is None
        assert packed.get("hyper tension") is None
        assert module._stored() is not None
        # pyphen is handed the stored patterns: it never parses its file again
        import pyphen

        def parse(*_args: object) -> None:
            raise AssertionError("pyphen parsed its pattern file")

        pyphen.hdcache.clear()
        module._hyphenator.cache_clear()
        monkeypatch.setattr(pyphen.HyphDict, "__init__", parse)
        assert module._hyphenator().positions("blorptastically") == hyphenated
        monkeypatch.undo()
        monkeypatch.setenv("HEALTHLINT_CACHE_HOME", str(tmp_path))
        saved.write_bytes(b"not a table")  # a damaged cache is rebuilt
        forget()
        assert module._stored() is None
        assert module.table()["medicine"] == 3
    finally:
        forget()


def test_gunning_fog_and_coleman_liau_by_hand() -> None:
    # "The cat sat on the mat. It was a cat.": 10 words, 2 sentences, 26 letters,
    # no complex words. Fog = 0.4 * (5 + 0) = 2.0.
    # Coleman-Liau: L = 260, S = 20: 0.0588 * 260 - 0.296 * 20 - 15.8 = -6.432.
    result = scored("The cat sat on the mat. It was a cat.")
    assert result.gunning_fog == 2.0
    assert result.coleman_liau_index == -6.4


def test_gunning_fog_counts_complex_words() -> None:
    # "Medicine helps." x 30: 60 words, 30 sentences, 30 complex words ("Medicine"
    # opens its sentence, so its capital does not make it a name).
    # Fog = 0.4 * (2 + 100 * 30 / 60) = 20.8.
    assert scored("Medicine helps. " * 30).gunning_fog == 20.8


def test_gunning_fog_leaves_out_names_compounds_and_suffixes() -> None:
    assert not is_complex("Ibuprofen", first=False, count=4)  # a name mid-sentence
    assert not is_complex("well-being", first=False, count=3)  # a compound
    assert not is_complex("created", first=False, count=3)  # -ed adds the third
    assert is_complex("medicine", first=False, count=3)


def test_dale_chall_by_hand() -> None:
    # "The cat ate osteoarthritis.": 4 words, 1 sentence, 1 unfamiliar (25%).
    # 0.1579 * 25 + 0.0496 * 4 = 4.1459, plus 3.6365 above 5% unfamiliar = 7.78.
    assert scored("The cat ate osteoarthritis.").dale_chall_score == 7.8
    # Regular inflections of listed words count as familiar.
    assert is_familiar("walking", first=False)
    assert is_familiar("dogs", first=False)
    assert not is_familiar("osteoarthritis", first=False)


def test_dale_chall_grade_bands() -> None:
    assert [dale_chall_grade(x) for x in (4.9, 5.5, 6.5, 7.5, 8.5, 9.5, 10.2)] == [
        4.0,
        5.5,
        7.5,
        9.5,
        11.5,
        14.0,
        16.0,
    ]


def test_consensus_is_the_median_of_the_grades() -> None:
    result = scored("The cat sat on the mat. It was a cat.")
    # FK -1.8, fog 2.0, Coleman-Liau -6.4, Dale-Chall grade 4.0 (raw 0.25): median 0.1
    assert result.dale_chall_score == 0.2
    assert result.consensus_grade == 0.1


ARTICLE = """# Knee pain

Walk each day. Rest when it hurts.

## Treatment options

Pharmacological management incorporates nonsteroidal anti-inflammatory medication. Physiotherapy emphasises progressive quadriceps strengthening and individualised activity modification.

## Sources

1. National Institute for Health and Care Excellence. Osteoarthritis. https://www.nice.org.uk/
"""


def test_sections_and_hardest_sentences() -> None:
    result = scored(ARTICLE)
    assert [(s.heading, s.line) for s in result.sections] == [
        ("Knee pain", 1),
        ("Treatment options", 5),
    ]
    easy, hard = result.sections
    assert easy.grade < 8 < hard.grade
    (first, second) = result.hardest_sentences
    assert (first.line, first.column, first.end_line, first.end_column) == (7, 1, 7, 83)
    assert first.text.startswith("Pharmacological management")
    assert (second.line, second.column) == (7, 84)
    assert second.text.startswith("Physiotherapy emphasises")
    assert first.grade >= second.grade > 8


def test_reference_sections_are_not_scored() -> None:
    with_sources = scored(ARTICLE)
    without = scored(ARTICLE.split("## Sources", maxsplit=1)[0])
    assert (with_sources.words, with_sources.sentences) == (
        without.words,
        without.sentences,
    )


def test_stored_hyphenation_patterns_that_do_not_unpickle_are_ignored() -> None:
    from healthlint import syllables as module

    assert module._patterns({"patterns": b"not a pickle"}) is None
    assert module._patterns({"patterns": None}) is None
    assert module._patterns(None) is None


@pytest.mark.parametrize(
    "values",
    [[3.0], [2.5, 1.0], [9.1, -2.0, 4.4], [1.0, 2.0, 3.0, 4.0], [7.25, 7.25, 0.1, 3.3]],
)
def test_median_is_statistics_median(values: list[float]) -> None:
    import statistics

    from healthlint.readability import median

    assert median(values) == statistics.median(values)
