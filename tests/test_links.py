"""Links that lead out of the exhibition folder: one containment rule for every read and
write (issue 17). Each case is refused with the file named, and nothing outside is read
into a PDF or written to."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from vitrina.build import build
from vitrina.cli import main
from vitrina.errors import ContentError, VitrinaError
from vitrina.schedule.cache import BuildCache, CachedJob


@pytest.fixture
def small(tmp_path: Path) -> Path:
    folder = tmp_path / "show"
    assert CliRunner().invoke(main, ["new", str(folder)]).exit_code == 0
    return folder


def _move_out(small: Path, relative: str) -> Path:
    """Move a file of the exhibition outside its folder and leave a link in its place."""
    inside = small / relative
    outside = small.parent / f"elsewhere-{inside.name}"
    shutil.move(inside, outside)
    os.symlink(outside, inside)
    return outside


@pytest.mark.parametrize("relative", ["exhibit/welcome.yaml", "exhibit/exhibition.yaml"])
def test_a_content_file_linked_outside_is_refused(small: Path, relative: str) -> None:
    _move_out(small, relative)
    with pytest.raises(ContentError) as caught:
        build(small, outputs=["posters"])
    assert f"{relative}: error: this is a link to" in str(caught.value)
    assert "outside the exhibition folder" in str(caught.value)


def test_an_unlisted_panel_file_linked_outside_is_not_read(small: Path) -> None:
    outside = small.parent / "secret.yaml"
    outside.write_text("title: [unclosed\n", encoding="utf-8")
    os.symlink(outside, small / "exhibit" / "extra.yaml")
    with pytest.raises(ContentError) as caught:
        build(small, outputs=["posters"])
    assert "exhibit/extra.yaml: error: this is a link to" in str(caught.value)
    assert "YAML syntax" not in str(caught.value)  # the file outside was never parsed


def test_the_exhibit_folder_linked_outside_is_refused(small: Path) -> None:
    outside = small.parent / "content"
    shutil.move(small / "exhibit", outside)
    os.symlink(outside, small / "exhibit")
    with pytest.raises(ContentError, match="exhibit: error: this is a link to"):
        build(small, outputs=["posters"])


def test_a_stylesheet_linked_outside_is_refused(small: Path) -> None:
    secret = small.parent / "theme.css"
    secret.write_text("body { color: red; }", encoding="utf-8")
    (small / "layouts" / "css").mkdir(parents=True)
    os.symlink(secret, small / "layouts" / "css" / "poster.css")
    with pytest.raises(VitrinaError, match=r"layouts/css/poster\.css.*leads outside"):
        build(small, outputs=["posters"])


def test_a_link_inside_the_folder_is_followed(small: Path) -> None:
    (small / "themes").mkdir()
    (small / "themes" / "poster.html").write_text(
        "<html><body><p>{{ panel.title }}</p></body></html>", encoding="utf-8"
    )
    (small / "layouts").mkdir()
    os.symlink(small / "themes" / "poster.html", small / "layouts" / "poster.html")
    build(small, outputs=["posters"])
    assert list((small / "output" / "posters").glob("*.pdf"))


@pytest.mark.parametrize("folder", ["output/posters", "output"])
def test_an_output_folder_linked_outside_is_refused(small: Path, folder: str) -> None:
    elsewhere = small.parent / "elsewhere"
    elsewhere.mkdir()
    (small / "output").mkdir(exist_ok=folder == "output")
    if folder == "output":
        (small / "output").rmdir()
    os.symlink(elsewhere, small / folder)
    with pytest.raises(VitrinaError, match=f"'{folder}' leads outside"):
        build(small, outputs=["posters"])
    assert list(elsewhere.iterdir()) == []


def test_a_file_name_in_the_cache_never_leads_out(tmp_path: Path) -> None:
    """The cache file is in the folder anyone can edit: a name in it that leads out of
    output/ is never opened (not even read to compare digests)."""
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"secret")
    output = tmp_path / "show" / "output"
    output.mkdir(parents=True)
    os.symlink(secret, output / "linked.pdf")
    digest = hashlib.sha256(b"secret").hexdigest()
    for name in (str(secret), "../../secret.txt", "linked.pdf"):
        cache = BuildCache(output, {"job": CachedJob("in", {name: digest})})
        assert not cache.fresh("job", "in", lambda reads: True), name
        cache.stamp()
        assert cache.jobs["job"].stats == {}, name
