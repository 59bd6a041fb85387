"""Saddle-stitch imposition: booklet pages two-up on sheets, in the order a folded and
stapled stack of sheets reads correctly."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PageObject, PdfReader
from pypdf.generic import NameObject

from vitrina.finish.marks import crop_marks_page
from vitrina.finish.pdfpages import MM, box_array, place_pages


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
    bleed_mm: float = 0.0,
) -> bytes:
    """Two-up saddle-stitch sheets from a booklet PDF whose page count is a multiple of 4.

    ``creep_mm`` is the total shift of the innermost sheet's pages towards the spine
    (outer sheet 0, growing evenly inwards), compensating for paper thickness.
    ``bleed_mm`` of each page's bleed is kept on the sheet on the three edges that are cut
    (as far as the sheet has room); at the spine, where the two pages meet, each page ends
    at the fold (with creep, a page loses the strip it moved past the fold).
    """
    pages = PdfReader(io.BytesIO(pdf)).pages
    first, page_count = pages[0], len(pages)
    page_width = float(first.trimbox.width)
    page_height = float(first.trimbox.height)
    layout = SheetLayout(sheet_mm[0] * MM, sheet_mm[1] * MM, page_width, page_height)
    sides = saddle_stitch_order(page_count)
    sheets = len(sides) // 2
    placements = []
    creeps_mm = []  # per sheet side: how far its pages move towards the spine
    for index, (left, right) in enumerate(sides):
        sheet_no = index // 2
        creeps_mm.append(creep_mm * (sheet_no / (sheets - 1) if sheets > 1 else 0))
        creep = creeps_mm[-1] * MM
        placements.append(
            [
                (left - 1, (layout.trim_left + creep) / MM, layout.trim_bottom / MM),
                (right - 1, (layout.trim_left + page_width - creep) / MM, layout.trim_bottom / MM),
            ]
        )
    x0, y0 = layout.trim_left, layout.trim_bottom
    x1, y1 = x0 + 2 * page_width, y0 + page_height
    trim_box = box_array(x0, y0, x1, y1)
    bleed = bleed_mm * MM
    bleed_box = box_array(
        max(x0 - bleed, 0.0),
        max(y0 - bleed, 0.0),
        min(x1 + bleed, layout.sheet_width),
        min(y1 + bleed, layout.sheet_height),
    )
    overlay = (
        crop_marks_page(
            layout.sheet_width,
            layout.sheet_height,
            (x0, y0, 2 * page_width, page_height),
            fold_x=x0 + page_width,
            bleed_mm=bleed_mm,
        )
        if marks
        else None
    )

    def finish(sheet: PageObject, _number: int) -> None:
        sheet[NameObject("/TrimBox")] = trim_box
        sheet[NameObject("/BleedBox")] = bleed_box
        if overlay is not None:
            sheet.merge_page(overlay)

    def keep_bleed(side: int, slot: int) -> tuple[float, float, float, float]:
        # The left page keeps its bleed left, below and above; the right page, right. At
        # the spine each ends at the fold: a page moved by creep loses what moved past it
        # (a negative bleed), rather than printing across the fold onto its neighbour.
        spine = -creeps_mm[side]
        return (
            (bleed_mm, bleed_mm, spine, bleed_mm)
            if slot == 0
            else (spine, bleed_mm, bleed_mm, bleed_mm)
        )

    return place_pages(pdf, sheet_mm, placements, finish, keep_bleed)
