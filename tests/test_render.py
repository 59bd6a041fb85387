"""Full renders of the sample exhibition, checked by reading the PDFs back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pdf_facts import (
    boxes_mm,
    fonts,
    has_raster_images,
    page_objects,
    page_sizes_mm,
    page_texts,
)
from vitrina.build import build

PANELS = ["introduction", "manifesto", "government", "front-line", "money", "stamp", "timeline"]


def test_one_a1_poster_per_panel(built_sample: Path) -> None:
    posters = built_sample / "output" / "posters"
    assert sorted(p.stem for p in posters.glob("*.pdf")) == sorted(PANELS)
    for name in PANELS:
        pdf = posters / f"{name}.pdf"
        assert len(page_texts(pdf)) == 1, name
        boxes = boxes_mm(pdf)
        assert boxes["trim"] == (0.0, 0.0, 594.0, 841.0), name  # A1, the trimmed size
        assert boxes["bleed"] == (-3.0, -3.0, 600.0, 847.0), name  # 3 mm bleed all round
        assert boxes["media"] == boxes["bleed"]


def test_poster_background_runs_into_the_bleed(built_sample: Path) -> None:
    import pypdfium2

    document = pypdfium2.PdfDocument(built_sample / "output" / "posters" / "introduction.pdf")
    image = document[0].render(scale=0.5).to_pil().convert("RGB")
    # The outermost pixels (inside the bleed) are paper-coloured, not white.
    assert image.getpixel((1, 1)) == image.getpixel((image.width // 2, 20)) != (255, 255, 255)


def test_booklet_is_a5_with_cover_and_contents(built_sample: Path) -> None:
    booklet = built_sample / "output" / "booklet.pdf"
    assert set(page_sizes_mm(booklet, "trimbox")) == {(148.0, 210.0)}
    assert set(page_sizes_mm(booklet)) == {(154.0, 216.0)}  # 3 mm bleed all round
    texts = page_texts(booklet)
    assert "A Republic Declared" in texts[0]
    assert "Contents" in texts[1]
    assert "SIL Open Font License" in " ".join(texts[-1].split())  # colophon, back cover
    assert "Made with vitrina" in texts[-1] and "Sources" not in texts[-1]


def test_booklet_cover_flood_runs_into_the_bleed(built_sample: Path) -> None:
    import pypdfium2

    page = pypdfium2.PdfDocument(built_sample / "output" / "booklet.pdf")[0]
    image = page.render(scale=1).to_pil().convert("L")
    for corner in ((1, 1), (image.width - 2, image.height - 2)):  # inside the bleed
        assert image.getpixel(corner) < 60


def test_contents_page_numbers_are_where_sections_start(built_sample: Path) -> None:
    booklet = built_sample / "output" / "booklet.pdf"
    texts = page_texts(booklet)
    contents = texts[1].replace("\r", "")
    from vitrina.build import check
    from vitrina.resolve.typography import typographic

    exhibit = check(built_sample)
    for entry in exhibit.panels:
        title = typographic(entry.panel.title)  # as printed: The Red Army’s advance
        match = re.search(re.escape(title) + r"\s*(\d+)", contents)
        assert match, title
        page_number = int(match[1])
        page_text = " ".join(texts[page_number - 1].split())
        assert title in page_text, (title, page_number)
        # … and it is the first page on which the section's title appears as a heading.
        assert all(title not in " ".join(t.split()) for t in texts[2 : page_number - 1]), title


def test_lithuanian_text_extracts_intact(built_sample: Path) -> None:
    government = " ".join(page_texts(built_sample / "output" / "posters" / "government.pdf"))
    for name in (
        "Vincas Mickevičius-Kapsukas",
        "Aleksandras Jakševičius",
        "Aizikas Vainšteinas",
        "Konstantinas Kernovičius",
        "Pranas Eidukevičius",
    ):
        assert name in government
    booklet = " ".join(page_texts(built_sample / "output" / "booklet.pdf"))
    for word in (
        "Švenčionys",
        "Panevėžys",
        "Čepėnas",
        "Lietuvos kariuomenė",
        "Žalys",
        "Lietuvių enciklopedija",
        "Pinigų cirkuliacijos",
    ):
        assert word in booklet, word


def test_every_font_is_embedded(built_sample: Path) -> None:
    for pdf in [
        built_sample / "output" / "booklet.pdf",
        *sorted((built_sample / "output" / "posters").glob("*.pdf")),
    ]:
        found = fonts(pdf)
        assert found, pdf
        assert all(found.values()), (pdf.name, found)
        assert all("Vitrina" in name for name in found), found  # only the shipped fonts


def test_graphics_are_vector_with_extractable_text(built_sample: Path) -> None:
    posters = built_sample / "output" / "posters"
    for name in ("front-line", "money", "timeline"):
        assert not has_raster_images(posters / f"{name}.pdf")
        assert page_objects(posters / f"{name}.pdf", 0).count(2) > 20  # many vector paths
    map_text = " ".join(page_texts(posters / "front-line.pdf"))
    for town in ("Vilnius", "Kaunas", "Daugavpils", "Zarasai", "Švenčionys", "Nemunas"):
        assert town in map_text
    assert "100 million" in " ".join(page_texts(posters / "money.pdf"))


def test_front_line_red_is_drawn(built_sample: Path) -> None:
    import pypdfium2

    document = pypdfium2.PdfDocument(built_sample / "output" / "posters" / "front-line.pdf")
    image = document[0].render(scale=0.2).to_pil().convert("RGB")
    red = sum(1 for r, g, b in image.get_flattened_data() if r > 130 and g < 70 and b < 70)
    assert red > 100


def test_two_builds_are_byte_identical(built_sample: Path, tmp_path: Path) -> None:
    """Booklet, imposed booklet, labels and handout, rebuilt, are the same to the byte
    (posters are written by the same reproducible path)."""
    again = tmp_path / "again"
    build(built_sample, outputs=["booklet", "labels", "handout"], output_dir=again)
    first = built_sample / "output"
    compared = 0
    for pdf in sorted(again.rglob("*.pdf")):
        assert pdf.read_bytes() == (first / pdf.relative_to(again)).read_bytes(), pdf.name
        compared += 1
    assert compared >= 4


@pytest.mark.parametrize("size", ["A3", "420 x 600"])
def test_poster_size_can_be_set_per_exhibition(sample_dir: Path, size: str) -> None:
    from conftest import keep_panels

    keep_panels(sample_dir, "manifesto", "front-line")
    settings = sample_dir / "exhibit" / "exhibition.yaml"
    settings.write_text(settings.read_text().replace("size: A1", f"size: {size}"))
    build(sample_dir, outputs=["posters"])
    assert len(list((sample_dir / "output" / "posters").glob("*.pdf"))) == 2
    width, height = {"A3": (297.0, 420.0), "420 x 600": (420.0, 600.0)}[size]
    for pdf in (sample_dir / "output" / "posters").glob("*.pdf"):
        assert boxes_mm(pdf)["trim"] == (0.0, 0.0, width, height)


def test_crop_marks_sit_outside_the_bleed(sample_dir: Path) -> None:
    settings = sample_dir / "exhibit" / "exhibition.yaml"
    text = settings.read_text().replace(
        "  min_body_pt: 20", "  min_body_pt: 20\n  crop_marks: true"
    )
    settings.write_text(text)
    from conftest import keep_panels

    keep_panels(sample_dir, "money")
    build(sample_dir, outputs=["posters"])
    boxes = boxes_mm(sample_dir / "output" / "posters" / "money.pdf")
    media, trim, bleed = boxes["media"], boxes["trim"], boxes["bleed"]
    assert trim[2:] == (594.0, 841.0)
    assert bleed == (trim[0] - 3, trim[1] - 3, 600.0, 847.0)
    assert media[2] > bleed[2] + 10 and media[3] > bleed[3] + 10  # room for the marks
    assert page_objects(sample_dir / "output" / "posters" / "money.pdf", 0).count(2) > 20


def test_booklet_pads_to_a_multiple_of_four_and_is_imposed(built_sample: Path) -> None:
    booklet = built_sample / "output" / "booklet.pdf"
    texts = page_texts(booklet)
    assert len(texts) % 4 == 0
    assert "Made with vitrina" in texts[-1]  # the back cover stays the last page
    imposed = built_sample / "output" / "booklet-imposed.pdf"
    assert page_sizes_mm(imposed) == [(320.0, 225.0)] * (len(texts) // 2)
    first_sheet = " ".join(page_texts(imposed)[0].split())
    assert "Made with vitrina" in first_sheet and "A Republic Declared" in first_sheet
