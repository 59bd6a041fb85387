"""`vitrina serve`: the live preview's server, on a cut-down exhibition (one captions
panel), started once for the module. The tests that edit the YAML put it back and wait
for the preview to be ready again, so they can run in any order."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from serve_support import (
    BUILD_WAIT_S,
    CAPTION,
    NEW_CAPTION,
    Events,
    poster,
    ready,
    small_exhibition,
)
from vitrina.serve.app import Preview
from vitrina.serve.http import safe_output_path


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    root = small_exhibition(tmp_path_factory.mktemp("serve") / "stamp")
    running = Preview(root, port=0)
    running.start()
    events = Events(running.server.server_address[1])
    try:
        events.wait_for(ready, "the first build done")
    finally:
        events.close()
    yield running
    running.stop()


def _get(preview: Preview, path: str, host: str | None = None) -> tuple[int, bytes]:
    port = preview.server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host or f"127.0.0.1:{port}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_the_page_and_its_assets_are_served(preview: Preview) -> None:
    status, page = _get(preview, "/")
    assert status == 200 and b'src="/static/app.js"' in page
    for asset in ("/static/app.js", "/static/style.css"):
        assert _get(preview, asset)[0] == 200


def test_a_request_for_another_host_is_refused(preview: Preview) -> None:
    """DNS rebinding: a page of evil.example whose name now points at 127.0.0.1 sends
    its own name in Host; the preview refuses it, whatever the path."""
    port = preview.server.server_address[1]
    for path in ("/", "/state", "/output/posters/stamp.pdf"):
        assert _get(preview, path, host=f"evil.example:{port}")[0] == 403
        assert _get(preview, path, host="127.0.0.1")[0] == 403  # the port is part of it
    assert _get(preview, "/", host=f"localhost:{port}")[0] == 200


@pytest.mark.parametrize(
    "path",
    [
        "/output/../exhibit/stamp.yaml",
        "/output/%2e%2e/exhibit/stamp.yaml",
        "/output/posters/%2e%2e/%2e%2e/exhibit/exhibition.yaml",
        "/output/..%2fexhibit%2fstamp.yaml",
        "/output/.vitrina-cache.json",
        "/output/posters",
        "/output/posters/",
        "/output/",
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/exhibit/stamp.yaml",
        "/output//etc/passwd",
        "/output/link.pdf",
    ],
)
def test_nothing_outside_output_and_no_listing(preview: Preview, path: str) -> None:
    outside = preview.root / "secret.pdf"
    outside.write_bytes(b"%PDF-1.7 not for the web")
    link = preview.root / "output" / "link.pdf"
    link.symlink_to(outside)
    try:
        status, body = _get(preview, path)
    finally:
        link.unlink()
    assert status == 404, (path, status)
    assert b"not for the web" not in body and b"kind:" not in body


def test_the_outputs_themselves_are_served(preview: Preview) -> None:
    status, body = _get(preview, "/output/posters/stamp.pdf")
    assert status == 200 and body.startswith(b"%PDF")
    assert _get(preview, "/output/preflight.json")[0] == 200


def test_safe_output_path(tmp_path: Path) -> None:
    output = tmp_path / "output"
    (output / "posters").mkdir(parents=True)
    (output / "posters" / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "b.pdf").write_bytes(b"%PDF")
    assert safe_output_path(output, "posters/a.pdf") == (output / "posters" / "a.pdf").resolve()
    for wrong in ("../b.pdf", "posters/../../b.pdf", "posters", "", "/b.pdf", ".x.pdf", "a\\b.pdf"):
        assert safe_output_path(output, wrong) is None, wrong


def test_every_output_has_thumbnails(preview: Preview) -> None:
    events = Events(preview.server.server_address[1])
    try:
        state = events.wait_for(ready, "ready")
    finally:
        events.close()
    stamp = poster(state)
    assert stamp is not None
    panel = state["panels"][0]
    assert panel["booklet"], "the panel's booklet pages are beside its poster"
    assert [label["path"] for label in panel["labels"]] == ["labels/stamp-1.pdf"]
    assert {doc["path"] for doc in state["outputs"]} >= {"booklet.pdf", "labels.pdf", "handout.pdf"}
    pages = [page for doc in state["outputs"] for page in doc["pages"]] + stamp["pages"]
    for page in pages:
        status, png = _get(preview, page["thumb"])
        assert status == 200 and png.startswith(b"\x89PNG")
    status, large = _get(preview, stamp["pages"][0]["large"])
    assert (
        status == 200
        and large.startswith(b"\x89PNG")
        and len(large) > len(_get(preview, stamp["pages"][0]["thumb"])[1])
    )
    # the placeholder warning of the stamp is shown beside its panel, located
    assert any(
        re.fullmatch(r"exhibit/stamp\.yaml:\d+:\d+", f["location"] or "") for f in panel["findings"]
    )


def test_saving_a_caption_sends_the_new_poster(preview: Preview) -> None:
    """An edit reaches an open page as an event: the poster's thumbnail is a new one."""
    source = preview.root / "exhibit" / "stamp.yaml"
    original = source.read_text(encoding="utf-8")
    events = Events(preview.server.server_address[1])
    try:
        before = poster(events.wait_for(ready, "ready"))
        assert before is not None
        source.write_text(original.replace(CAPTION, NEW_CAPTION), encoding="utf-8")
        state = events.wait_for(
            lambda s: (p := poster(s)) is not None and p["digest"] != before["digest"],
            "a new poster",
        )
        assert _get(preview, poster(state)["pages"][0]["thumb"])[0] == 200
        assert _get(preview, before["pages"][0]["thumb"])[0] == 404  # forgotten
    finally:
        source.write_text(original, encoding="utf-8")
        events.wait_for(
            lambda s: ready(s) and poster(s)["digest"] == before["digest"], "the poster back"
        )
        events.close()


