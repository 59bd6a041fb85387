"""The visitor handout: A4 sheet and tri-fold, office-printer safe, greyscale option."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_raw
import pytest
import yaml
from pypdf import PdfReader

from pdf_facts import drawing_operators, fonts, page_sizes_mm, page_texts
from vitrina.build import build, check
from vitrina.errors import BuildError

COLOUR_OPERATORS = {b"rg", b"RG", b"k", b"K", b"sc", b"SC", b"scn", b"SCN", b"cs", b"CS"}


MM = 72 / 25.4


def _set(root: Path, **handout: object) -> None:
    settings_path = root / "exhibit" / "exhibition.yaml"
    settings = yaml.safe_load(settings_path.read_text(encoding="utf-8"))
    settings["handout"] = {**settings.get("handout", {}), **handout}
    settings["venue"] = "Vilniaus paveikslų galerija, Didžioji g. 4"
    settings["opens"] = "2027-02-16"
    settings["closes"] = "2027-05-30"
    settings_path.write_text(
        yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


VISIT = {
    "address": "Didžioji g. 4, LT-01128 Vilnius",
    "opening_hours": "Tuesday–Sunday 11:00–18:00",
    "admission": "€5, reduced €2.50",
    "accessibility": "Step-free entrance from the courtyard",
    "web": "www.example.org/republic",
}


def _visit(root: Path, visit: dict[str, str]) -> None:
    settings_path = root / "exhibit" / "exhibition.yaml"
    settings = yaml.safe_load(settings_path.read_text(encoding="utf-8"))
    settings["visit"] = visit
    settings_path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def handouts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from conftest import copy_sample

    made = {}
    for name, settings, grey in (
        ("sheet", {"format": "sheet"}, False),
        ("trifold", {"format": "trifold"}, False),
        ("grey", {"format": "trifold"}, True),
    ):
        root = copy_sample(tmp_path_factory.mktemp(name) / "sample")
        _set(root, **settings)
        if name == "trifold":
            _visit(root, VISIT)
        variants = ["proof", "print"] if name == "trifold" else ["proof"]
        build(root, outputs=["handout"], grey=grey, variants=variants)
        made[name] = root / "output" / "handout.pdf"
        if name == "trifold":
            made["trifold-print"] = root / "output" / "print" / "handout.pdf"
    return made


def _texts_of_panels(root: Path) -> list[str]:
    """The first words of every panel's summary (or lede), as the handout shows them."""
    exhibit = check(root)
    texts = []
    for entry in exhibit.panels:
        text = entry.panel.summary or entry.panel.lede
        texts.append(" ".join(text.split()[:5]))
    return texts


@pytest.mark.parametrize(("name", "size"), [("sheet", (210.0, 297.0)), ("trifold", (297.0, 210.0))])
def test_two_pages_of_a4(handouts: dict[str, Path], name: str, size: tuple) -> None:
    assert page_sizes_mm(handouts[name]) == [size, size]
    assert all(fonts(handouts[name]).values())


@pytest.mark.parametrize("name", ["sheet", "trifold"])
def test_every_panel_and_the_details_are_there(handouts: dict[str, Path], name: str) -> None:
    path = handouts[name]
    text = " ".join(" ".join(page.split()) for page in page_texts(path)).replace("’", "'")
    for start in _texts_of_panels(path.parent.parent):
        assert start in text
    assert "A Republic Declared Elsewhere" in text
    assert "Vilniaus paveikslų galerija, Didžioji g. 4" in text
    assert "16 February – 30 May 2027" in text  # the year once
    assert "Vincas Mickevičius-Kapsukas" in text  # the roster's head
    assert "Stamp for the 50th anniversary" in text  # the object on show
    assert "FURTHER READING" in text.upper()
    assert "Čepėnas, Pranas" in text  # a cited work, with its diacritics


