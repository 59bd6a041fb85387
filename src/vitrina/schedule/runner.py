"""Rendering the jobs that are not up to date: one after another, or in worker processes
(`--jobs N`). Each worker keeps one build context per variant, so WeasyPrint's fonts,
parsed stylesheets and images are loaded once per worker, not once per output. Workers
also run the preflight on what they made, which is the other slow part.

Each job is run while ``vitrina.dependencies`` records what it reads: the files (through
the fetcher, the template loader and the rest) and the exhibition settings, which a
worker sees through a view that notes each one read. The result carries that record to
the cache."""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from vitrina.builders.base import BuildContext
from vitrina.builders.registry import get_builder
from vitrina.deadline import time_limit
from vitrina.dependencies import Reads, TrackedSettings, recording
from vitrina.errors import BuildError, Location
from vitrina.memory import Memory
from vitrina.model.exhibit import Exhibit
from vitrina.output import Output
from vitrina.process import command_settings
from vitrina.resolve.layouts import Layouts
from vitrina.schedule.jobs import Job


@dataclass
class JobResult:
    job: Job
    outputs: list[Output]
    preflight: dict[str, Any]
    seconds: float
    reads: Reads = field(default_factory=Reads)
    """The files and exhibition settings the job read while it was rendered."""


class _Worker:
    """Build contexts for one process, one per variant, made when first needed."""

    def __init__(self, exhibit: Exhibit, grey: bool, memory: Memory | None = None):
        # The builders see the settings through a view that notes what each job reads.
        self.exhibit = dataclasses.replace(exhibit, exhibition=TrackedSettings(exhibit.exhibition))
        self.grey = grey
        self.layouts = Layouts.for_exhibition(exhibit.root)
        self.contexts: dict[str, BuildContext] = {}
        self.memory = memory or Memory()

    def run(self, job: Job) -> JobResult:
        """Make one job's outputs, within the exhibition's time limit for one output."""
        seconds = self.exhibit.exhibition.limits.job_seconds
        try:
            with time_limit(seconds, _JobTimeout):
                return self._run(job)
        except _JobTimeout:
            raise BuildError(
                f"making the {job.label} took more than {seconds:g} s and was stopped",
                Location(
                    self.exhibit.panel(job.panel).doc.path
                    if job.panel
                    else self.exhibit.documents[0].path  # exhibition.yaml, loaded first
                ),
                hint="something in its content makes the layout work far too hard (a very "
                "long list or text); shorten it, or raise limits: job_seconds in "
                "exhibition.yaml if the computer is just slow",
            ) from None

    def _run(self, job: Job) -> JobResult:
        from vitrina.report.preflight import check_outputs

        started = time.perf_counter()
        with recording() as reads:
            context = self.contexts.get(job.variant)
            if context is None:
                context = BuildContext(
                    self.exhibit, self.layouts, job.variant, self.grey, memory=self.memory
                )
                self.contexts[job.variant] = context
            panel = self.exhibit.panel(job.panel) if job.panel is not None else None
            outputs = get_builder(job.kind).load()(context, panel)
        checked = check_outputs(outputs)
        return JobResult(job, outputs, checked, time.perf_counter() - started, reads)


class _JobTimeout(Exception):
    """A job ran past limits: job_seconds."""


_worker: _Worker | None = None


#: The worker's process-wide settings, entered for its whole life (a forked worker has
#: its parent's already; one started afresh would not).
_settings = contextlib.ExitStack()


def _init_worker(exhibit: Exhibit, grey: bool, memory: Memory) -> None:
    global _worker
    _die_with_parent()
    _settings.enter_context(command_settings())
    _worker = _Worker(exhibit, grey, memory)


def _die_with_parent() -> None:
    """Ask Linux to end this worker when the build that started it ends, even by kill -9
    (otherwise the workers would live on as orphans). Elsewhere it is skipped."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def _run_in_worker(job: Job) -> JobResult:
    assert _worker is not None
    return _worker.run(job)


def run_jobs(
    jobs: list[Job],
    exhibit: Exhibit,
    grey: bool,
    workers: int,
    on_done: Callable[[JobResult], None] = lambda result: None,
    last_seconds: dict[str, float] | None = None,
    memory: Memory | None = None,
) -> list[JobResult]:
    """Render every job, the longest first (as measured by the last build, or guessed),
    so that no worker is left with a long job at the end; the first failure stops the
    build and is raised. ``on_done`` hears of each job as soon as it is finished."""

    def expected(job: Job) -> float:
        # Only a measurement tells posters apart (one with a map takes three times as
        # long as one with text); the registered figure is a first build's guess.
        measured = (last_seconds or {}).get(job.key)
        return measured or get_builder(job.kind).expected_seconds

    ordered = sorted(jobs, key=lambda job: -expected(job))
    if workers <= 1 or len(ordered) <= 1:
        worker = _Worker(exhibit, grey, memory)
        results = []
        for job in ordered:
            result = worker.run(job)
            on_done(result)
            results.append(result)
        return results
    # fork: workers inherit the validated exhibit instead of loading it again.
    context = multiprocessing.get_context("fork")
    results = []
    with ProcessPoolExecutor(
        max_workers=min(workers, len(ordered)),
        mp_context=context,
        initializer=_init_worker,
        initargs=(exhibit, grey, memory or Memory()),
    ) as pool:
        pending: set[Future[JobResult]] = {pool.submit(_run_in_worker, job) for job in ordered}
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    result = future.result()  # raises the job's error here
                    on_done(result)
                    results.append(result)
        except BaseException:
            _stop_at_once(pool, pending)
            raise
    return results


def _stop_at_once(pool: ProcessPoolExecutor, pending: set[Future[JobResult]]) -> None:
    """End every worker now: a job that has failed fails the build, and the others'
    results are no longer wanted. Only cancelling would leave the pool (and the command)
    waiting for a running job, however long its fitting loop still takes."""
    for future in pending:
        future.cancel()
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(OSError, AttributeError):
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, AttributeError, ValueError):
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
