"""The engine: one thread that turns saved files into builds, and builds into what the
page shows, and tells every open page.

A save starts a build of the posters first (the quickest thing to see), then of
everything else; a save arriving meanwhile starts again from the posters once the
running build is done. A build that fails (a YAML mistake, a panel too long) leaves the
last good pages as they are and puts its message, word for word as ``vitrina check`` or
``vitrina build`` would print it, over them until a build succeeds.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vitrina.serve.pages import PageImages
from vitrina.serve.state import Built, view
from vitrina.serve.worker import BuildWorker, WorkerStopped
from vitrina.write.atomic import LOCK_FILE

#: The build steps after a save: the posters first, then every output.
STEPS: tuple[list[str] | None, ...] = (["posters"], None)


class Engine:
    """The state of the preview and the thread that keeps it up to date."""

    def __init__(
        self,
        root: Path,
        output_dir: Path,
        worker: BuildWorker,
        images: PageImages,
        on_report: Callable[[str], None] = lambda line: None,
    ):
        self.root = root
        self.on_report = on_report
        """Told of each build's outcome in a line or a few (the CLI prints them)."""
        self.output_dir = output_dir
        self.worker = worker
        self.images = images
        self.built = _built_from_disk(output_dir)
        self._pending = threading.Event()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._listeners: list[queue.Queue[str]] = []
        self._status: dict[str, Any] = {"state": "starting", "activity": "starting"}
        self._error: dict[str, Any] | None = None
        self._content: dict[str, Any] = {}
        self._version = 0
        self._message = ""
        self._thread = threading.Thread(target=self._run, name="vitrina-engine", daemon=True)

    # --- what the HTTP threads ask -------------------------------------------------------

    @property
    def message(self) -> str:
        """The current state as the JSON the page reads."""
        with self._lock:
            return self._message

    def listen(self) -> queue.Queue[str]:
        """A queue that receives the state's JSON every time it changes."""
        listener: queue.Queue[str] = queue.Queue()
        with self._lock:
            self._listeners.append(listener)
            listener.put(self._message)
        return listener

    def forget(self, listener: queue.Queue[str]) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    @property
    def stopping(self) -> threading.Event:
        return self._stopping

    # --- control ---------------------------------------------------------------------------

    def start(self) -> None:
        self._publish(content=True)
        self._pending.set()  # a first build brings output/ up to date
        self._thread.start()

    def changed(self) -> None:
        """Files were saved: build again (once the running build, if any, is done)."""
        self._pending.set()

    def stop(self) -> None:
        self._stopping.set()
        self._pending.set()
        self._thread.join(10)
        with self._lock:
            for listener in self._listeners:
                listener.put("")  # ends each event stream

    # --- the thread ------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._first_look()
        except WorkerStopped:
            return
        while not self._stopping.is_set():
            self._pending.wait()
            if self._stopping.is_set():
                return
            self._pending.clear()
            try:
                self._cycle()
            except WorkerStopped:
                return
            except Exception as exc:  # noqa: BLE001 - a bug here must not stop the preview
                self._error = {
                    "kind": "internal",
                    "heading": "Internal error in vitrina serve: a bug, not your files.",
                    "lines": [f"{type(exc).__name__}: {exc}"],
                }
                self._status = {"state": "error", "activity": self._error["heading"]}
                self._publish()

    def _first_look(self) -> None:
        """The panels from a check, so the pages already in output/ show in their
        places while the first build runs (it may have much to do)."""
        outcome = self.worker.check(self._stopping)
        if outcome["ok"]:
            self.built = Built(
                outcome["title"], outcome["panels"], self.built.findings, outcome["warnings"]
            )
            self._publish(content=True)

    def _cycle(self) -> None:
        for outputs in STEPS:
            what = "the posters" if outputs else "every output"
            self._status = {"state": "building", "activity": f"building {what}"}
            self._publish()
            started = time.perf_counter()
            outcome = self.worker.build(outputs, self._progress, self._stopping)
            if not outcome["ok"]:
                self._error = {k: outcome[k] for k in ("kind", "heading", "lines")}
                self._status = {"state": "error", "activity": outcome["heading"]}
                self._publish(content=True)
                self.on_report("\n".join([*outcome["lines"], outcome["heading"]]))
                if outcome["kind"] == "busy":
                    self._after_other_build()
                return
            self._error = None
            self.built = Built(
                outcome["title"], outcome["panels"], outcome["findings"], outcome["warnings"]
            )
            seconds = time.perf_counter() - started
            rendered = outcome["rendered"]
            self._status = {
                "state": "ready" if outputs is None else "building",
                "activity": (
                    f"{len(rendered)} rendered in {seconds:.1f} s"
                    if rendered
                    else "everything up to date"
                ),
                "rendered": rendered,
                "finished": time.strftime("%H:%M:%S"),
            }
            self._publish(content=True)
            if rendered:
                self.on_report(f"{time.strftime('%H:%M:%S')} {', '.join(rendered)}: done")
            if self._pending.is_set():
                return  # saved again meanwhile: start over with the posters

    def _after_other_build(self) -> None:
        """Another build of the folder (``vitrina build`` in a terminal) held the output
        lock: build again once it is done (its lock file gone), so the page shows what
        it made and what was saved meanwhile."""
        lock = self.output_dir / LOCK_FILE
        while lock.exists():
            if self._pending.wait(0.5) or self._stopping.is_set():
                return  # a save or a stop comes first
        self._pending.set()

    def _progress(self, text: str) -> None:
        self._status = {**self._status, "activity": text}
        self._publish()

    def _publish(self, content: bool = False) -> None:
        """Work out the page's content (drawing new thumbnails) if asked, then send the
        state to every page."""
        if content:
            self._content = view(self.output_dir, self.built, self.images)
        with self._lock:
            self._version += 1
            self._message = json.dumps(
                {
                    "version": self._version,
                    "status": self._status,
                    "error": self._error,
                    **self._content,
                },
                ensure_ascii=False,
            )
            for listener in self._listeners:
                listener.put(self._message)


def _built_from_disk(output_dir: Path) -> Built:
    """What an earlier build left in output/preflight.json, shown until the first build
    of this session is done (the panels come with it)."""
    try:
        report = json.loads((output_dir / "preflight.json").read_text(encoding="utf-8"))
        return Built(report.get("exhibition") or "", [], list(report.get("findings") or []))
    except (OSError, ValueError, AttributeError):
        return Built()