def _x_mm(path: Path, page: int, needle: str) -> float:
    """Where (mm from the left) a piece of text starts on a page."""
    document = pypdfium2.PdfDocument(path)
    textpage = document[page].get_textpage()
    full = textpage.get_text_range()
    index = full.index(needle)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    pdfium_raw.FPDFText_GetCharBox(
        textpage.raw, index, *(ctypes.byref(v) for v in (left, right, bottom, top))
    )
    document.close()
    return left.value * 25.4 / 72


def test_trifold_panels_are_where_the_folds_put_them(handouts: dict[str, Path]) -> None:
    path = handouts["trifold"]
    # Outside: inside flap (0–97 mm) | back (97–197) | front cover (197–297).
    assert 0 < _x_mm(path, 0, "IN THE EXHIBITION") < 97
    assert 97 < _x_mm(path, 0, "VISIT") < 197
    assert 197 < _x_mm(path, 0, "A Republic") < 297
    # Inside: introduction (0–100) | map (100–200) | timeline behind the flap (200–297).
    assert 0 < _x_mm(path, 1, "a provisional revolutionary") < 100
    assert 100 < _x_mm(path, 1, "THE RED ARMY") < 200
    assert 200 < _x_mm(path, 1, "FROM PARTY CONGRESS") < 297


@pytest.mark.parametrize("name", ["sheet", "trifold", "grey"])
def test_nothing_within_5_mm_of_the_edge(handouts: dict[str, Path], name: str) -> None:
    document = pypdfium2.PdfDocument(handouts[name])
    for page in document:
        image = page.render(scale=150 / 72).to_pil().convert("L")
        band = round(5 * 150 / 25.4)
        width, height = image.size
        for box in (
            (0, 0, width, band),
            (0, height - band, width, height),
            (0, 0, band, height),
            (width - band, 0, width, height),
        ):
            assert image.crop(box).getextrema()[0] >= 250, f"mark within 5 mm of the edge: {box}"
    document.close()


def test_grey_handout_has_no_colour(handouts: dict[str, Path]) -> None:
    for page in range(len(PdfReader(handouts["grey"]).pages)):
        operators = drawing_operators(handouts["grey"], page)
        assert not operators & COLOUR_OPERATORS
        assert b"g" in operators or b"G" in operators
    # The same handout in colour does use colour.
    assert b"rg" in drawing_operators(handouts["trifold"], 1)


def test_grey_setting_does_what_the_option_does(sample_dir: Path) -> None:
    _set(sample_dir, format="sheet", grey=True)
    report = build(sample_dir, outputs=["handout"])
    assert "greyscale" in [note.text for note in report.outputs[0].notes]


def test_too_much_for_a_panel_names_it_and_by_how_much(sample_dir: Path) -> None:
    _set(sample_dir, format="trifold")
    story = sample_dir / "exhibit" / "manifesto.yaml"
    data = yaml.safe_load(story.read_text(encoding="utf-8"))
    data["summary"] = " ".join([data["lede"].strip()] * 12)
    story.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build(sample_dir, outputs=["handout"])
    message = str(caught.value)
    assert "inside flap" in message and "summary" in message
    over = int(message.split("over by about ")[1].split(" mm")[0])
    assert 20 < over < 400
    assert not (sample_dir / "output").exists()


@pytest.mark.parametrize(
    ("name", "edge"), [("sheet", "/DuplexFlipLongEdge"), ("trifold", "/DuplexFlipShortEdge")]
)
def test_handout_says_how_to_print_both_sides(
    handouts: dict[str, Path], name: str, edge: str
) -> None:
    from pypdf import PdfReader

    preferences = PdfReader(handouts[name]).trailer["/Root"]["/ViewerPreferences"]
    assert preferences["/Duplex"] == edge


