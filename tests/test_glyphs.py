"""Characters the shipped fonts cannot draw are located errors (issue 17), not empty boxes
or a font borrowed from the build machine."""

from __future__ import annotations

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


def _title(small: Path, title: str) -> None:
    panel = small / "exhibit" / "welcome.yaml"
    text = panel.read_text(encoding="utf-8")
    panel.write_text(text.replace("title: The first panel", f"title: {title}"), "utf-8")


@pytest.mark.parametrize(
    ("title", "character"),
    [
        ("Tokyo 東京", "U+6771 CJK UNIFIED IDEOGRAPH-6771"),
        ("A party 🎉", "U+1F389 PARTY POPPER"),
        ("Shalom שלום", "U+05E9 HEBREW LETTER SHIN"),
        ("Salam سلام", "U+0633 ARABIC LETTER SEEN"),
    ],
)
def test_a_character_no_font_has_is_a_located_error(
    small: Path, title: str, character: str
) -> None:
    _title(small, title)
    with pytest.raises(ContentError) as caught:
        check(small)
    message = str(caught.value)
    assert "exhibit/welcome.yaml:4:" in message and "error: title:" in message, message
    assert character in message


def test_the_scripts_the_fonts_cover_pass(small: Path) -> None:
    _title(small, "Žalgiris – «Ąžuolas» Москва Ἀθῆναι “quoted” … 1 000 €")
    check(small)


def test_no_font_of_the_machine_is_ever_used(small: Path) -> None:
    """A template's own text (not checked as content) in a script the fonts lack must not
    pull in a system font (DejaVu has Hebrew)."""
    from pdf_facts import fonts
    from vitrina.build import build

    (small / "layouts").mkdir()
    (small / "layouts" / "poster.html").write_text(
        '<html><body><p style="font-family: serif">{{ panel.title }} שלום</p></body></html>',
        encoding="utf-8",
    )
    build(small, outputs=["posters"])
    used = fonts(small / "output" / "posters" / "welcome.pdf")
    shipped = ("Vitrina", "Charis", "Noto")
    assert used and all(any(font in name for font in shipped) for name in used), used


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not DEJAVU.is_file(), reason="needs a font with Hebrew to copy")
def test_a_font_in_assets_fonts_covers_what_vitrina_lacks(small: Path) -> None:
    import shutil

    from pdf_facts import page_texts
    from vitrina.build import build

    _title(small, "Shalom שלום")
    (small / "assets" / "fonts").mkdir(parents=True)
    shutil.copyfile(DEJAVU, small / "assets" / "fonts" / "DejaVuSans.ttf")
    check(small)
    build(small, outputs=["posters"])
    from pdf_facts import fonts

    poster = small / "output" / "posters" / "welcome.pdf"
    assert "שלום" in page_texts(poster)[0]
    assert any("DejaVu" in name for name in fonts(poster)), fonts(poster)


def test_a_font_linked_from_outside_is_refused(small: Path, tmp_path: Path) -> None:
    import os

    outside = tmp_path / "font.ttf"
    outside.write_bytes(b"not really a font")
    (small / "assets" / "fonts").mkdir(parents=True)
    os.symlink(outside, small / "assets" / "fonts" / "linked.ttf")
    with pytest.raises(ContentError, match=r"assets/fonts/linked\.ttf.*leads outside"):
        check(small)
