"""The substitution, metadata, metric and acronym kinds: options and behaviour.

Option mistakes must raise OptionError naming the key, so the rule-pack loader can
point at the right line. Behaviour is checked on parsed documents with a rule
built in the test, and end to end through ``lint_text`` where the engine matters
(a substitution's suggestion must reach the Finding).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import pytest

from healthlint import language, lint_text
from healthlint.config import Config
from healthlint.document import Document, Format
from healthlint.kinds import KINDS, OptionError, acronym, metric, substitution
from healthlint.model import Severity
from healthlint.parsers import parse
from healthlint.rule import Rule, RuleDocs, Scope, Status
from healthlint.rulepack import RulePackError, load_pack

DOCS = RuleDocs("what it does", "why it matters", "an example", "use this", ("ref",))


def make_rule(
    kind: str, options: Mapping[str, object], scope: Scope = Scope.SENTENCE
) -> Rule:
    return Rule(
        code="HL999",
        slug="test-rule",
        pack="test",
        kind=kind,
        severity=Severity.WARNING,
        status=Status.STABLE,
        since="0.1.0",
        message="{match}",
        scope=scope,
        options=MappingProxyType(dict(options)),
        docs=DOCS,
        compiled=KINDS[kind].compile_options(options),
    )


def make_doc(text: str, fmt: Format = Format.MARKDOWN, doc_type: str = "") -> Document:
    doc = parse("doc", text, fmt)
    resolved = doc_type or str(doc.meta.get("type") or "default")
    return replace(doc, meta=MappingProxyType({**doc.meta, "type": resolved}))


def hits(rule: Rule, doc: Document) -> list[str]:
    return [m.text for m in KINDS[rule.kind].check(rule, doc)]


def only(code: str, text: str, path: str = "doc.md") -> list[tuple[str, str | None]]:
    report = lint_text(text, path, config=Config(select=(code,), readability=False))
    return [(f.text, f.suggestion) for f in report.findings]


# --- option validation -------------------------------------------------------

BAD_OPTIONS = [
    ("substitution", {}, "swap"),
    ("substitution", {"swap": ["addict"]}, "swap"),
    ("substitution", {"swap": {}}, "swap"),
    ("substitution", {"swap": {"(unclosed": "x"}}, "swap"),
    ("substitution", {"swap": {"addict": ""}}, "swap"),
    ("substitution", {"swap": {"addict": 3}}, "swap"),
    ("substitution", {"swap": {"addict": {"too": "person"}}}, "swap"),
    ("substitution", {"swap": {"addict": {"to": "person", "safe": "yes"}}}, "swap"),
    ("substitution", {"swap": {"(?P<n>addict)": "person"}}, "swap"),
    ("substitution", {"swap": {"x?": "y"}}, "swap"),
    ("substitution", {"swap": {"a": "b"}, "allow": "a"}, "allow"),
    ("substitution", {"swap": {"a": "b"}, "allow_explained": "yes"}, "allow_explained"),
    (
        "substitution",
        {"swap": {"a": "b"}, "exceptions": {"negate": True}},
        "exceptions",
    ),
    ("metadata", {}, "keys"),
    ("metadata", {"keys": "author"}, "keys"),
    ("metadata", {"patterns": ["(unclosed"]}, "patterns"),
    ("metadata", {"headings": [3]}, "headings"),
    ("metadata", {"keys": ["author"], "types": "news"}, "types"),
    ("metric", {"max": 30}, "measure"),
    ("metric", {"measure": "paragraph_words", "max": 30}, "measure"),
    ("metric", {"measure": "sentence_words"}, "max"),
    ("metric", {"measure": "sentence_words", "max": 0}, "max"),
    ("metric", {"measure": "sentence_words", "max": True}, "max"),
    ("metric", {"measure": "sentence_words", "max": "30"}, "max"),
    ("metric", {"measure": "sentence_words", "max": {"news": 40}}, "max"),
    ("metric", {"measure": "sentence_words", "max": {"default": -1}}, "max"),
    ("acronym", {"allow": "NMDA"}, "allow"),
    ("acronym", {"allow": [1, 2]}, "allow"),
]


@pytest.mark.parametrize(("kind", "options", "key"), BAD_OPTIONS)
def test_bad_option_names_its_key(
    kind: str, options: dict[str, object], key: str
) -> None:
    with pytest.raises(OptionError) as caught:
        KINDS[kind].compile_options(options)
    assert caught.value.key == key


@pytest.mark.parametrize("kind", ["substitution", "metadata", "metric", "acronym"])
def test_kinds_are_registered_with_their_keys(kind: str) -> None:
    assert KINDS[kind].keys
    assert KINDS[kind].name == kind


def test_pack_error_names_file_line_and_key(tmp_path: Path) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text(
        "pack: bad\ntitle: Bad\nprefix: HL7\nrules:\n"
        "  - code: HL701\n    slug: bad-swap\n    status: stable\n"
        '    since: "0.1.0"\n    kind: substitution\n    severity: info\n'
        "    scope: sentence\n    message: \"Use '{replacement}'.\"\n"
        "    swap: {'(oops': fine}\n"
        "    docs: {what: a b c, why: a b c, example: a b c, use_instead: a b c,"
        " references: [x]}\n",
        encoding="utf-8",
    )
    with pytest.raises(RulePackError) as caught:
        load_pack(pack)
    assert caught.value.lines[0].startswith(f"{pack}:13: bad regex")
    assert "'swap'" in caught.value.lines[0]
    assert caught.value.lines[0].endswith("in rule HL701")


# --- substitution --------------------------------------------------------------


def test_suggestion_reaches_the_finding() -> None:
    assert only("HL601", "Her uncle committed suicide in 2019.") == [
        ("committed suicide", "died by suicide")
    ]


def test_suggestion_follows_the_capital_of_the_term() -> None:
    assert only("HL504", "Hypertension is common.") == [
        ("Hypertension", "High blood pressure")
    ]


def test_replacement_fills_the_message() -> None:
    report = lint_text(
        "Many addicts wait months.",
        "doc.md",
        config=Config(select=("HL604",), readability=False),
    )
    (finding,) = report.findings
    assert "'people with a substance use disorder'" in finding.message
    assert finding.rule == "stigmatising-language"


def test_safe_flag_and_replacement_are_match_fields() -> None:
    rule = make_rule(
        "substitution",
        {"swap": {"prior to": {"to": "before", "safe": True}, "utilise": "use"}},
    )
    matches = list(substitution.check(rule, make_doc("Utilise it prior to meals.")))
    assert [(m.text, dict(m.fields), m.suggestion) for m in matches] == [
        ("Utilise", {"replacement": "Use", "safe": "false"}, "Use"),
        ("prior to", {"replacement": "before", "safe": "true"}, "before"),
    ]


def test_longest_term_wins_at_the_same_place() -> None:
    rule = make_rule("substitution", {"swap": {"addict": "a", "an addict": "b"}})
    matches = list(substitution.check(rule, make_doc("He is an addict.")))
    assert [(m.text, m.suggestion) for m in matches] == [("an addict", "b")]


def test_terms_match_whole_words_only() -> None:
    rule = make_rule("substitution", {"swap": {"renal": "kidney"}})
    doc = make_doc("Adrenal glands and renal-function tests differ from renal pain.")
    assert hits(rule, doc) == ["renal"]


@pytest.mark.parametrize(
    "swap",
    [
        {"addict|junkie": "person"},
        {"(?:addict|junkie)": "person"},
        {"a(?:ddict)|junkie": "person"},
        {r"a\w+t|junkie": "person"},
    ],
)
def test_terms_with_alternatives_match_every_branch(swap: dict[str, str]) -> None:
    rule = make_rule("substitution", {"swap": {**swap, "alcoholic": "x"}})
    assert hits(rule, make_doc("An addict, a junkie and an alcoholic.")) == [
        "addict",
        "junkie",
        "alcoholic",
    ]


def test_allow_removes_a_term() -> None:
    swap = {"suffers from": "has", "addicts": "people who use drugs"}
    rule = make_rule("substitution", {"swap": swap, "allow": ["Suffers From"]})
    doc = make_doc("She suffers from asthma. Addicts need care.")
    assert hits(rule, doc) == ["Addicts"]


def test_allow_drops_a_matched_text_of_a_regex_term() -> None:
    rule = make_rule(
        "substitution",
        {"swap": {"autistics?": "autistic people"}, "allow": ["autistic"]},
    )
    assert hits(rule, make_doc("An autistic adult met two autistics.")) == ["autistics"]


def test_every_term_allowed_leaves_nothing_to_find() -> None:
    rule = make_rule("substitution", {"swap": {"crazy": "unusual"}, "allow": ["crazy"]})
    assert hits(rule, make_doc("That was crazy.")) == []


def test_explained_terms_are_skipped_when_asked() -> None:
    swap = {"syncope": "fainting"}
    text = "Syncope (fainting) is common. Fainting (syncope) too. Syncope again."
    explained = make_rule("substitution", {"swap": swap, "allow_explained": True})
    strict = make_rule("substitution", {"swap": swap})
    assert hits(explained, make_doc(text)) == ["Syncope"]
    assert hits(strict, make_doc(text)) == ["Syncope", "syncope", "Syncope"]


def test_exceptions_work_as_in_existence() -> None:
    rule = make_rule(
        "substitution",
        {
            "swap": {"committed suicide": "died by suicide"},
            "exceptions": {"quoted": True, "phrases": ["never committed suicide"]},
        },
    )
    text = (
        '"He committed suicide," she said. He never committed suicide. '
        "Her aunt committed suicide."
    )
    assert hits(rule, make_doc(text)) == ["committed suicide"]


@pytest.mark.parametrize(
    ("found", "replacement", "expected"),
    [
        ("Suffers from", "has", "Has"),
        ("suffers from", "has", "has"),
        ("HYPERTENSION", "high blood pressure", "High blood pressure"),
        ("Utilise", "HIV test", "HIV test"),
    ],
)
def test_match_case(found: str, replacement: str, expected: str) -> None:
    assert substitution.match_case(found, replacement) == expected


# --- metadata -------------------------------------------------------------------

AUTHOR = {"keys": ["author"], "patterns": [r"(?:^|(?<=\n))By (?-i:[A-Z])"]}


def test_missing_item_is_reported_on_the_first_heading() -> None:
    rule = make_rule("metadata", AUTHOR, Scope.DOCUMENT)
    doc = make_doc("Intro line.\n\n# Title\n\n## Part\n\nText.")
    assert hits(rule, doc) == ["Title"]


def test_with_no_heading_the_first_sentence_is_reported() -> None:
    rule = make_rule("metadata", AUTHOR, Scope.DOCUMENT)
    assert hits(rule, make_doc("First one. Second one.")) == ["First one."]


def test_with_no_prose_nothing_can_be_reported() -> None:
    rule = make_rule("metadata", AUTHOR, Scope.DOCUMENT)
    assert hits(rule, make_doc("```\ncode only\n```\n")) == []


@pytest.mark.parametrize(
    "text",
    [
        "---\nauthor: Amara Okoye\n---\n\n# Title\n",
        "---\nauthor: [Amara Okoye, Sam Lee]\n---\n\n# Title\n",
        "# Title\n\nBy Amara Okoye\n",
    ],
)
def test_front_matter_or_pattern_satisfies(text: str) -> None:
    rule = make_rule("metadata", AUTHOR, Scope.DOCUMENT)
    assert hits(rule, make_doc(text)) == []


@pytest.mark.parametrize("value", ['""', "[]", "null", '"  "'])
def test_empty_front_matter_values_do_not_count(value: str) -> None:
    rule = make_rule("metadata", AUTHOR, Scope.DOCUMENT)
    doc = make_doc(f"---\nauthor: {value}\n---\n\n# Title\n")
    assert hits(rule, doc) == ["Title"]


def test_date_values_from_yaml_count() -> None:
    rule = make_rule("metadata", {"keys": ["date"]}, Scope.DOCUMENT)
    assert hits(rule, make_doc("---\ndate: 2024-05-03\n---\n\n# Title\n")) == []


def test_headings_patterns_anchor_to_the_heading() -> None:
    rule = make_rule("metadata", {"headings": [r"^sources$"]}, Scope.DOCUMENT)
    assert hits(rule, make_doc("# Title\n\n## Sources\n\n- NHS\n")) == []
    assert hits(rule, make_doc("# Title\n\n## Sources of iron\n")) == ["Title"]


def test_types_limit_the_rule_and_fill_the_type_field() -> None:
    options = {"keys": ["reviewed_by"], "types": ["Patient-Education"]}
    rule = make_rule("metadata", options, Scope.DOCUMENT)
    assert hits(rule, make_doc("# Title\n", doc_type="news")) == []
    matches = list(
        KINDS["metadata"].check(
            rule, make_doc("# Title\n", doc_type="patient-education")
        )
    )
    assert [dict(m.fields) for m in matches] == [{"type": "patient-education"}]


def test_document_type_from_the_engine_reaches_metadata() -> None:
    text = "---\ntype: patient-education\n---\n\n# Using your inhaler\n\nShake it."
    assert only("HL253", text) == [
        (
            "Using your inhaler",
            "Add 'reviewed_by: Dr Jane Doe, GP' to the front matter, or a line such"
            " as 'Medically reviewed by Dr Jane Doe, GP'.",
        )
    ]
    assert only("HL253", "# Using your inhaler\n\nShake it.") == []


# --- metric -------------------------------------------------------------------


def test_limit_follows_the_document_type() -> None:
    options = {
        "measure": "sentence_words",
        "max": {"default": 5, "news": 8, "press-release": None},
    }
    rule = make_rule("metric", options)
    text = "One two three four five six seven. Short one."
    assert hits(rule, make_doc(text)) == ["One two three four five six seven."]
    assert hits(rule, make_doc(text, doc_type="news")) == []
    assert hits(rule, make_doc(text, doc_type="press-release")) == []


def test_a_single_number_applies_to_every_type() -> None:
    rule = make_rule("metric", {"measure": "sentence_words", "max": 2})
    assert hits(rule, make_doc("Three words here.", doc_type="news")) == [
        "Three words here."
    ]


def test_sentence_words_fields() -> None:
    rule = make_rule("metric", {"measure": "sentence_words", "max": 2})
    (match,) = metric.check(rule, make_doc("Take 7.5 mg now."))
    assert dict(match.fields) == {"value": "4", "max": "2"}


def test_paragraph_scope_skips_headings() -> None:
    rule = make_rule(
        "metric", {"measure": "sentence_words", "max": 3}, scope=Scope.PARAGRAPH
    )
    doc = make_doc("# A heading with many words in it\n\nA paragraph with many words.")
    assert hits(rule, doc) == ["A paragraph with many words."]


def test_list_items_group_adjacent_items() -> None:
    doc = make_doc("- a\n- b\n- c\n\nText.\n\n1. d\n2. e\n\n```\nx\n```\n\n- f\n")
    assert [len(run) for run in metric.lists(doc)] == [3, 2, 1]


def test_list_items_fields() -> None:
    rule = make_rule("metric", {"measure": "list_items", "max": 2})
    (match,) = metric.check(rule, make_doc("- a\n- b\n- c\n"))
    assert (match.text, dict(match.fields)) == ("a", {"value": "3", "max": "2"})


# --- acronym -------------------------------------------------------------------


def test_first_use_only_and_allow_extends_the_built_in_list() -> None:
    text = "NMDA and CBT. NMDA again, CBT again. The NHS helps."
    assert hits(make_rule("acronym", {}), make_doc(text)) == ["NMDA", "CBT"]
    assert hits(make_rule("acronym", {"allow": ["CBT"]}), make_doc(text)) == ["NMDA"]


@pytest.mark.parametrize(
    "text",
    [
        "Chronic obstructive pulmonary disease (COPD) is common. COPD is treatable.",
        "COPD (chronic obstructive pulmonary disease) is common.",
        "A lung disease known as COPD is common.",
        "Chronic obstructive pulmonary disease, or COPD, is common.",
        "COPD stands for chronic obstructive pulmonary disease.",
    ],
)
def test_definitions(text: str) -> None:
    assert hits(make_rule("acronym", {}, Scope.PARAGRAPH), make_doc(text)) == []


def test_heading_use_is_flagged_only_with_a_wider_scope() -> None:
    doc = make_doc("# About COPD\n\nIt affects breathing.")
    assert hits(make_rule("acronym", {}, Scope.PARAGRAPH), doc) == []
    assert hits(make_rule("acronym", {}, Scope.SENTENCE), doc) == ["COPD"]


def test_acronym_shape() -> None:
    text = "HbA1c, mRNA, B12 and ABCDEFG differ from A1C and H1N1X."
    assert hits(make_rule("acronym", {}), make_doc(text)) == ["A1C", "H1N1X"]


def test_built_in_allow_list_holds_the_brief_examples() -> None:
    assert {"US", "UK", "NHS", "CDC", "FDA", "WHO", "NIH", "DNA", "HIV"} <= (
        acronym.ALLOWED
    )


# --- requires: evidence further on -----------------------------------------------


def test_requires_later_counts_only_triggers_that_the_evidence_follows() -> None:
    rule = make_rule(
        "requires",
        {"triggers": [r"\bcures \w+"], "later": [r"\bin mice\b"], "support": ["zzz"]},
    )
    text = "It cures gout. The tests were in mice. It also cures acne.\n"
    assert hits(rule, make_doc(text)) == ["cures gout"]
    assert hits(rule, make_doc("It cures gout. Nothing else.\n")) == []


def test_hl202_still_finds_a_claim_whose_species_comes_paragraphs_later() -> None:
    text = (
        "# A pill reverses memory loss\n\nThe team is hopeful.\n\n"
        "Nobody has tried it yet.\n\nThe experiments were carried out in mice.\n"
    )
    assert [match for match, _ in only("HL202", text)] == ["reverses memory"]
    assert only("HL202", "In mice, a pill reverses memory loss. More.\n") == []


@pytest.mark.parametrize(
    "source", ["Smith et al. 2020", "O'Brien et al., 2019", "Ng-Lee et al. (2021)"]
)
def test_hl201_et_al_support_starts_at_the_name(source: str) -> None:
    """Anchored at the start of the name: linear on long hyphen or apostrophe chains."""
    assert only("HL201", f"Studies show it works, as {source} found.\n") == []
    chain = "Studies show " + "A-" * 2000 + "x.\n"
    assert [match for match, _ in only("HL201", chain)] == ["Studies show"]


def test_sentence_ends_are_found_once_per_run_of_marks() -> None:
    doc = make_doc("Wait... Really?! Yes. He said 'no.' Then left.\n", Format.TEXT)
    assert [doc.text[s.start : s.end] for s in doc.sentences] == [
        "Wait...", "Really?!", "Yes.", "He said 'no.'", "Then left.",
    ]  # fmt: skip


def test_context_tests_read_a_bounded_stretch_back() -> None:
    """A run-on 'sentence' of a whole file costs each match a bounded look back."""
    text = "It does not cure it. " + "and it cures it " * 300 + "\n"
    report = lint_text(text, "doc.txt", config=Config(select=("HL101",)))
    columns = [f.column for f in report.findings]
    # "does not" governs the clause, but only as far as the context tests read
    assert len(columns) == 276
    assert min(columns) > language.CONTEXT_CHARS


def test_an_acronym_in_a_plural_is_spanned_as_written() -> None:
    assert [m for m, _ in only("HL503", "Many people take SSRIs daily.\n")] == ["SSRIs"]
    # a possessive is not part of the acronym: the span stops before "'s"
    assert [m for m, _ in only("HL503", "The NSAID's label warns.\n")] == ["NSAID"]
    assert only("HL503", "A" * 5000 + "x and more.\n") == []  # one run, one pass
