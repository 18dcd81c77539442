"""Fuzz the whole pipeline for as long as you like; report how many inputs passed.

    nice -n 19 python tests/fuzz_pipeline.py --inputs 1000000 --log fuzz.log

Runs the harness of ``tests/fuzzing.py`` (parse, every rule, spans, every
formatter, fix) on generated documents in batches with fresh seeds, printing
a progress line per batch. On the first failure it prints the input (as a
Python literal, ready for a regression test) and the traceback, saves the
input to ``--crash-dir``, and exits 1.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fuzzing import check_pipeline, documents, fuzz_session

SESSION = fuzz_session()


class Counter:
    passed = 0


def batch(size: int, batch_seed: int, crash_dir: Path) -> None:
    @seed(batch_seed)
    @settings(
        max_examples=size,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(documents())
    def run(case):  # type: ignore[no-untyped-def]
        fmt, source = case
        try:
            check_pipeline(fmt, source, SESSION)
        except Exception:
            crash_dir.mkdir(parents=True, exist_ok=True)
            saved = crash_dir / f"crash-{batch_seed}-{Counter.passed}.txt"
            saved.write_text(f"{fmt.value}\n{source!r}\n", encoding="utf-8")
            print(f"FAILED on a {fmt.value} input, saved to {saved}:\n{source!r}")
            traceback.print_exc()
            raise
        Counter.passed += 1

    run()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--crash-dir", type=Path, default=Path("fuzz-crashes"))
    args = parser.parse_args()
    rng = random.Random(args.seed)  # noqa: S311 (seeds, not secrets)
    started = time.monotonic()
    while Counter.passed < args.inputs:
        size = min(args.batch, args.inputs - Counter.passed)
        try:
            batch(size, rng.randrange(2**32), args.crash_dir)
        except Exception:
            print(f"{Counter.passed} inputs passed before the failure")
            return 1
        rate = Counter.passed / (time.monotonic() - started)
        print(f"{Counter.passed} inputs without a crash ({rate:.0f}/s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
