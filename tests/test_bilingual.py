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
from vitrina.resolve.typography import typographic

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
            assert typographic(item.caption.strip(), "lt") in labels
            assert typographic(own.caption.strip(), "en") in labels
            assert item.title in labels and own.title in labels


def _found(path: Path, text: str, page: int = 0) -> tuple[tuple[float, float, float, float], str]:
    """Where the text's first character is drawn (left, bottom, right, top in points, y
    up) and the name of its font, read from the PDF with pdfium."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    textpage = pdfium.PdfDocument(path)[page].get_textpage()
    found = textpage.search(text).get_next()
    assert found is not None, f"{text!r} is not in {path.name}"
    index = found[0]
    name = ctypes.create_string_buffer(200)
    raw.FPDFText_GetFontInfo(textpage.raw, index, name, 200, None)
    return textpage.get_charbox(index), name.value.decode()


def test_a_timeline_event_reads_in_both_languages(built_guide: Path) -> None:
    """The cycle poster's timeline gives an event's date, title and text in English too,
    under the Lithuanian, in the second language's italic, before the next event."""
    poster = built_guide / "posters" / "cycle.pdf"
    lt_date, lt_font = _found(poster, "2026 m. lapkričio 20 d.")
    lt_text, _ = _found(poster, "Komanda check praneša")
    en_date, en_font = _found(poster, "20 Nov 2026")
    en_title, en_title_font = _found(poster, "The files are checked")
    en_text, en_text_font = _found(poster, "The check command reports every missing translation")
    next_event, _ = _found(poster, "2026 m. gruodžio 1 d.")
    assert "Italic" not in lt_font
    assert all("Italic" in font for font in (en_font, en_title_font, en_text_font))
    # One under the other, all at the label's left edge, none on another.
    assert lt_date[1] > lt_text[3] and lt_text[1] > en_date[3] and en_date[1] > en_text[3]
    assert en_text[1] > next_event[3]
    assert abs(en_title[1] - en_date[1]) < 2  # the English title follows its date
    assert max(abs(box[0] - lt_date[0]) for box in (lt_text, en_date, en_text)) < 1.5
    # An event whose date reads the same in both ("2027") gives it once.
    assert _text(poster).count("2027") == 1


def test_each_language_gets_its_own_quotation_marks(built_guide: Path) -> None:
    """Straight quotes typed in the YAML are set as each language sets them: „…“ in the
    Lithuanian, “…” in the English of the same poster or label."""
    poster = _text(built_guide / "posters" / "outputs.pdf")
    assert "„Turinys“" in poster and "“Contents”" in poster
    assert "„Contents“" not in poster
    labels = _text(built_guide / "labels.pdf")
    assert "„Turinys“" in labels and "“Contents”" in labels
    assert "„Contents“" not in labels


@pytest.mark.parametrize("stem", ["booklet", "handout"])
def test_a_graphic_in_a_one_language_file_is_in_that_language(built_guide: Path, stem: str) -> None:
    lithuanian = _text(built_guide / f"{stem}-lt.pdf")
    english = _text(built_guide / f"{stem}-en.pdf")
    assert "Komanda check praneša" in lithuanian and "The check command" not in lithuanian
    assert "lapkričio 20" in lithuanian and "20 Nov 2026" not in lithuanian
    assert "The check command reports" in english and "Komanda check" not in english
    assert "20 Nov 2026" in english and "Parašomi tekstai" not in english


def test_a_second_language_starting_a_column_starts_at_its_top(built_guide: Path) -> None:
    """On the outputs poster the English text starts the second column: its first line
    stands level with the Lithuanian's first (a margin of its own once pushed it down
    3.5 mm)."""
    poster = built_guide / "posters" / "outputs.pdf"
    first, _ = _found(poster, "Plakatai ir etiketės rodo")
    second, _ = _found(poster, "Posters and labels show")
    if second[0] - first[0] < 50:  # not beside it: the layout changed, nothing to see
        pytest.skip("the English text does not start a column on this poster")
    assert abs(second[3] - first[3]) < 3


def test_a_title_in_the_second_language_stands_under_its_title(tmp_path: Path) -> None:
    """In a series where one title takes two lines, a one-line title's English stands
    right under it (it stood under the room kept for a second line, 62 pt lower)."""
    from vitrina.build import build

    root = tmp_path / "guide"
    shutil.copytree(GUIDE / "exhibit", root / "exhibit")
    panel = root / "exhibit" / "text.yaml"
    panel.write_text(
        panel.read_text(encoding="utf-8").replace(
            "lt: Iš teksto į spaudą",
            "lt: Iš paprasto teksto į spaudai paruoštus plakatus ir knygeles",
            1,
        ),
        encoding="utf-8",
    )
    build(root, outputs=["posters"])
    posters = root / "output" / "posters"
    title, _ = _found(posters / "outputs.pdf", "Kas atspausdinama")
    second, _ = _found(posters / "outputs.pdf", "What comes out")
    lede, _ = _found(posters / "outputs.pdf", "Iš tų pačių failų")
    size = title[3] - title[1]  # the capital K's height
    assert title[1] - second[3] < size * 0.8  # under the title, not a title line lower
    assert second[1] > lede[3]  # and above the lede
    # The two-line title keeps its English too, whole, under its second line.
    long_title, _ = _found(posters / "text.pdf", "knygeles")
    long_second, _ = _found(posters / "text.pdf", "From text to print")
    assert long_title[1] - long_second[3] < size * 0.8
