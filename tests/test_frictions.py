"""What a new curator tripped over (issue 17), each fixed: the starter's title written by a
YAML library, bare years, lists for --only, --panel, YAML tags, UTF-16, indentation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from vitrina.build import build, check
from vitrina.cli import main
from vitrina.errors import BuildError, ContentError


def _new(folder: Path, *args: str) -> Path:
    result = CliRunner().invoke(main, ["new", str(folder), *args])
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return _new(tmp_path / "show")


@pytest.mark.parametrize(
    "title", ["Vilnius: 1919", "Room #3 – the war", "'Quoted' and \"double\"", "- a dash", "yes"]
)
def test_new_writes_any_title_as_typed(tmp_path: Path, title: str) -> None:
    folder = _new(tmp_path / "show", "--title", title)
    settings = yaml.safe_load((folder / "exhibit" / "exhibition.yaml").read_text("utf-8"))
    assert settings["title"] == title
    assert check(folder).exhibition.title == title


def _panel(small: Path, text: str) -> None:
    (small / "exhibit" / "welcome.yaml").write_text(text, encoding="utf-8")


def test_a_bare_year_is_a_date(small: Path) -> None:
    _panel(
        small,
        "kind: timeline\ntitle: T\nsources: [example-source]\nevents:\n"
        "  - date: 1976\n    end: 1980\n    title: A\n  - date: 1977-05\n    title: B\n",
    )
    events = check(small).panels[0].panel.events
    assert [(e.date, e.end) for e in events] == [("1976", "1980"), ("1977-05", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "kind: story\ntitle: !!binary aGVsbG8=\n",
            "welcome.yaml:2:8: error: the YAML tag '!!binary'",
        ),
        (
            "kind: story\ntitle: !!python/name:os.system\n",
            "the YAML tag '!!python/name:os.system' is not allowed",
        ),
        (
            "kind: story\ntitle: A\nsources:\n  - x\n - y\n",
            "this is usually indentation",
        ),
        (
            "kind: story\ntitle: A\n  eyebrow: B\n",
            "this is usually indentation",
        ),
    ],
)
def test_yaml_tags_and_indentation(small: Path, text: str, expected: str) -> None:
    _panel(small, text)
    with pytest.raises(ContentError) as caught:
        check(small)
    assert expected in str(caught.value)


def test_a_utf16_file_is_said_to_be_utf16(small: Path) -> None:
    (small / "exhibit" / "welcome.yaml").write_bytes("kind: story\ntitle: A\n".encode("utf-16"))
    with pytest.raises(ContentError, match="UTF-16, not UTF-8"):
        check(small)


def test_only_takes_a_list_and_panel_builds_one_poster(small: Path) -> None:
    second = (small / "exhibit" / "welcome.yaml").read_text("utf-8")
    (small / "exhibit" / "second.yaml").write_text(second, "utf-8")
    settings = small / "exhibit" / "exhibition.yaml"
    settings.write_text(
        settings.read_text("utf-8").replace("  - welcome\n", "  - welcome\n  - second\n"),
        "utf-8",
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "vitrina",
            "build",
            str(small),
            "--only",
            "posters,labels",
            "--panel",
            "second",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (small / "output" / "posters").glob("*.pdf")] == ["second.pdf"]
    with pytest.raises(BuildError, match="no panel called 'third'"):
        build(small, panels=["third"])


def test_an_odd_number_of_labels_is_not_pages_of_different_sizes(small: Path) -> None:
    import json

    items = "".join(
        f"  - title: Object {n}\n    alt: Object {n}\n    placeholder: photo to come\n"
        f"    caption: A few words.\n"
        for n in range(3)
    )
    _panel(small, f"kind: captions\ntitle: Things\nsources: [example-source]\nitems:\n{items}")
    build(small, outputs=["labels"])
    report = json.loads((small / "output" / "preflight.json").read_text(encoding="utf-8"))
    assert not [f for f in report["findings"] if f["check"] == "page-size"], report["findings"]


def test_a_label_layout_with_a_page_too_many_fails_instead_of_looping(small: Path) -> None:
    """Fitting shrinks overflowing labels; a page count that no shrinking can fix must end
    the loop with a message, not run for ever."""
    from vitrina.paths import BUILTIN_LAYOUTS

    items = "  - title: Object\n    alt: Object\n    placeholder: to come\n    caption: Words.\n"
    _panel(small, f"kind: captions\ntitle: Things\nsources: [example-source]\nitems:\n{items}")
    builtin = (BUILTIN_LAYOUTS / "labels.html").read_text(encoding="utf-8")
    (small / "layouts").mkdir()
    (small / "layouts" / "labels.html").write_text(
        builtin.replace("{% endblock %}", '<p style="break-before: page">x</p>{% endblock %}'),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "vitrina", "build", str(small), "--only", "labels"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "exactly one page per label" in done.stderr, done.stderr


def test_a_low_resolution_warning_names_the_image_file_and_its_line(small: Path) -> None:
    import json

    from PIL import Image

    (small / "assets" / "images").mkdir(parents=True)
    Image.new("RGB", (120, 90), "grey").save(small / "assets" / "images" / "tiny.png")
    _panel(
        small,
        "kind: captions\ntitle: Things\nsources: [example-source]\nitems:\n"
        "  - title: Object\n    alt: A grey square\n    caption: Words.\n"
        "    image: assets/images/tiny.png\n",
    )
    build(small, outputs=["posters"])
    report = json.loads((small / "output" / "preflight.json").read_text(encoding="utf-8"))
    low = [f for f in report["findings"] if f["check"] == "image-resolution"]
    assert low, report["findings"]
    assert all("'assets/images/tiny.png'" in f["message"] for f in low), low
    assert all(f["location"].startswith("exhibit/welcome.yaml:8:") for f in low), low
