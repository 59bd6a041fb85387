"""Putting the preview together: the build worker, the engine, the watcher and the web
server, started in that order and stopped in the reverse."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from vitrina.errors import BuildError
from vitrina.serve.engine import Engine
from vitrina.serve.http import PreviewServer
from vitrina.serve.pages import PageImages
from vitrina.serve.watch import Watcher
from vitrina.serve.worker import BuildWorker
from vitrina.write.atomic import OUTPUT_DIR

#: Where the preview listens unless told otherwise: this computer only.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class Preview:
    """A running preview of the exhibition in ``root``; ``port`` 0 picks a free port."""

    def __init__(
        self,
        root: Path,
        port: int = DEFAULT_PORT,
        host: str = DEFAULT_HOST,
        on_report: Callable[[str], None] = lambda line: None,
    ):
        self.root = root
        output_dir = root / OUTPUT_DIR
        self.worker = BuildWorker(root)
        self.images = PageImages()
        self.engine = Engine(root, output_dir, self.worker, self.images, on_report)
        self.watcher = Watcher(root, self.engine.changed, on_report)
        try:
            self.server = PreviewServer((host, port), self.engine, self.images, output_dir)
        except OSError as exc:
            raise BuildError(
                f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                hint="another program (perhaps another vitrina serve) uses that port: "
                "choose another with --port",
            ) from None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> None:
        """Start everything; the web server answers in a thread of its own."""
        self.worker.start()
        self.engine.start()
        self.watcher.start()
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop everything: open pages are let go, a running build is ended (the output
        folder stays as the atomic writer leaves it), the port is freed."""
        self.watcher.stop()
        self.engine.stopping.set()
        self.worker.stop()
        self.engine.stop()
        self.server.shutdown()
        self.server.server_close()
        if self._thread is not None:
            self._thread.join(5)


def serve(
    root: Path,
    port: int = DEFAULT_PORT,
    open_browser: bool = False,
    on_report: Callable[[str], None] = lambda line: None,
) -> Preview:
    """Start a preview (the CLI waits for Ctrl-C, then calls ``stop``)."""
    preview = Preview(root, port, on_report=on_report)
    preview.start()
    if open_browser:
        import webbrowser

        webbrowser.open(preview.url)
    return preview
