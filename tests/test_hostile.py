"""Hostile input: each case must end in a clear, located message, a non-zero exit, no
traceback, and an output/ folder left exactly as it was (issue: nothing lost, nothing
let in)."""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from conftest import copy_sample
from vitrina.cli import main
from vitrina.paths import PACKAGE_DIR

Edit = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    name: str
    edit: Edit
    expected: tuple[str, ...]
    exit_code: int = 2
    options: tuple[str, ...] = ()
    """Options for `vitrina build` (a case that fails while rendering builds one poster)."""


#: Enough to reach a layout's failure: the poster of one story panel.
ONE_POSTER = ("--panel", "manifesto")


def replace(file: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / "exhibit" / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def write(relative: str, data: bytes | str) -> Edit:
    def edit(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)

    return edit


def both(*edits: Edit) -> Edit:
    def edit(root: Path) -> None:
        for step in edits:
            step(root)

    return edit


STAMP_PLACEHOLDER = '    placeholder: "image to come: scan of the 1968 stamp"'


def stamp_image(path: str) -> Edit:
    return replace("stamp.yaml", STAMP_PLACEHOLDER, f"    image: {path}")


def png_bomb(root: Path) -> None:
    """A PNG that claims 20000 × 20000 pixels (400 megapixels) in a few hundred bytes."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 20000, 20000, 8, 0, 0, 0, 0)
    data = zlib.compress(b"\0" * 1000)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    (root / "assets" / "images").mkdir(parents=True, exist_ok=True)
    (root / "assets" / "images" / "bomb.png").write_bytes(png)


def truncated_jpeg(root: Path) -> None:
    import weasyprint  # noqa: F401 — it relaxes Pillow's truncation check process-wide

    (root / "assets" / "images").mkdir(parents=True, exist_ok=True)
    path = root / "assets" / "images" / "cut.jpg"
    Image.effect_noise((800, 600), 60).convert("RGB").save(path, quality=90)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def truncated_png(root: Path) -> None:
    (root / "assets" / "images").mkdir(parents=True, exist_ok=True)
    path = root / "assets" / "images" / "cut.png"
    Image.effect_noise((400, 300), 60).convert("RGB").save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def outside_link(root: Path) -> None:
    (root / "assets" / "images").mkdir(parents=True, exist_ok=True)
    os.symlink("/etc/passwd", root / "assets" / "images" / "link.png")


def layout(relative: str, text: str) -> Edit:
    return write(f"layouts/{relative}", text)


def builtin_css_plus(name: str, extra: str, first: bool = False) -> Edit:
    """The built-in stylesheet with ``extra`` after it (or before it: @import must come
    first), as an exhibition's override."""

    def edit(root: Path) -> None:
        builtin = (PACKAGE_DIR / "layouts" / "css" / name).read_text(encoding="utf-8")
        text = f"{extra}\n{builtin}" if first else f"{builtin}\n{extra}\n"
        layout(f"css/{name}", text)(root)

    return edit


CASES = [
    Case(
        "yaml syntax",
        replace("manifesto.yaml", "title: The manifesto", "title: [The manifesto"),
        ("exhibit/manifesto.yaml:4:", "YAML syntax error"),
    ),
    Case(
        "tab indent",
        replace("government.yaml", "  - name:", "\t- name:"),
        ("exhibit/government.yaml:", "tab"),
    ),
    Case(
        "duplicate key",
        replace(
            "manifesto.yaml", "eyebrow: December 1918", "eyebrow: December 1918\neyebrow: again"
        ),
        ("exhibit/manifesto.yaml:3:", "eyebrow", "twice"),
    ),
    Case(
        "alias bomb",
        write(
            "exhibit/bomb.yaml",
            "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
            "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
        ),
        ("exhibit/bomb.yaml", "200,000 values"),
    ),
    Case(
        "wrong type",
        replace("manifesto.yaml", "title: The manifesto and its slogan", "title: [1, 2]"),
        ("exhibit/manifesto.yaml:3:", "title", "text"),
    ),
    Case(
        "unknown key",
        replace("manifesto.yaml", "eyebrow:", "eyebrw:"),
        ("exhibit/manifesto.yaml:2:", "eyebrw", "eyebrow"),
    ),
    Case(
        "unknown kind",
        replace("manifesto.yaml", "kind: story", "kind: storey"),
        ("exhibit/manifesto.yaml:1:", "storey", "story"),
    ),
    Case("empty panel", write("exhibit/manifesto.yaml", ""), ("exhibit/manifesto.yaml", "empty")),
    Case(
        "empty exhibition",
        write("exhibit/exhibition.yaml", "# nothing yet\n"),
        ("exhibit/exhibition.yaml", "empty"),
    ),
    Case(
        "binary file",
        write("exhibit/manifesto.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00"),
        ("exhibit/manifesto.yaml", "binary"),
    ),
    Case(
        "not utf-8",
        write("exhibit/manifesto.yaml", "kind: story\ntitle: Mickevičius\n".encode("cp1257")),
        ("exhibit/manifesto.yaml:2", "UTF-8"),
    ),
    Case(
        "unknown source",
        replace("manifesto.yaml", "  - lssr-article", "  - lssr-artcle"),
        ("exhibit/manifesto.yaml:", "lssr-artcle", "lssr-article"),
    ),
    Case(
        "missing panel file",
        replace("exhibition.yaml", "  - money\n", "  - mony\n"),
        ("exhibit/exhibition.yaml:", "mony", "money"),
    ),
    Case(
        "duplicate panel id",
        replace("exhibition.yaml", "  - money\n", "  - money\n  - money\n"),
        ("exhibit/exhibition.yaml:", "listed twice"),
    ),
    Case(
        "file too large",
        write(
            "exhibit/huge.yaml",
            "kind: story\ntitle: x\nbody: |\n" + ("  words words words\n" * 120_000),
        ),
        ("exhibit/huge.yaml", "bytes"),
    ),
    Case(
        "too deep",
        write("exhibit/deep.yaml", "a: " + "[" * 60 + "]" * 60 + "\n"),
        ("exhibit/deep.yaml", "nested"),
    ),
    Case(
        "missing required",
        replace("manifesto.yaml", "title: The manifesto and its slogan\n", ""),
        ("exhibit/manifesto.yaml:", "title"),
    ),
    Case(
        "bad date",
        replace("timeline.yaml", "date: 1918-11-11", "date: 1918-13-11"),
        ("exhibit/timeline.yaml:", "date"),
    ),
    Case(
        "bad extent",
        replace("front-line.yaml", "west:", "west: 40\n  old_west:"),
        ("exhibit/front-line.yaml:",),
    ),
    Case(
        "bad paper size",
        replace("exhibition.yaml", "size: A1", "size: A9"),
        ("exhibit/exhibition.yaml:", "A9", "paper size"),
    ),
    Case(
        "remote image",
        stamp_image("https://example.com/stamp.jpg"),
        ("exhibit/stamp.yaml:", "web address", "save the file inside"),
    ),
    Case("absolute image", stamp_image("/etc/passwd"), ("exhibit/stamp.yaml:", "/etc/passwd")),
    Case(
        "traversal image",
        stamp_image("../../../../etc/passwd"),
        ("exhibit/stamp.yaml:", "outside the exhibition folder"),
    ),
    Case(
        "symlink out",
        both(outside_link, stamp_image("assets/images/link.png")),
        ("exhibit/stamp.yaml:", "outside the exhibition folder"),
    ),
    Case(
        "missing image",
        stamp_image("assets/images/nothing.jpg"),
        ("exhibit/stamp.yaml:", "does not exist"),
    ),
    Case(
        "not an image",
        both(write("assets/images/fake.png", "just text"), stamp_image("assets/images/fake.png")),
        ("exhibit/stamp.yaml:", "is not an image"),
    ),
    Case(
        "truncated jpeg",
        both(truncated_jpeg, stamp_image("assets/images/cut.jpg")),
        ("exhibit/stamp.yaml:", "damaged or cut short"),
    ),
    Case(
        "truncated png",
        both(truncated_png, stamp_image("assets/images/cut.png")),
        ("exhibit/stamp.yaml:", "damaged or cut short"),
    ),
    Case(
        "decompression bomb",
        both(png_bomb, stamp_image("assets/images/bomb.png")),
        ("exhibit/stamp.yaml:", "400 megapixels", "limits: image_megapixels"),
    ),
    Case(
        "image over the size limit",
        both(
            truncated_png,
            lambda root: (root / "assets/images/big.png").write_bytes(
                (root / "assets/images/cut.png").read_bytes()
            ),
            replace("exhibition.yaml", "posters:", "limits:\n  image_mb: 0.01\nposters:"),
            stamp_image("assets/images/big.png"),
        ),
        ("exhibit/stamp.yaml:", "MB limit", "limits: image_mb"),
    ),
    Case(
        "too many labels",
        replace("exhibition.yaml", "posters:", "limits:\n  labels: 0\nposters:"),
        ("exhibit/exhibition.yaml:", "greater than or equal to 1"),
    ),
    Case(
        "label over the limit",
        both(
            replace("exhibition.yaml", "posters:", "limits:\n  labels: 1\nposters:"),
            replace(
                "stamp.yaml",
                "sources:",
                "  - title: Second object\n    caption: Another.\n    alt: An object.\n"
                "    placeholder: to come\nsources:",
            ),
        ),
        ("exhibition.yaml", "2 objects", "limits: labels"),
    ),
    Case(
        "card larger than sheet",
        replace("exhibition.yaml", "posters:", "labels:\n  size: 400 x 300\nposters:"),
        ("exhibit/exhibition.yaml:", "does not fit on a A4 sheet"),
    ),
    Case(
        "bad language",
        replace("exhibition.yaml", "language: en", "language: English!"),
        ("exhibit/exhibition.yaml:", "language"),
    ),
    Case(
        "sources wrong type",
        write("exhibit/sources.yaml", "- just\n- a list\n"),
        ("exhibit/sources.yaml",),
    ),
    Case(
        "icc not a profile",
        both(
            write("assets/icc/press.icc", "not a profile"),
            replace(
                "exhibition.yaml",
                "posters:",
                "print:\n  icc_profile: assets/icc/press.icc\nposters:",
            ),
        ),
        ("exhibit/exhibition.yaml:", "the ICC profile 'assets/icc/press.icc' cannot be used"),
        1,
        ("--variant", "print", "--only", "labels"),
    ),
    Case(
        "icc missing",
        replace(
            "exhibition.yaml", "posters:", "print:\n  icc_profile: assets/icc/press.icc\nposters:"
        ),
        ("exhibit/exhibition.yaml:", "does not exist"),
    ),
    Case(
        "template syntax",
        layout(
            "poster.html",
            "{% extends 'builtin/poster.html' %}{% block content %}{{ oops(}{% endblock %}",
        ),
        ("poster.html", "template has an error"),
        1,
        ONE_POSTER,
    ),
    Case(
        "template missing include",
        layout("poster.html", "{% include 'nowhere.html' %}"),
        ("nowhere.html", "was not found"),
        1,
        ONE_POSTER,
    ),
    Case(
        "css escapes the folder",
        builtin_css_plus("poster.css", "body { background: url('../../../../etc/passwd'); }"),
        ("outside the exhibition folder or on the web",),
        1,
        ONE_POSTER,
    ),
    Case(
        "css fetches the web",
        builtin_css_plus("poster.css", "@import url('https://example.com/x.css');", first=True),
        ("outside the exhibition folder or on the web", "https://example.com/x.css"),
        1,
        ONE_POSTER,
    ),
    Case(
        "markdown image outside",
        replace("manifesto.yaml", "  ## Two slogans", "  ![x](/etc/passwd)\n\n  ## Two slogans"),
        ("exhibit/manifesto.yaml:12:", "captions panel"),
        2,
    ),
    Case(
        "html img in a template",
        layout("panels/story.html", '<img src="file:///etc/passwd" alt="">'),
        ("outside the exhibition folder or on the web", "/etc/passwd"),
        1,
        ONE_POSTER,
    ),
]


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_there_are_at_least_30_distinct_cases() -> None:
    assert len({case.name for case in CASES}) == len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input_is_refused_cleanly(case: Case, tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "x")
    output = root / "output"
    (output / "posters").mkdir(parents=True)
    (output / "posters" / "manifesto.pdf").write_bytes(b"%PDF-1.7 from an earlier build")
    (output / "booklet.pdf").write_bytes(b"%PDF-1.7 earlier booklet")
    (output / "preflight.json").write_text("{}\n")
    before = snapshot(output)
    case.edit(root)
    result = CliRunner().invoke(main, ["build", *case.options, str(root)], catch_exceptions=False)
    text = result.output
    assert result.exit_code == case.exit_code, text
    assert "Traceback" not in text and "internal error" not in text, text
    for expected in case.expected:
        assert expected in text, f"{expected!r} missing from:\n{text}"
    assert snapshot(output) == before