def test_a_yaml_mistake_is_shown_as_check_words_it(preview: Preview) -> None:
    from vitrina.build import check
    from vitrina.errors import ContentError

    source = preview.root / "exhibit" / "stamp.yaml"
    original = source.read_text(encoding="utf-8")
    events = Events(preview.server.server_address[1])
    try:
        good = events.wait_for(ready, "ready")
        source.write_text(original.replace("kind: captions", "kind: [captions"), encoding="utf-8")
        state = events.wait_for(lambda s: s["error"] is not None, "an error")
        with pytest.raises(ContentError) as raised:
            check(preview.root)
        assert state["error"]["lines"] == [str(problem) for problem in raised.value.problems]
        assert re.match(r".*exhibit/stamp\.yaml:\d+:\d+: error", state["error"]["lines"][0])
        assert poster(state)["digest"] == poster(good)["digest"]  # the last good pages stay
    finally:
        source.write_text(original, encoding="utf-8")
    try:
        events.wait_for(ready, "the mistake cleared")
    finally:
        events.close()


def test_a_build_from_the_terminal_meanwhile(preview: Preview) -> None:
    """While `vitrina build` holds the folder's lock, the preview says so; once that
    build is done, the preview builds again by itself and the message goes."""
    from vitrina.write import OutputLock

    events = Events(preview.server.server_address[1])
    note = preview.root / "exhibit" / "notes.txt"
    try:
        events.wait_for(ready, "ready")
        with OutputLock(preview.root / "output"):
            note.write_text("a save while another build runs", encoding="utf-8")
            state = events.wait_for(lambda s: s["error"] is not None, "the lock reported")
            assert state["error"]["kind"] == "busy"
            assert any("another vitrina build" in line for line in state["error"]["lines"])
        events.wait_for(ready, "a build of its own once the lock is free")
    finally:
        note.unlink(missing_ok=True)
        events.wait_for(ready, "ready")
        events.close()


