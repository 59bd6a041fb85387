"""The preview's web server: the standard library's ThreadingHTTPServer, nothing more.

It answers only what the preview needs: its own page and assets (a fixed list), the
state as JSON and as server-sent events, page images by digest, and the files under
output/ (PDFs and the preflight report; no folder listing, nothing outside it, nothing
hidden). A request whose Host header is not the address the server is bound to is
refused: a web page elsewhere cannot reach the preview by pointing a name of its own
at 127.0.0.1 (DNS rebinding).
"""

from __future__ import annotations

import contextlib
import queue
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from vitrina.serve.engine import Engine
from vitrina.serve.pages import PageImages

#: The preview's own files, and their types: nothing else is served from the package.
STATIC = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/static/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/static/style.css": ("style.css", "text/css; charset=utf-8"),
}
#: The files under output/ that may be fetched, by suffix.
OUTPUT_TYPES = {".pdf": "application/pdf", ".json": "application/json"}
#: Seconds between keep-alive comments on an idle event stream.
KEEPALIVE_S = 15.0
_IMAGE = re.compile(r"/(thumb|page)/([0-9a-f]{16})/(\d{1,4})\.png")
_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
}


class PreviewServer(ThreadingHTTPServer):
    """The HTTP server, knowing the engine, the page images and the output folder."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self, address: tuple[str, int], engine: Engine, images: PageImages, output_dir: Path
    ):
        super().__init__(address, Handler)
        self.engine = engine
        self.images = images
        self.output_dir = output_dir
        host, port = self.server_address[:2]
        self.allowed_hosts = {f"{host}:{port}"}
        if host == "127.0.0.1":
            self.allowed_hosts.add(f"localhost:{port}")

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    server_version = "vitrina-serve"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002, ANN401
        """Quiet: the terminal shows builds, not requests."""

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        self._answer(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(head=True)

    def _refuse_other(self) -> None:
        self._send(405, b"Method not allowed\n", "text/plain; charset=utf-8", {"Allow": "GET"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse_other  # noqa: N815

    def _answer(self, head: bool) -> None:
        host = self.headers.get("Host", "")
        if host not in self.server.allowed_hosts:
            self._send(403, b"Wrong Host header: this preview answers only on its own address.\n")
            return
        path = urlsplit(self.path).path
        if path in STATIC:
            name, kind = STATIC[path]
            data = resources.files("vitrina.serve").joinpath("static", name).read_bytes()
            self._send(200, data, kind, {"Cache-Control": "no-cache"}, head)
        elif path == "/state":
            data = self.server.engine.message.encode()
            self._send(200, data, "application/json", {"Cache-Control": "no-store"}, head)
        elif path == "/events" and not head:
            self._events()
        elif match := _IMAGE.fullmatch(path):
            self._image(match.group(1), match.group(2), int(match.group(3)), head)
        elif path.startswith("/output/"):
            self._output(path.removeprefix("/output/"), head)
        else:
            self._send(404, b"Not found\n")

    def _image(self, kind: str, digest: str, page: int, head: bool) -> None:
        images = self.server.images
        data = images.thumbnail(digest, page) if kind == "thumb" else images.large(digest, page)
        if data is None:
            self._send(404, b"Not found\n")
            return
        cache = {"Cache-Control": "public, max-age=31536000, immutable"}  # named by digest
        self._send(200, data, "image/png", cache, head)

    def _output(self, relative: str, head: bool) -> None:
        target = safe_output_path(self.server.output_dir, unquote(relative))
        if target is None:
            self._send(404, b"Not found\n")
            return
        try:
            data = target.read_bytes()
        except OSError:
            self._send(404, b"Not found\n")
            return
        headers = {"Cache-Control": "no-cache", "Content-Disposition": "inline"}
        self._send(200, data, OUTPUT_TYPES[target.suffix], headers, head)

    def _events(self) -> None:
        """Server-sent events: the state now, then every time it changes."""
        engine = self.server.engine
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Accel-Buffering", "no")
        for name, value in _SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        self.close_connection = True
        listener = engine.listen()
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while not engine.stopping.is_set():
                try:
                    message = listener.get(timeout=KEEPALIVE_S)
                except queue.Empty:
                    self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
                    continue
                if not message:
                    break
                self.wfile.write(f"event: state\ndata: {message}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass  # the page was closed
        finally:
            engine.forget(listener)

    def _send(
        self,
        status: int,
        data: bytes,
        kind: str = "text/plain; charset=utf-8",
        headers: dict[str, str] | None = None,
        head: bool = False,
    ) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            for name, value in {**_SECURITY_HEADERS, **(headers or {})}.items():
                self.send_header(name, value)
            self.end_headers()
            if not head:
                self.wfile.write(data)


def safe_output_path(output_dir: Path, relative: str) -> Path | None:
    """The file under ``output_dir`` that ``relative`` names, or None if it names
    anything else: a folder, a hidden file (the build's lock, cache and staging), a path
    with '..' or a symbolic link leading out, or a type the preview does not serve."""
    parts = relative.split("/")
    if not relative or any(
        part in ("", ".", "..") or part.startswith(".") or "\\" in part or "\x00" in part
        for part in parts
    ):
        return None
    target = output_dir.joinpath(*parts)
    if target.suffix not in OUTPUT_TYPES:
        return None
    try:
        resolved = target.resolve(strict=True)
        inside = resolved.is_relative_to(output_dir.resolve(strict=True))
    except (OSError, RuntimeError):
        return None
    return resolved if inside and resolved.is_file() else None
