"""Bounded work (issue 17): content too large to make a page is refused in validation with
the limit named, and a failed job stops every worker at once."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from vitrina.cli import main


@pytest.fixture
def small(tmp_path: Path) -> Path:
    folder = tmp_path / "show"
    assert CliRunner().invoke(main, ["new", str(folder)]).exit_code == 0
    return folder


SCRIPT = """
import sys, time
from pathlib import Path
from vitrina.build import check
from vitrina.errors import BuildError
from vitrina.schedule import runner
from vitrina.schedule.jobs import Job

def fail_or_hang(self, job):
    if job.kind == "labels":
        raise BuildError("a label is too long")
    time.sleep(120)  # a fitting loop that goes on and on

runner._Worker.run = fail_or_hang  # the workers are forked: they inherit it
jobs = [Job("booklet", "proof"), Job("labels", "proof")]
try:
    runner.run_jobs(jobs, check(Path(sys.argv[1])), False, 2, last_seconds={"proof:booklet": 99})
except BuildError as exc:
    print(exc)
"""


def test_a_failed_job_stops_every_worker_at_once(small: Path) -> None:
    """The command itself must end: not wait, at exit, for a worker still fitting."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(small)], capture_output=True, text=True, timeout=100
    )
    assert "too long" in done.stdout, done.stderr
    assert time.monotonic() - started < 30
