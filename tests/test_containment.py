"""Nothing let in, nothing lost: no file from outside the exhibition reaches a PDF, no
build touches the network, and an interrupted build leaves no partial file."""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import copy_sample, keep_panels
from vitrina.build import build
from vitrina.errors import VitrinaError
from vitrina.paths import PACKAGE_DIR

SECRET = b"root:x:0:0"


def _poster_css_with(root: Path, extra: str) -> None:
    css = root / "layouts" / "css"
    css.mkdir(parents=True, exist_ok=True)
    builtin = (PACKAGE_DIR / "layouts" / "css" / "poster.css").read_text(encoding="utf-8")
    (css / "poster.css").write_text(extra + "\n" + builtin, encoding="utf-8")


ATTEMPTS = {
    "css url": lambda root: _poster_css_with(root, "body { background: url(/etc/passwd); }"),
    "css import": lambda root: _poster_css_with(root, "@import url(file:///etc/passwd);"),
    "css traversal": lambda root: _poster_css_with(
        root, "body { background: url(../../../../../../etc/passwd); }"
    ),
    "template img": lambda root: (
        (root / "layouts" / "panels").mkdir(parents=True, exist_ok=True),
        (root / "layouts" / "panels" / "story.html").write_text('<img src="/etc/passwd">'),
    ),
    "template object": lambda root: (
        (root / "layouts" / "panels").mkdir(parents=True, exist_ok=True),
        (root / "layouts" / "panels" / "story.html").write_text(
            '<object data="file:///etc/passwd"></object><embed src="/etc/passwd">'
        ),
    ),
    "symlinked stylesheet": lambda root: (
        (root / "layouts" / "css").mkdir(parents=True, exist_ok=True),
        os.symlink("/etc/passwd", root / "layouts" / "css" / "poster.css"),
    ),
}


@pytest.mark.skipif(not Path("/etc/passwd").is_file(), reason="needs /etc/passwd")
@pytest.mark.parametrize("attempt", list(ATTEMPTS), ids=list(ATTEMPTS))
def test_no_outside_file_enters_a_pdf(tmp_path: Path, attempt: str) -> None:
    """Each attempt is refused: the build fails with a message naming the file (or the
    link leading out), and writes nothing. (A build that merely succeeded without the
    file in its PDF would prove nothing: WeasyPrint itself drops what is not an image.)"""
    root = keep_panels(copy_sample(tmp_path / "x"), "manifesto")
    ATTEMPTS[attempt](root)
    with pytest.raises(VitrinaError) as caught:
        build(root, outputs=["posters"])
    message = str(caught.value)
    if attempt == "symlinked stylesheet":
        assert "layouts/css/poster.css' leads outside" in message, message
    else:
        assert "outside the exhibition folder" in message and "/etc/passwd" in message, message
    assert not (root / "output").exists()


def test_no_build_opens_a_network_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build asked (by a stylesheet) to fetch from the web must not even try."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network use in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    # A story, a map (drawn from the base map data) and the captions, in two outputs.
    root = keep_panels(copy_sample(tmp_path / "x"), "manifesto", "front-line", "stamp")
    build(root, outputs=["labels", "handout"])
    _poster_css_with(root, "@import url(https://example.com/x.css);")
    (root / "layouts" / "panels").mkdir(parents=True)
    (root / "layouts" / "panels" / "story.html").write_text(
        '<img src="http://example.com/a.png"><img src="https://example.org/b.png">'
    )
    with pytest.raises(VitrinaError, match="on the web"):
        build(root, outputs=["posters"])
    assert attempts == []


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _start_build(root: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "vitrina", "build", "--jobs", "2", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_output(process: subprocess.Popen[str], text: str, seconds: float = 300) -> None:
    """Read the build's progress until a line says ``text`` (on a loaded machine that may
    take a while; a fixed sleep would be too short there and too long elsewhere)."""
    seen = threading.Event()
    lines: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if text in line:
                seen.set()
                return

    threading.Thread(target=read, daemon=True).start()
    if not seen.wait(seconds):
        process.kill()
        pytest.fail(f"no {text!r} from the build in {seconds} s: {''.join(lines)}")


def _small_sample(tmp_path: Path) -> Path:
    """Three panels: six outputs, so the build is still rendering after the first."""
    return keep_panels(copy_sample(tmp_path / "x"), "manifesto", "government", "stamp")


@pytest.mark.slow
def test_ctrl_c_leaves_the_previous_outputs(tmp_path: Path) -> None:
    root = _small_sample(tmp_path)
    output = root / "output"
    output.mkdir()
    (output / "booklet.pdf").write_bytes(b"%PDF-1.7 the earlier booklet")
    before = _snapshot(output)
    process = _start_build(root)
    _wait_for_output(process, "] rendered ")  # well into rendering: one output is made
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Interrupted" in err and "Traceback" not in err
    assert _snapshot(output) == before


def _workers_of(root: Path) -> list[bytes]:
    return [cmdline for cmdline in _command_lines() if str(root).encode() in cmdline]


def _command_lines() -> list[bytes]:
    lines = []
    for path in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            lines.append(path.read_bytes())
        except OSError:  # the process ended meanwhile
            continue
    return lines


@pytest.mark.slow
def test_killed_build_leaves_whole_files_and_the_next_build_tidies(tmp_path: Path) -> None:
    """kill -9 at any moment: every PDF under output/ is complete (old or new), and any
    temporary file left behind is removed by the next build."""
    root = _small_sample(tmp_path)
    output = root / "output"
    (output / "posters").mkdir(parents=True)
    (output / "posters" / "manifesto.pdf").write_bytes(b"%PDF-1.7 earlier\n%%EOF\n")
    (output / "posters" / ".manifesto.pdf.abc.part").write_bytes(b"%PDF-1.7 half")
    process = _start_build(root)
    _wait_for_output(process, "] rendered ")  # workers at work
    process.kill()
    process.wait(timeout=60)
    deadline = time.monotonic() + 60  # the workers hear of it from the kernel, soon
    while (survivors := _workers_of(root)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert survivors == [], "worker processes outlived the killed build"
    for pdf in output.rglob("*.pdf"):
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), pdf
    build(root, outputs=["labels"])
    assert not list(output.rglob("*.part"))
