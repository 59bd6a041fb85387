"""Bounded work (issue 17): content too large to make a page is refused in validation with
the limit named, and a failed job stops every worker at once."""

from __future__ import annotations

import re
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


def _panel(small: Path, text: str) -> None:
    (small / "exhibit" / "welcome.yaml").write_text(text, encoding="utf-8")


ROSTER_HEAD = "kind: roster\ntitle: Everyone\nsources: [example-source]\npeople:\n"
CAPTIONS_HEAD = "kind: captions\ntitle: Things\nsources: [example-source]\nitems:\n"

HUGE = {
    "long word": (
        "kind: story\ntitle: A word\nsources: [example-source]\nbody: |\n  Before "
        + "x" * 20_000
        + " after.\n",
        r"welcome\.yaml:4:\d+: error: body: a word here is 20,000 characters long, "
        r"more than the 120 of limits: longest_word",
    ),
    "roster": (
        ROSTER_HEAD + "".join(f"  - name: Person {n}\n" for n in range(5000)),
        r"welcome\.yaml:5:\d+: error: people: this roster lists 5,000 people, more than "
        r"the 200 of limits: roster_people",
    ),
    "caption": (
        CAPTIONS_HEAD
        + "  - title: A thing\n    alt: A thing\n    placeholder: to come\n"
        + "    caption: "
        + "word " * 10_000
        + "\n",
        r"welcome\.yaml:8:\d+: error: items\[0\]\.caption: this text has 10,000 words, "
        r"more than the 400 of limits: caption_words",
    ),
}


@pytest.mark.parametrize("case", list(HUGE))
def test_content_too_large_for_a_page_is_refused_at_once(small: Path, case: str) -> None:
    text, expected = HUGE[case]
    _panel(small, text)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "vitrina", "build", str(small)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert re.search(expected, done.stderr), done.stderr
    assert "Traceback" not in done.stderr
    assert time.monotonic() - started < 30
    assert not (small / "output").exists()


def test_a_limit_can_be_raised(small: Path) -> None:
    from vitrina.build import check

    _panel(small, ROSTER_HEAD + "".join(f"  - name: Person {n}\n" for n in range(250)))
    settings = small / "exhibit" / "exhibition.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "limits:\n  roster_people: 300\n",
        encoding="utf-8",
    )
    check(small)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_job_past_its_time_limit_is_stopped_and_named(
    small: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """limits: job_seconds ends a job whose layout goes on and on (whatever the cause),
    in the command's own process and in a worker, naming the output and the file."""
    from vitrina.build import check
    from vitrina.errors import BuildError
    from vitrina.schedule import runner
    from vitrina.schedule.jobs import Job

    exhibit = check(small)
    limits = exhibit.exhibition.limits.model_copy(update={"job_seconds": 0.5})
    exhibit.exhibition = exhibit.exhibition.model_copy(update={"limits": limits})

    def endless(self: object, job: Job) -> None:
        time.sleep(60)  # a fitting loop that never ends

    monkeypatch.setattr(runner._Worker, "_run", endless)  # forked workers inherit it
    jobs = [Job("posters", "proof", "welcome"), Job("labels", "proof")][:workers]
    with pytest.raises(BuildError) as caught:
        runner.run_jobs(jobs, exhibit, False, workers)
    message = str(caught.value)
    assert "took more than 0.5 s and was stopped" in message
    assert "limits: job_seconds" in message
    assert message.startswith("exhibit/welcome.yaml" if workers == 1 else "exhibit/")
