"""Generated documents through the whole pipeline: nothing crashes, spans stay sane.

The same harness runs for hours in ``tests/fuzz_pipeline.py``; here a few hundred
documents per run keep every change honest.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from healthlint.document import Format

from .fuzzing import check_pipeline, documents, fuzz_session

SESSION = fuzz_session()


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents())
def test_the_pipeline_survives_generated_documents(case: tuple[Format, str]) -> None:
    fmt, source = case
    check_pipeline(fmt, source, SESSION)
