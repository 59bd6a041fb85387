"""Watching the exhibition's files with watchfiles (the operating system's file events,
no polling): every batch of saves tells the engine to build again."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from vitrina.load.project import EXHIBIT_DIR

#: The folders of an exhibition a build reads: its YAML, its own layouts, its images
#: and fonts. output/ is never watched (the builds write there).
WATCHED = (EXHIBIT_DIR, "layouts", "assets")
#: Saves closer together than this (ms) are one change: an editor writing a file in
#: steps, or "save all".
DEBOUNCE_MS = 150


def watched_folders(root: Path) -> list[Path]:
    """The folders to watch: those of WATCHED that exist, else the folder itself."""
    return [root / name for name in WATCHED if (root / name).is_dir()] or [root]


class Watcher:
    """A thread that calls ``on_change`` after every batch of changed files."""

    def __init__(
        self,
        root: Path,
        on_change: Callable[[], None],
        on_report: Callable[[str], None] = lambda line: None,
    ):
        self.folders = watched_folders(root)
        self.on_change = on_change
        self.on_report = on_report
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="vitrina-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        try:
            self._watch(force_polling=None)
        except Exception as exc:  # noqa: BLE001 - e.g. no inotify instance left
            self.on_report(
                f"Watching files by their events failed ({exc}); looking at them every "
                "half second instead."
            )
            self._watch(force_polling=True)

    def _watch(self, force_polling: bool | None) -> None:
        from watchfiles import watch

        recursive = self.folders[0].name in WATCHED
        for _changes in watch(
            *self.folders,
            debounce=DEBOUNCE_MS,
            step=50,
            stop_event=self._stop,
            recursive=recursive,
            raise_interrupt=False,
            rust_timeout=500,
            yield_on_timeout=False,
            force_polling=force_polling,
            poll_delay_ms=500,
        ):
            if self._stop.is_set():
                return
            self.on_change()
