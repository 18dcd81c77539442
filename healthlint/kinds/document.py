"""``document``: if an article does X anywhere, it must also do Y somewhere.

Treatment advice needs advice to talk to a clinician; a mention of suicide needs
a crisis line. The finding points at the first trigger, so an editor sees which
sentence created the obligation.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from healthlint import language
from healthlint.document import Document, Span
from healthlint.furniture import covers
from healthlint.kinds._common import (
    Exceptions,
    OptionError,
    SentenceIndex,
    TextPattern,
    as_int,
    compile_patterns,
    furniture_of,
    matches_in_scope,
    read_exceptions,
    string_list,
    topics,
)
from healthlint.rule import Match, Rule

KEYS = frozenset(
    {
        "triggers",
        "imperatives",
        "imperative_objects",
        "requires",
        "min_triggers",
        "exceptions",
        "topic",
    }
)
# Topics a document rule can be limited to (see healthlint.topic).
TOPICS = frozenset({"intervention", "health"})


@dataclass(frozen=True)
class Compiled:
    """What creates the obligation and what meets it."""

    triggers: TextPattern | None
    imperatives: frozenset[str]
    imperative_objects: TextPattern | None
    requires: TextPattern
    min_triggers: int
    exceptions: Exceptions
    topic: str | None = None


def compile_options(options: Mapping[str, object]) -> Compiled:
    """Validate and compile a document rule's options."""
    requires = compile_patterns(options, "requires")
    assert requires is not None  # noqa: S101
    imperatives = frozenset(
        v.lower() for v in string_list(options, "imperatives", required=False)
    )
    triggers = compile_patterns(options, "triggers", required=not imperatives)
    return Compiled(
        triggers=triggers,
        imperatives=imperatives,
        imperative_objects=compile_patterns(
            options, "imperative_objects", required=False
        ),
        requires=requires,
        min_triggers=as_int(options, "min_triggers", 1, minimum=1),
        exceptions=read_exceptions(options),
        topic=_topic(options),
    )


def _topic(options: Mapping[str, object]) -> str | None:
    """The optional ``topic`` a document must be about for the rule to apply."""
    value = options.get("topic")
    if value is None:
        return None
    if value not in TOPICS:
        choices = ", ".join(sorted(TOPICS))
        raise OptionError("topic", f"'topic' must be one of {choices}")
    return str(value)


def check(rule: Rule, doc: Document) -> Iterator[Match]:
    """Yield one match at the first trigger when the requirement is never met."""
    compiled = rule.compiled
    assert isinstance(compiled, Compiled)  # noqa: S101
    if compiled.topic is not None and compiled.topic not in topics(doc):
        return
    if compiled.requires.search(doc):
        return
    # The earliest trigger, and of those starting together the longest, reads best.
    triggers = sorted(_triggers(rule, doc, compiled), key=lambda s: (s.start, -s.end))
    if _sentences_with(doc, triggers) >= compiled.min_triggers:
        first = triggers[0]
        yield Match(rule, first, doc.text[first.start : first.end])


def _sentences_with(doc: Document, spans: list[Span]) -> int:
    """How many sentences hold a trigger: two triggers in one sentence are one."""
    index = SentenceIndex(doc)
    return len({index.containing(span) for span in spans} - {None})


def _triggers(rule: Rule, doc: Document, compiled: Compiled) -> Iterator[Span]:
    index = SentenceIndex(doc)
    if compiled.triggers is not None:
        for hit in matches_in_scope(compiled.triggers, doc, rule.scope):
            span = Span(hit.start(), hit.end())
            sentence = index.containing(span)
            if sentence and not compiled.exceptions.excuse(doc, sentence, span):
                yield span
    if compiled.imperatives:
        yield from _instructions(doc, compiled)


def _instructions(doc: Document, compiled: Compiled) -> Iterator[Span]:
    """Sentences that open with an instruction, and name what it is about.

    "Take one tablet" is health advice; "Keep a grocery list" is not, so with
    ``imperative_objects`` the sentence must also name a treatment or habit.
    """
    furniture = furniture_of(doc)
    objects = compiled.imperative_objects
    for sentence in doc.sentences:
        if covers(furniture, sentence):
            continue
        verb = language.leading_imperative(doc.text, sentence, compiled.imperatives)
        if verb is None:
            continue
        if objects is None or objects.search(doc, sentence.start, sentence.end):
            yield verb
