"""Saddle-stitch imposition: booklet pages two-up on sheets, in the order a folded and
stapled stack of sheets reads correctly."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

from vitrina.finish.marks import crop_marks_page
from vitrina.finish.pdfpages import box_array, carry_print_identity

MM = 72 / 25.4


def saddle_stitch_order(page_count: int) -> list[tuple[int, int]]:
    """(left, right) page numbers (1-based) for each sheet side, outer sheet first:
    front then back of sheet 1, front then back of sheet 2, …

    For 8 pages: (8, 1), (2, 7), (6, 3), (4, 5).
    """
    if page_count <= 0 or page_count % 4:
        raise ValueError(f"saddle stitching needs a multiple of 4 pages, not {page_count}")
    sides: list[tuple[int, int]] = []
    for sheet in range(page_count // 4):
        outer = 2 * sheet
        sides.append((page_count - outer, outer + 1))
        sides.append((outer + 2, page_count - outer - 1))
    return sides


@dataclass(frozen=True)
class SheetLayout:
    """Where the two pages of a spread sit on the press sheet, in points."""

    sheet_width: float
    sheet_height: float
    page_width: float
    page_height: float

    @property
    def trim_left(self) -> float:
        return (self.sheet_width - 2 * self.page_width) / 2

    @property
    def trim_bottom(self) -> float:
        return (self.sheet_height - self.page_height) / 2


def impose(
    pdf: bytes,
    sheet_mm: tuple[float, float],
    creep_mm: float = 0.0,
    marks: bool = True,
) -> bytes:
    """Two-up saddle-stitch sheets from a booklet PDF whose page count is a multiple of 4.

    ``creep_mm`` is the total shift of the innermost sheet's pages towards the spine
    (outer sheet 0, growing evenly inwards), compensating for paper thickness.
    """
    reader = PdfReader(io.BytesIO(pdf))
    pages = reader.pages
    first = pages[0]
    page_width = float(first.trimbox.width)
    page_height = float(first.trimbox.height)
    layout = SheetLayout(sheet_mm[0] * MM, sheet_mm[1] * MM, page_width, page_height)
    sides = saddle_stitch_order(len(pages))
    sheets = len(sides) // 2
    writer = PdfWriter()
    for index, (left, right) in enumerate(sides):
        sheet_no = index // 2
        creep = creep_mm * MM * (sheet_no / (sheets - 1) if sheets > 1 else 0)
        target = writer.add_blank_page(width=layout.sheet_width, height=layout.sheet_height)
        forms = DictionaryObject()
        drawing = []
        for name, number, x_offset, shift in (
            ("/L", left, layout.trim_left, creep),
            ("/R", right, layout.trim_left + page_width, -creep),
        ):
            source = pages[number - 1]
            trim = source.trimbox
            tx = x_offset + shift - float(trim.left)
            ty = layout.trim_bottom - float(trim.bottom)
            forms[NameObject(name)] = _page_as_form(source, writer)
            drawing.append(f"q 1 0 0 1 {tx:.4f} {ty:.4f} cm {name} Do Q")
        target[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): forms})
        content = DecodedStreamObject()
        content.set_data("\n".join(drawing).encode("ascii"))
        target[NameObject("/Contents")] = writer._add_object(content)
        trim_box = box_array(
            layout.trim_left,
            layout.trim_bottom,
            layout.trim_left + 2 * page_width,
            layout.trim_bottom + page_height,
        )
        target[NameObject("/TrimBox")] = trim_box
        target[NameObject("/BleedBox")] = trim_box
        if marks:
            overlay = crop_marks_page(
                layout.sheet_width,
                layout.sheet_height,
                (layout.trim_left, layout.trim_bottom, 2 * page_width, page_height),
                fold_x=layout.trim_left + page_width,
            )
            target.merge_page(overlay)
    carry_print_identity(reader, writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _page_as_form(page: PageObject, writer: PdfWriter) -> IndirectObject:
    """One booklet page as a form XObject clipped to its trim (so bleed never spills onto
    its neighbour). The page's content is carried over as it is, still compressed: merging
    pages instead would parse and rewrite every drawing operator, which took 4 s for an
    80-page booklet whose maps and charts are vector art."""
    contents = page.get_object().raw_get("/Contents")
    stream = contents.get_object() if contents is not None else None
    if isinstance(stream, StreamObject):
        form = stream.clone(writer, force_duplicate=True)
    else:  # several content streams (or none) become one
        form = DecodedStreamObject()
        form.set_data(page.get_contents().get_data() if isinstance(stream, ArrayObject) else b"")
    assert isinstance(form, StreamObject)
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = box_array(*(float(v) for v in page.trimbox))
    for key in ("/Resources", "/Group"):
        value = page.raw_get(key) if key in page else None
        if value is None and key == "/Resources":
            value = page.get_inherited(key, None)
        if value is not None:
            form[NameObject(key)] = value.clone(writer)
    reference = form.indirect_reference
    if reference is None or reference.pdf is not writer:
        reference = writer._add_object(form)
    return reference
