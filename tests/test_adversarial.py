"""Linear time on adversarial inputs: every shape, at two sizes, under a time limit.

Each input runs in a child process, so one that stalls is killed at the limit
instead of stalling the suite. The limit is generous (45 seconds, for a
run that takes one or two) so that a loaded CI machine never fails it, yet the
shapes are large enough that the quadratic versions this suite guards against
took minutes at the larger size. ``benchmarks/adversarial.py`` shows the growth.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .adversarial import SHAPES

ROOT = Path(__file__).resolve().parent.parent
LIMIT_SECONDS = 45
SMALL, LARGE = 100_000, 400_000


def lint_in_child(name: str, size: int) -> float:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "adversarial.py"), name, str(size)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=LIMIT_SECONDS + 20,  # the child's own start-up is not the input's
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return float(done.stdout)


@pytest.mark.parametrize("name", list(SHAPES))
def test_each_shape_at_the_small_size(name: str) -> None:
    assert lint_in_child(name, SMALL) < LIMIT_SECONDS


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SHAPES))
def test_each_shape_at_the_large_size(name: str) -> None:
    assert lint_in_child(name, LARGE) < LIMIT_SECONDS
