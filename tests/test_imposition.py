"""Saddle-stitch imposition: page order, creep and marks on real sheets."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from pdf_facts import page_sizes_mm, page_texts
from vitrina.finish.imposition import impose, saddle_stitch_order

MM = 72 / 25.4


def test_order_for_8_pages() -> None:
    assert saddle_stitch_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]


def test_order_for_12_pages() -> None:
    assert saddle_stitch_order(12) == [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]


def test_order_for_48_pages() -> None:
    sides = saddle_stitch_order(48)
    assert len(sides) == 24  # 12 sheets, two sides each
    assert sides[:2] == [(48, 1), (2, 47)]
    assert sides[-2:] == [(26, 23), (24, 25)]  # the centre spread
    # Every page exactly once, and facing pages always add up to n + 1.
    assert sorted(p for side in sides for p in side) == list(range(1, 49))
    assert all(left + right == 49 for left, right in sides)


@pytest.mark.parametrize("count", [0, 6, 10])
def test_order_needs_a_multiple_of_four(count: int) -> None:
    with pytest.raises(ValueError, match="multiple of 4"):
        saddle_stitch_order(count)


def numbered_pdf(count: int) -> bytes:
    """An A5 document whose pages say 'page N'."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(148 * MM, 210 * MM), invariant=1)
    for number in range(1, count + 1):
        pdf.drawString(20 * MM, 100 * MM, f"page {number}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_imposed_sheets_carry_the_right_pages(tmp_path: Path) -> None:
    imposed = tmp_path / "imposed.pdf"
    imposed.write_bytes(impose(numbered_pdf(12), (320, 225)))
    assert page_sizes_mm(imposed) == [(320.0, 225.0)] * 6
    texts = [" ".join(t.split()) for t in page_texts(imposed)]
    assert texts[0] == "page 12 page 1"
    assert texts[1] == "page 2 page 11"
    assert texts[-1] == "page 6 page 7"
    trim = PdfReader(imposed).pages[0].trimbox
    assert round(float(trim.width) / MM) == 296 and round(float(trim.height) / MM) == 210


def test_creep_moves_inner_pages_towards_the_spine() -> None:
    def left_page_x(pdf: bytes, side: int) -> float:
        import pypdfium2

        document = pypdfium2.PdfDocument(pdf)
        text = document[side].get_textpage()
        return min(text.get_charbox(i)[0] for i in range(text.count_chars()))

    flat = impose(numbered_pdf(12), (320, 225), creep_mm=0)
    crept = impose(numbered_pdf(12), (320, 225), creep_mm=1.5)
    assert left_page_x(crept, 0) == pytest.approx(left_page_x(flat, 0), abs=0.01)  # outer
    assert left_page_x(crept, 4) - left_page_x(flat, 4) == pytest.approx(1.5 * MM, abs=0.05)


def bleeding_pdf(count: int, bleed_mm: float = 3.0, alternate: bool = False) -> bytes:
    """A5 pages with 3 mm bleed, each filled edge to edge (into the bleed) with black (or,
    ``alternate``, odd pages black and even pages mid-grey)."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, FloatObject, NameObject

    bleed = bleed_mm * MM
    buffer = io.BytesIO()
    size = (148 * MM + 2 * bleed, 210 * MM + 2 * bleed)
    pdf = canvas.Canvas(buffer, pagesize=size, invariant=1)
    for number in range(1, count + 1):
        pdf.setFillGray(0.5 if alternate and number % 2 == 0 else 0)
        pdf.rect(0, 0, *size, stroke=0, fill=1)
        pdf.showPage()
    pdf.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buffer.getvalue())))
    for page in writer.pages:
        trim = [bleed, bleed, size[0] - bleed, size[1] - bleed]
        page[NameObject("/TrimBox")] = ArrayObject(FloatObject(v) for v in trim)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_bleed_is_clipped_at_each_pages_trim_on_the_sheet() -> None:
    """Neighbouring pages meet at the spine; a page's bleed must not spill past its trim
    onto the sheet (where it would print outside the cut)."""
    import pypdfium2

    imposed = impose(bleeding_pdf(4), (320, 225), marks=False)
    scale = 2.0  # pixels per point
    image = pypdfium2.PdfDocument(imposed)[0].render(scale=scale).to_pil().convert("L")
    left = (320 - 296) / 2 * MM * scale
    bottom_gap = (225 - 210) / 2 * MM * scale
    middle_y = image.height // 2
    # Inside the trim: black; 1.5 mm outside it (where the bleed would be): paper white.
    assert image.getpixel((int(left + 5), middle_y)) < 20
    assert image.getpixel((int(left - 1.5 * MM * scale), middle_y)) > 235
    assert image.getpixel((image.width // 2, int(bottom_gap - 1.5 * MM * scale))) > 235
    assert image.getpixel((image.width // 2, int(bottom_gap + 5))) < 20


def test_bleed_is_carried_to_the_sheet_except_at_the_spine() -> None:
    """With ``bleed_mm`` the three cut edges of each spread keep the pages' bleed; at the
    spine each page ends at its trim, so neither page's bleed covers its neighbour."""
    import pypdfium2

    imposed = impose(bleeding_pdf(4, alternate=True), (320, 225), marks=True, bleed_mm=3.0)
    sheet = PdfReader(io.BytesIO(imposed)).pages[0]
    trim = [round(float(v) / MM, 1) for v in sheet.trimbox]
    assert [round(float(v) / MM, 1) for v in sheet.bleedbox] == [
        trim[0] - 3,
        trim[1] - 3,
        trim[2] + 3,
        trim[3] + 3,
    ]
    scale = 2.0
    image = pypdfium2.PdfDocument(imposed)[0].render(scale=scale).to_pil().convert("L")
    left, right = trim[0] * MM * scale, trim[2] * MM * scale
    top = image.height - trim[3] * MM * scale
    spine, middle_y = image.width // 2, image.height // 2
    outside = 1.5 * MM * scale
    # Sheet 1 front: page 4 (grey) on the left, page 1 (black) on the right.
    assert 100 < image.getpixel((int(left - outside), middle_y)) < 160  # page 4's bleed
    assert image.getpixel((int(right + outside), middle_y)) < 20  # page 1's bleed
    assert image.getpixel((spine + 100, int(top - outside))) < 20  # above the trim too
    assert image.getpixel((int(left - 4 * MM * scale), middle_y)) > 235  # past the bleed
    assert 100 < image.getpixel((spine - 2, middle_y)) < 160  # page 1 stops at the spine
    assert image.getpixel((spine + 2, middle_y)) < 20  # and page 4 at its side


def test_creep_clips_each_page_at_the_fold() -> None:
    """With creep the inner pages move towards the spine; what moves past the fold is
    folded away, so neither page may print across the fold onto its neighbour."""
    import pypdfium2

    imposed = impose(bleeding_pdf(12, alternate=True), (320, 225), creep_mm=1.5, bleed_mm=3)
    scale = 4.0
    # Side 5, the innermost sheet's front: page 8 (grey) left, page 5 (black) right.
    image = pypdfium2.PdfDocument(imposed)[4].render(scale=scale).to_pil().convert("L")
    spine, middle_y = image.width / 2, image.height // 2
    assert 100 < image.getpixel((int(spine - 1 * MM * scale), middle_y)) < 160
    assert image.getpixel((int(spine + 1 * MM * scale), middle_y)) < 20


def test_marks_are_in_registration_colour() -> None:
    """Crop, fold and cut marks print on every plate: the separation /All, not 100 % K."""
    from pypdf.generic import ContentStream

    crop = impose(numbered_pdf(4), (320, 225), marks=True, bleed_mm=3.0)
    page = PdfReader(io.BytesIO(crop)).pages[0]
    for marks in (page, _cut_marks_page_for_a4()):
        spaces = marks["/Resources"]["/ColorSpace"]
        [space] = [s.get_object() for s in spaces.values()]
        assert space[0] == "/Separation" and space[1] == "/All"
        assert space[2] == "/DeviceGray"  # valid under a PDF/X and a PDF/A output intent
        operators = {op for _, op in ContentStream(marks.get_contents(), marks.pdf).operations}
        assert b"K" not in operators and b"RG" not in operators and b"CS" in operators


def _cut_marks_page_for_a4():  # noqa: ANN202
    """The cut marks of a full A4 sheet of the default label cards."""
    from vitrina.finish.sheets import _cut_marks_page
    from vitrina.model.exhibition import LabelSettings
    from vitrina.model.grid import label_grid

    _card, _sheet, grid = label_grid(LabelSettings())
    return _cut_marks_page(grid, grid.per_sheet)


def _file_id(pdf: bytes) -> tuple[bytes, bytes]:
    first, second = PdfReader(io.BytesIO(pdf)).trailer["/ID"]
    return bytes(first.original_bytes), bytes(second.original_bytes)


def test_files_made_from_another_keep_its_permanent_id_with_their_own_version() -> None:
    """The imposed booklet and the single labels are files of their own beside the one
    they were made from: the /ID's first half (the document) is kept, its second half
    (this version of it) differs, so a print workflow that files jobs by /ID does not
    take one for the other."""
    from vitrina.finish.sheets import single_pages

    source = numbered_pdf(8)
    imposed = impose(source, (320, 225))
    assert _file_id(imposed)[0] == _file_id(source)[0]
    assert _file_id(imposed)[1] != _file_id(source)[1]
    singles = [_file_id(single) for single in single_pages(source)]
    assert len({second for _, second in singles}) == 8
    assert {first for first, _ in singles} == {_file_id(source)[0]}
