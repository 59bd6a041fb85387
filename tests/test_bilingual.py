"""The bilingual example (examples/guide, Lithuanian and English) built once, read back.

Every word vitrina prints itself in the Lithuanian booklet is Lithuanian, the English
booklet is English, each file says its language, and every poster and label carries both
languages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from pdf_facts import page_texts
from vitrina.i18n.catalogues import words
from vitrina.resolve.fonts import FONT_CREDITS

GUIDE = Path(__file__).resolve().parent.parent / "examples" / "guide"

#: The words vitrina prints itself in every booklet of the guide (it has no map, so the
#: map's words and credit are not among them; the sample's English booklet shows those).
BOOKLET_WORDS = (
    "Contents",
    "Introduction",
    "Sources",
    "For placement only",
    "Texts and curation: %(names)s.",
    "Published by %(organisation)s.",
    "Edition of %(date)s. Made with vitrina %(version)s.",
    FONT_CREDITS,
)


@pytest.fixture(scope="session")
def built_guide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bilingual guide built once (proof variant); returns its output folder."""
    from vitrina.build import build

    root = tmp_path_factory.mktemp("guide") / "guide"
    shutil.copytree(GUIDE / "exhibit", root / "exhibit")
    build(root)
    return root / "output"


def _text(path: Path) -> str:
    """A PDF's words in reading order, lines joined, hyphenation undone, spaces single."""
    text = " ".join(page_texts(path))
    text = re.sub(r"-\s*\n\s*", "", text).replace("\u00ad", "")
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def _pieces(message: str) -> list[str]:
    """The fixed words of a message, without its placeholders, at most six words each
    (a long sentence may break over lines where the reading order differs)."""
    pieces = []
    for part in re.split(r"%\(\w+\)s", message):
        part = re.sub(r"\s+", " ", part.replace("\u00a0", " ")).strip(" .,:")
        if len(part) > 2:
            pieces.append(" ".join(part.split()[:6]))
    return pieces


def test_one_booklet_and_handout_per_language(built_guide: Path) -> None:
    names = {p.name for p in built_guide.iterdir()}
    for stem in ("booklet", "booklet-imposed", "handout"):
        assert {f"{stem}-lt.pdf", f"{stem}-en.pdf"} <= names
        assert f"{stem}.pdf" not in names
    assert {p.name for p in (built_guide / "posters").iterdir()} == {
        "text.pdf",
        "outputs.pdf",
        "cycle.pdf",
    }


@pytest.mark.parametrize("language", ["lt", "en"])
def test_every_builtin_word_of_the_booklet_is_in_its_language(
    built_guide: Path, language: str
) -> None:
    text = _text(built_guide / f"booklet-{language}.pdf").casefold()
    for message in BOOKLET_WORDS:
        for piece in _pieces(words(language).gettext(message)):
            assert piece.casefold() in text, f"{language}: {piece!r} is not in the booklet"
    other = "en" if language == "lt" else "lt"
    for message in ("Contents", "Introduction", "For placement only"):
        assert words(other).gettext(message).casefold() not in text


def test_dates_in_each_booklet_are_in_its_language(built_guide: Path) -> None:
    lithuanian = _text(built_guide / "booklet-lt.pdf")
    english = _text(built_guide / "booklet-en.pdf")
    assert "2026 m. gruodžio 1 d." in lithuanian  # the opening day on the cover
    assert "2026 m. lapkričio 27 d." in lithuanian  # the edition, in the colophon
    assert "1 December 2026" in english and "27 November 2026" in english
    assert "December" not in lithuanian and "gruodžio" not in english


def test_each_file_names_its_language(built_guide: Path) -> None:
    for language in ("lt", "en"):
        for stem in ("booklet", "handout"):
            root = PdfReader(built_guide / f"{stem}-{language}.pdf").trailer["/Root"]
            assert root["/Lang"] == language
    for poster in (built_guide / "posters").iterdir():
        assert PdfReader(poster).trailer["/Root"]["/Lang"] == "lt"  # the primary language


def test_the_handout_speaks_its_language(built_guide: Path) -> None:
    lithuanian = _text(built_guide / "handout-lt.pdf")
    english = _text(built_guide / "handout-en.pdf")
    for message in ("In the exhibition", "On show", "Visit", "Further reading"):
        assert words("lt").gettext(message).casefold() in lithuanian.casefold()  # set in capitals
        assert message.casefold() in english.casefold()
    assert "Kaip dirba vitrina" in lithuanian and "How vitrina works" in english


def test_every_poster_and_label_carries_both_languages(built_guide: Path) -> None:
    from vitrina.build import check

    exhibit = check(built_guide.parent)
    english = exhibit.in_language("en")
    for entry, other in zip(exhibit.panels, english.panels, strict=True):
        text = _text(built_guide / "posters" / f"{entry.id}.pdf")
        assert entry.panel.title in text and other.panel.title in text, entry.id
        assert entry.panel.lede.split()[0] in text and other.panel.lede.split()[0] in text
        assert "Šaltiniai / Sources" in text
    labels = _text(built_guide / "labels.pdf")
    for entry, other in zip(exhibit.panels, english.panels, strict=True):
        items = zip(
            getattr(entry.panel, "items", []), getattr(other.panel, "items", []), strict=True
        )
        for item, own in items:
            assert item.caption.strip() in labels and own.caption.strip() in labels
            assert item.title in labels and own.title in labels
