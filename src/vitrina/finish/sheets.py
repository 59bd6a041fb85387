"""Cards n-up on sheets: a grid of equal cards with gutters, centred on the sheet, and
cut marks in the sheet margin on every cutting line, so a guillotine can follow them."""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject

from vitrina.finish.marks import overlay_page, registration_canvas
from vitrina.finish.pdfpages import (
    MM,
    box_array,
    carry_print_identity,
    place_pages,
    write_rebuilt,
)
from vitrina.model.grid import CardGrid

#: Cut marks start this far from the outermost cards and are this long.
MARK_GAP_MM = 2.0
MARK_LENGTH_MM = 5.0


def _cut_marks_page(grid: CardGrid, count: int) -> PageObject:
    """A transparent page with a short mark in registration colour at both ends of every
    cutting line around the first ``count`` cards."""
    buffer = io.BytesIO()
    width, height = grid.sheet_width * MM, grid.sheet_height * MM
    pdf = registration_canvas(buffer, width, height)
    xs, ys = grid.cut_lines(count)
    top_edge = grid.sheet_height - grid.top
    bottom_edge = min(ys)
    right_edge = max(xs)
    gap, length = MARK_GAP_MM, MARK_LENGTH_MM
    for x in xs:
        pdf.line(x * MM, (top_edge + gap) * MM, x * MM, (top_edge + gap + length) * MM)
        pdf.line(x * MM, (bottom_edge - gap) * MM, x * MM, (bottom_edge - gap - length) * MM)
    for y in ys:
        pdf.line((grid.left - gap) * MM, y * MM, (grid.left - gap - length) * MM, y * MM)
        pdf.line((right_edge + gap) * MM, y * MM, (right_edge + gap + length) * MM, y * MM)
    pdf.showPage()
    pdf.save()
    return overlay_page(buffer.getvalue())


def cards_on_sheets(pdf: bytes, grid: CardGrid) -> bytes:
    """Every page of ``pdf`` (one card each) placed on sheets, ``grid.per_sheet`` to a
    sheet, with cut marks around the cards each sheet holds; the TrimBox of each sheet
    encloses its cards."""
    count = len(PdfReader(io.BytesIO(pdf)).pages)
    sheets = [
        [
            (start + index, *grid.card_origin(index))
            for index in range(min(grid.per_sheet, count - start))
        ]
        for start in range(0, count, grid.per_sheet)
    ]
    finishes: dict[int, tuple[PageObject, ArrayObject]] = {}
    for placed in sheets:
        if len(placed) not in finishes:  # a full sheet, and perhaps a part-filled last one
            xs, ys = grid.cut_lines(len(placed))
            trim_box = box_array(min(xs) * MM, min(ys) * MM, max(xs) * MM, max(ys) * MM)
            finishes[len(placed)] = (_cut_marks_page(grid, len(placed)), trim_box)

    def finish(sheet: PageObject, number: int) -> None:
        marks, trim_box = finishes[len(sheets[number])]
        sheet[NameObject("/TrimBox")] = trim_box
        sheet[NameObject("/BleedBox")] = trim_box
        sheet.merge_page(marks)

    return place_pages(pdf, (grid.sheet_width, grid.sheet_height), sheets, finish)


def single_pages(pdf: bytes) -> list[bytes]:
    """Each page of ``pdf`` as a PDF of its own (single labels for printers who want them)."""
    reader = PdfReader(io.BytesIO(pdf))
    singles = []
    for number, page in enumerate(reader.pages, 1):
        writer = PdfWriter()
        writer.add_page(page)
        carry_print_identity(reader, writer)
        singles.append(write_rebuilt(reader, writer, derived=f"page {number}"))
    return singles
