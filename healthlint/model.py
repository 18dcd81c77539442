"""Result types shared by the engine and the formatters: data only, no behaviour."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from healthlint.rule import Rule


class Severity(enum.IntEnum):
    """How serious a finding is; ordered so ``--fail-on`` can compare."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        """Lower-case name, as written in YAML, config and output."""
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        """Read a severity written by a person; raise ValueError naming the choices."""
        try:
            return cls[value.strip().upper()]
        except KeyError:
            choices = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {value!r} (choose {choices})") from None


class ExitCode(enum.IntEnum):
    """Process exit codes: the contract with CI systems and pre-commit."""

    OK = 0
    FINDINGS = 1
    ERROR = 2
    INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C


@dataclass(frozen=True, order=True)
class Finding:
    """One positioned problem; sorts by path, line, column, code."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    rule: str
    severity: Severity
    message: str
    suggestion: str | None = None
    docs_url: str = ""
    text: str = field(default="", compare=False)
    fix: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SectionScore:
    """Grade of the prose from one heading to the next."""

    heading: str
    line: int
    words: int
    sentences: int
    grade: float


@dataclass(frozen=True)
class HardSentence:
    """One of a file's hardest sentences, positioned in the source."""

    line: int
    column: int
    end_line: int
    end_column: int
    words: int
    long_words: int
    grade: float
    text: str


@dataclass(frozen=True)
class Readability:
    """Scores for one file's prose and how they compare with its target."""

    words: int
    sentences: int
    flesch_kincaid_grade: float | None
    smog_index: float | None
    flesch_reading_ease: float | None
    target_grade: float | None
    meets_target: bool | None
    notes: tuple[str, ...] = ()
    gunning_fog: float | None = None
    coleman_liau_index: float | None = None
    dale_chall_score: float | None = None
    consensus_grade: float | None = None
    sections: tuple[SectionScore, ...] = ()
    hardest_sentences: tuple[HardSentence, ...] = ()


@dataclass(frozen=True)
class FileReport:
    """Everything learned about one input: findings, scores, or why it failed."""

    path: str
    format: str
    findings: tuple[Finding, ...] = ()
    readability: Readability | None = None
    error: str | None = None
    document_type: str | None = None
    notices: tuple[str, ...] = ()
    # The fail-on level of the config governing this file.
    fail_on: Severity = Severity.ERROR
    # Who chose the document type ("front matter", "detected"...), and the cues
    # that chose it when it was detected.
    type_source: str | None = None
    type_evidence: tuple[str, ...] = ()
    # The decoded text that the findings' lines and columns point into, for the
    # formats that show it (html, --show-source); never cached or written as JSON.
    source: str | None = field(default=None, compare=False, repr=False)

    @property
    def fails(self) -> bool:
        """True when a finding reaches this file's fail-on level."""
        return any(f.severity >= self.fail_on for f in self.findings)


@dataclass(frozen=True)
class Report:
    """The result of one run over many inputs, in input order."""

    files: tuple[FileReport, ...]
    version: str
    rules: tuple[Rule, ...] = ()  # the rules that ran, for formats that describe them
    root: str | None = None  # the folder the run started in, where formats need it

    @property
    def findings(self) -> tuple[Finding, ...]:
        """All findings of all files, in file order."""
        return tuple(f for report in self.files for f in report.findings)

    @property
    def errors(self) -> tuple[FileReport, ...]:
        """Files that could not be read or parsed completely."""
        return tuple(r for r in self.files if r.error is not None)
