"""`check` tells the whole truth (issue 17): the content-only checks `build` makes are made
by `check` too, and the content errors `build` would meet late are found by both early."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from vitrina.build import check
from vitrina.cli import main
from vitrina.errors import ContentError


@pytest.fixture
def small(tmp_path: Path) -> Path:
    folder = tmp_path / "show"
    assert CliRunner().invoke(main, ["new", str(folder)]).exit_code == 0
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_closing_before_opening_is_an_error(small: Path) -> None:
    _edit(
        small / "exhibit" / "exhibition.yaml",
        "edition_date: 2026-01-01",
        "edition_date: 2026-01-01\nopens: 2026-05-01\ncloses: 2026-04-01",
    )
    with pytest.raises(ContentError, match=r"exhibition\.yaml:\d+:\d+: error: closes: the closing"):
        check(small)


@pytest.mark.parametrize("title", ['""', '"   "'])
def test_an_empty_title_is_an_error(small: Path, title: str) -> None:
    _edit(small / "exhibit" / "welcome.yaml", "title: The first panel", f"title: {title}")
    with pytest.raises(ContentError, match=r"welcome\.yaml:\d+:\d+: error: title: this is empty"):
        check(small)


def test_a_panel_without_sources_is_a_warning(small: Path) -> None:
    _edit(small / "exhibit" / "welcome.yaml", "sources:\n  - example-source\n", "")
    warnings = [str(w) for w in check(small).warnings]
    assert any("welcome.yaml" in w and "names no sources" in w for w in warnings), warnings


def test_check_reports_the_content_findings_of_the_preflight(small: Path) -> None:
    _edit(
        small / "exhibit" / "welcome.yaml",
        "kind: story",
        "kind: captions\nitems:\n  - title: A thing\n    placeholder: photo to come\n"
        "    caption: Words.",
    )
    done = subprocess.run(
        [sys.executable, "-m", "vitrina", "check", str(small)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "warning (alt-text)" in done.stdout and "warning (placeholder)" in done.stdout
    assert "2 warnings to look at" in done.stdout


def test_one_report_covers_every_current_output(small: Path) -> None:
    import json

    from vitrina.build import build

    build(small, outputs=["posters"])
    build(small, outputs=["posters"], variants=["print"])
    report = json.loads((small / "output" / "preflight.json").read_text(encoding="utf-8"))
    paths = {output["path"] for output in report["outputs"]}
    assert {"posters/welcome.pdf", "print/posters/welcome.pdf"} <= paths, paths


def test_strict_shows_the_outputs_it_checked(small: Path) -> None:
    _edit(
        small / "exhibit" / "welcome.yaml",
        "kind: story",
        "kind: captions\nitems:\n  - title: A thing\n    alt: A thing\n"
        "    placeholder: photo to come\n    caption: Words.",
    )
    done = subprocess.run(
        [sys.executable, "-m", "vitrina", "build", str(small), "--only", "posters", "--strict"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert "posters/welcome.pdf" in done.stderr and "warning (placeholder)" in done.stderr


def test_a_missing_sources_file_is_named_once(small: Path) -> None:
    (small / "exhibit" / "sources.yaml").unlink()
    panel = (small / "exhibit" / "welcome.yaml").read_text(encoding="utf-8")
    (small / "exhibit" / "second.yaml").write_text(panel, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        check(small)
    problems = [p for p in caught.value.problems if "sources" in p.message]
    assert len(problems) == 1 and "no exhibit/sources.yaml" in problems[0].message


def test_a_typo_in_a_source_is_one_error(small: Path) -> None:
    _edit(small / "exhibit" / "sources.yaml", "  year:", "  yaer:")
    panel = (small / "exhibit" / "welcome.yaml").read_text(encoding="utf-8")
    for name in ("second", "third"):
        (small / "exhibit" / f"{name}.yaml").write_text(panel, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        check(small)
    assert len(caught.value.problems) == 1, caught.value.problems
    assert "unknown field 'yaer'" in str(caught.value)


def test_a_relative_markdown_link_is_not_a_link_to_the_build_machine() -> None:
    from vitrina.render.markdown import render_block

    html = render_block("See [the notes](../notes.html), [a file](x.pdf), [web](https://e.org).")
    assert "notes.html" not in html and "x.pdf" not in html
    assert "the notes" in html and "a file" in html and 'href="https://e.org"' in html


def test_strict_believes_the_pdfs_not_the_cache_file(small: Path) -> None:
    """Findings removed from the cache file by hand must not let --strict pass."""
    import json

    from PIL import Image

    from vitrina.build import build
    from vitrina.errors import StrictPreflightError
    from vitrina.schedule.cache import CACHE_FILE

    (small / "assets" / "images").mkdir(parents=True)
    Image.new("RGB", (120, 90), "grey").save(small / "assets" / "images" / "tiny.png")
    (small / "exhibit" / "welcome.yaml").write_text(
        "kind: captions\ntitle: Things\nsources: [example-source]\nitems:\n"
        "  - title: Object\n    alt: A grey square\n    caption: Words.\n"
        "    image: assets/images/tiny.png\n",
        encoding="utf-8",
    )
    build(small, outputs=["posters"])
    cache_file = small / "output" / CACHE_FILE
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    for job in data["jobs"].values():
        job["preflight"]["findings"] = []
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StrictPreflightError):
        build(small, outputs=["posters"], strict=True)