def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    """Ctrl-C while the first build runs: the command ends at once with exit code 0,
    its build process with it, and the output folder holds no lock."""
    root = small_exhibition(tmp_path / "stamp")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    process = subprocess.Popen(
        [sys.executable, "-m", "vitrina", "serve", str(root), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert "Previewing" in first and "http://127.0.0.1:" in first, first
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        assert children, "the build process has started"
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=BUILD_WAIT_S / 4)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert "Stopped." in output and "Traceback" not in output
    assert not (root / "output" / ".vitrina.lock").exists()
    # the build process is gone; multiprocessing's resource tracker follows on its own
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in children if Path(f"/proc/{pid}").exists()]


# --- in a real browser: Debian's chromium, driven by Selenium through chromium-driver ---

_LOADED_IMAGES = """
const images = [...document.querySelectorAll("main img")];
return images.length && images.every((i) => i.complete && i.naturalWidth > 0) ? images.length : 0;
"""
_POSTER = """
const image = document.querySelector('img[data-key="poster:stamp"]');
return image && image.complete && image.naturalWidth > 0 ? image.getAttribute("src") : null;
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip(
            "no browser: the browser tests need Debian's chromium and chromium-driver "
            "(apt-get install chromium chromium-driver; .ci/run installs them)"
        )
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1100,700")
    session = webdriver.Chrome(options=options, service=Service(driver))
    try:
        yield session
    finally:
        session.quit()


def test_in_a_browser(preview: Preview, browser) -> None:  # noqa: ANN001
    """Thumbnails of every output load; a saved caption changes the poster's thumbnail
    without a reload or a jump; a YAML mistake shows its located message over the last
    good pages; fixing it takes the message away."""
    from selenium.webdriver.support.ui import WebDriverWait

    from vitrina.build import check
    from vitrina.errors import ContentError

    wait = WebDriverWait(browser, BUILD_WAIT_S, poll_frequency=0.1)
    events = Events(preview.server.server_address[1])
    source = preview.root / "exhibit" / "stamp.yaml"
    original = source.read_text(encoding="utf-8")
    try:
        state = events.wait_for(ready, "ready")
        expected = sum(len(doc["pages"]) for doc in state["outputs"]) + sum(
            len(panel["poster"]["pages"])
            + len(panel["booklet"])
            + sum(len(label["pages"]) for label in panel["labels"])
            for panel in state["panels"]
        )
        browser.get(preview.url)
        assert wait.until(lambda b: b.execute_script(_LOADED_IMAGES)) == expected
        before = browser.execute_script(_POSTER)
        browser.execute_script("window.samePage = true; window.scrollTo(0, 240);")
        scrolled = browser.execute_script("return window.scrollY")
        assert scrolled > 0

        source.write_text(original.replace(CAPTION, NEW_CAPTION), encoding="utf-8")
        after = wait.until(lambda b: (src := b.execute_script(_POSTER)) != before and src)
        assert browser.execute_script("return window.samePage === true"), "the page reloaded"
        assert browser.execute_script("return window.scrollY") == scrolled

        broken = original.replace("kind: captions", "kind: [captions")
        source.write_text(broken, encoding="utf-8")
        problem = browser.find_element("id", "problem")
        wait.until(lambda b: problem.is_displayed())
        with pytest.raises(ContentError) as raised:
            check(preview.root)
        shown = browser.find_element("id", "problem-lines").text.splitlines()
        assert shown == [str(p) for p in raised.value.problems]
        assert re.match(r".*exhibit/stamp\.yaml:\d+:\d+: error", shown[0])
        assert browser.execute_script(_POSTER) == after  # the last good poster stays

        source.write_text(original, encoding="utf-8")
        wait.until(lambda b: not problem.is_displayed())
        wait.until(lambda b: b.execute_script(_POSTER) == before)
        assert browser.execute_script("return window.samePage === true")
    finally:
        source.write_text(original, encoding="utf-8")
        events.wait_for(ready, "ready again")
        events.close()
