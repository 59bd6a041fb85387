"""The build worker: one long-lived process that runs ``vitrina.build.build`` on request.

Why a process of its own: WeasyPrint, the fonts, the map data and vitrina's caches stay
loaded in it between rebuilds (the second build of a poster skips all the start-up), its
pdfium calls (the preflight) cannot collide with the thumbnails drawn in the server's
threads, and Ctrl-C can end it at once: a build cut short there leaves the output folder
as the atomic writer guarantees, and the next build finishes or rolls back its journal.

What goes back to the server is plain data (picklable dicts): what was built, the
preflight findings, the panels, or the problems in the same words as ``vitrina check``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

#: How long a stopping worker may take to finish before it is killed (seconds).
STOP_GRACE_S = 5.0


class WorkerStopped(Exception):
    """The server is stopping: the build asked for will not be made."""


class BuildWorker:
    """The server's side of the worker: start it, ask for builds, stop it."""

    def __init__(self, root: Path):
        self.root = root
        self._context = multiprocessing.get_context("spawn")  # no threads or sockets inherited
        self._process: Any = None
        self._conn: Connection | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the process (it loads vitrina and WeasyPrint while the server starts)."""
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_serve_builds, args=(theirs, str(self.root)), name="vitrina-build", daemon=False
        )
        process.start()
        theirs.close()
        self._process, self._conn = process, ours

    def check(self, stopping: threading.Event) -> dict[str, Any]:
        """Check only (as ``vitrina check``): the panels and title, in a second or two,
        to show the pages already in output/ in their places while the first build runs."""
        return self.build(None, lambda text: None, stopping, check_only=True)

    def build(
        self,
        outputs: list[str] | None,
        on_progress: Callable[[str], None],
        stopping: threading.Event,
        check_only: bool = False,
    ) -> dict[str, Any]:
        """Build (``outputs`` as ``vitrina build --only``; None for all) and return the
        outcome. Raises WorkerStopped when ``stopping`` is set meanwhile."""
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self.start()
            process, conn = self._process, self._conn  # stop() may clear these meanwhile
            assert conn is not None
            try:
                conn.send({"outputs": outputs, "check": check_only})
                while True:
                    if stopping.is_set():
                        raise WorkerStopped
                    if not conn.poll(0.1):
                        if not process.is_alive():
                            return _failure("internal", "The build process ended unexpectedly.")
                        continue
                    message = conn.recv()
                    if message.get("progress"):
                        on_progress(message["progress"])
                    else:
                        return message
            except (EOFError, OSError):
                if stopping.is_set():
                    raise WorkerStopped from None
                return _failure("internal", "The build process ended unexpectedly.")

    def stop(self) -> None:
        """End the process: at once if it is building (SIGTERM unwinds the build's lock),
        else when it has read the request to stop."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if process is None:
            return
        if conn is not None:
            with contextlib.suppress(OSError, BrokenPipeError):
                conn.send(None)
        process.join(0.2)
        if process.is_alive():
            process.terminate()
            process.join(STOP_GRACE_S)
        if process.is_alive():
            process.kill()
            process.join(STOP_GRACE_S)
        if conn is not None:
            conn.close()


def _failure(kind: str, heading: str, lines: list[str] | None = None) -> dict[str, Any]:
    return {"ok": False, "kind": kind, "heading": heading, "lines": lines or []}


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(0)  # unwinds the build: its lock is released, the writer rolls back


def _serve_builds(conn: Connection, root: str) -> None:
    """The worker process: build whenever asked, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    signal.signal(signal.SIGTERM, _terminate)
    from vitrina.schedule.runner import _die_with_parent

    _die_with_parent()
    answered = 0
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        if request.get("check"):
            outcome = run_check(Path(root))
        else:
            outcome = run_build(Path(root), request.get("outputs"), lambda text: conn.send(text))
        try:
            conn.send(outcome)
        except (OSError, BrokenPipeError):
            return
        answered += 1
        if answered == 1:
            _warm_up()  # after the first answer (the quick check), before the first build


def _warm_up() -> None:
    """Load what every build needs before the first one is asked for."""
    with contextlib.suppress(Exception):
        import weasyprint  # noqa: F401

        import vitrina.build  # noqa: F401
        import vitrina.builders.posters  # noqa: F401
        import vitrina.report.preflight  # noqa: F401


def run_check(root: Path) -> dict[str, Any]:
    """Load and validate only, as ``vitrina check``: the panels, or the problems."""
    from vitrina.build import check

    try:
        exhibit = check(root)
    except Exception as exc:  # noqa: BLE001 - told as a build would tell it
        return _outcome_of_error(exc)
    return {"ok": True, **_exhibit_facts(exhibit), "warnings": [str(w) for w in exhibit.warnings]}


def _outcome_of_error(exc: Exception) -> dict[str, Any]:
    """A failed build or check as the page shows it, in the CLI's words."""
    from vitrina.errors import ContentError, OutputBusyError, VitrinaError

    if isinstance(exc, ContentError):
        count = len(exc.problems)
        return _failure(
            "content",
            f"{count} problem{'s' if count != 1 else ''} found; nothing was written.",
            [str(problem) for problem in exc.problems],
        )
    if isinstance(exc, OutputBusyError):
        return _failure(
            "busy",
            "Another build of this folder is running; the preview builds once it is done.",
            str(exc).splitlines(),
        )
    if isinstance(exc, VitrinaError):
        return _failure(
            "build", "The build failed; the previous outputs are unchanged.", str(exc).splitlines()
        )
    return _failure(
        "internal",
        "Internal error: a bug in vitrina, not in your files. Nothing was written.",
        [f"{type(exc).__name__}: {exc}"],
    )


def _exhibit_facts(exhibit: Any) -> dict[str, Any]:  # noqa: ANN401
    return {
        "title": exhibit.exhibition.title,
        "panels": [
            {
                "id": entry.id,
                "title": getattr(entry.panel, "title", None) or entry.id,
                "kind": entry.kind,
                "file": _relative(entry.doc.path, exhibit.root),
            }
            for entry in exhibit.panels
        ],
    }


def run_build(
    root: Path, outputs: list[str] | None, send: Callable[[dict[str, str]], None]
) -> dict[str, Any]:
    """One build through ``vitrina.build.build``, its outcome as plain data."""
    from vitrina.build import build, default_jobs

    started = time.perf_counter()

    def done(result: Any) -> None:  # noqa: ANN401
        send({"progress": f"rendered {result.job.label}"})

    def plan(todo: list, current: list) -> None:  # noqa: ANN001
        if todo:
            names = ", ".join(job.label for job in todo[:4]) + (" …" if len(todo) > 4 else "")
            send({"progress": f"rendering {names}"})

    try:
        report = build(root, outputs=outputs, jobs=default_jobs(), on_plan=plan, on_job_done=done)
    except Exception as exc:  # noqa: BLE001 - shown on the page; serve goes on
        return _outcome_of_error(exc)
    return {
        "ok": True,
        "outputs": outputs,
        "seconds": round(time.perf_counter() - started, 2),
        "rendered": [job.label for job in report.rendered],
        **_exhibit_facts(report.exhibit),
        "warnings": [str(problem) for problem in report.warnings],
        "findings": [asdict(f) for f in report.preflight.findings] if report.preflight else [],
    }


def _relative(path: Path, root: Path) -> str:
    with contextlib.suppress(ValueError):
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    return str(path)