def test_trifold_for_the_press_has_fold_marks_outside_the_trim(
    handouts: dict[str, Path],
) -> None:
    """Fold guides in registration colour above and below the trim, where the panels meet
    (97 and 197 mm on the outside, 100 and 200 mm inside), none inside the A4 trim."""
    import pypdfium2
    from pypdf import PdfReader

    path = handouts["trifold-print"]
    assert (
        PdfReader(path).trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/DuplexFlipShortEdge"
    )
    for index, folds in ((0, (97, 197)), (1, (100, 200))):
        page = PdfReader(path).pages[index]
        trim = [float(v) / MM for v in page.trimbox]
        assert round(trim[2] - trim[0]) == 297 and round(trim[3] - trim[1]) == 210
        spaces = page["/Resources"]["/ColorSpace"]
        assert any(s.get_object()[1] == "/All" for s in spaces.values())
        image = pypdfium2.PdfDocument(path)[index].render(scale=4).to_pil().convert("L")
        scale = 4 * MM
        above = image.height - (trim[3] + 5) * scale  # 5 mm above the trim
        for fold in folds:
            x = (trim[0] + fold) * scale
            column = [
                image.getpixel((round(x) + dx, round(above) + dy))
                for dx in (-1, 0, 1)
                for dy in range(-8, 8)
            ]
            assert min(column) < 128, f"no fold mark at {fold} mm"
        between = (trim[0] + 50) * scale
        assert min(image.getpixel((round(between), round(above) + dy)) for dy in range(-8, 8)) > 200


def test_visit_fields_fill_the_visit_block_and_missing_ones_print_nothing(
    handouts: dict[str, Path],
) -> None:
    given = " ".join(" ".join(page.split()) for page in page_texts(handouts["trifold"]))
    for label, value in zip(
        ("ADDRESS", "OPENING HOURS", "ADMISSION", "ACCESSIBILITY", "WEB"),
        VISIT.values(),
        strict=True,
    ):
        assert value in given
        assert label in given or label == "ADDRESS"  # the address goes under the venue
    left_out = " ".join(" ".join(page.split()) for page in page_texts(handouts["sheet"]))
    for label in ("ADDRESS", "OPENING HOURS", "ADMISSION", "ACCESSIBILITY", "WEB"):
        assert label not in left_out


def _inked_rows(path: Path, page: int, left_mm: float, right_mm: float) -> list[bool]:
    """For each 1 mm row of a vertical strip of a page: whether anything is printed."""
    per_mm = 4
    document = pypdfium2.PdfDocument(path)
    image = document[page].render(scale=per_mm * 25.4 / 72).to_pil().convert("L")
    document.close()
    strip = image.crop((int(left_mm * per_mm), 0, int(right_mm * per_mm), image.height))
    pixels = strip.load()
    inked = [any(pixels[x, y] < 200 for x in range(strip.width)) for y in range(strip.height)]
    return [any(inked[y : y + per_mm]) for y in range(0, len(inked), per_mm)]


def _longest_blank(rows: list[bool]) -> int:
    longest = run = 0
    for ink in rows:
        run = 0 if ink else run + 1
        longest = max(longest, run)
    return longest


def test_trifold_cover_carries_a_picture_and_no_empty_band(handouts: dict[str, Path]) -> None:
    """The cover panel (right third of the outside) holds the title, a picture and where
    and when at its foot: no empty band over a quarter of its height (it was 55 %)."""
    rows = _inked_rows(handouts["trifold"], 0, 197 + 8, 297 - 8)[8:-8]
    assert _longest_blank(rows) < 0.25 * len(rows)
    assert "Vilniaus paveikslų galerija" in page_texts(handouts["trifold"])[0]


def test_trifold_inside_panels_are_balanced(handouts: dict[str, Path]) -> None:
    """The inside left and middle panels are filled to within a quarter of the height of
    each other (the map and the roster both in the middle left the left half empty)."""
    fills = []
    for left, right in ((0, 100), (100, 200)):
        rows = _inked_rows(handouts["trifold"], 1, left + 8, right - 8)[8:-8]
        inked = [y for y, ink in enumerate(rows) if ink]
        fills.append((inked[-1] + 1) / len(rows))
    assert abs(fills[0] - fills[1]) < 0.25, fills
