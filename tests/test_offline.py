"""The whole lint, readability included, with every network socket blocked.

textstat releases after 0.7.8 fetch NLTK's CMU dictionary at run time; this test
fails if any import or call on the lint path tries to open a connection.
"""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import EXAMPLES, subprocess_env

BLOCK_AND_RUN = """
import socket, sys

def refuse(*args, **kwargs):
    raise OSError("network access attempted")

socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse

from healthlint.cli import main
sys.argv = ["healthlint", "check", "--format", "json", sys.argv[1]]
main()
"""


def test_lint_runs_with_network_blocked() -> None:
    env = subprocess_env()
    for key in ("NLTK_DATA", "HTTP_PROXY", "HTTPS_PROXY"):
        env.pop(key, None)
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_AND_RUN, str(EXAMPLES)],
        capture_output=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr.decode()
    assert b"network access attempted" not in done.stderr
    payload = json.loads(done.stdout)
    scores = [f["readability"] for f in payload["files"]]
    assert scores
    assert all(s["flesch_kincaid_grade"] is not None for s in scores)
    assert payload["summary"]["findings"] > 0
