"""Printer's marks drawn outside the trim: crop marks at the corners and a fold mark,
in registration-style 100 % black, on the sheet around the trimmed page."""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject
from reportlab.pdfgen import canvas

from vitrina.finish.pdfpages import box_array, carry_print_identity

MM = 72 / 25.4
#: Marks start this far from the trim (at the edge of a 3 mm bleed) and are this long.
OFFSET_MM = 3.0
LENGTH_MM = 4.0


def crop_marks_page(
    sheet_width: float,
    sheet_height: float,
    trim: tuple[float, float, float, float],
    fold_x: float | None = None,
    bleed_mm: float = 0.0,
) -> PageObject:
    """A transparent page with crop marks for the trim rectangle (x, y, width, height)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(sheet_width, sheet_height), invariant=1)
    pdf.setStrokeColorCMYK(0, 0, 0, 1)
    pdf.setLineWidth(0.25)
    x, y, w, h = trim
    off, length = max(OFFSET_MM, bleed_mm) * MM, LENGTH_MM * MM
    for cx, sx in ((x, -1), (x + w, 1)):
        for cy, sy in ((y, -1), (y + h, 1)):
            pdf.line(cx + sx * off, cy, cx + sx * (off + length), cy)
            pdf.line(cx, cy + sy * off, cx, cy + sy * (off + length))
    if fold_x is not None:
        pdf.setDash(2, 2)
        pdf.line(fold_x, y + h + off, fold_x, y + h + off + length)
        pdf.line(fold_x, y - off, fold_x, y - off - length)
    pdf.showPage()
    pdf.save()
    return overlay_page(buffer.getvalue())


def overlay_page(pdf: bytes) -> PageObject:
    """The first page of a ReportLab PDF of marks, ready to merge onto a sheet. ReportLab
    lists Helvetica in every page's resources even when no text is drawn; that unembedded
    font would fail a print shop's preflight, so it is removed."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    resources = page.get("/Resources")
    if resources is not None and "/Font" in resources.get_object():
        del resources.get_object()["/Font"]
    return page


def add_crop_marks(pdf: bytes, bleed_mm: float) -> bytes:
    """Each page centred on a sheet larger by bleed + marks on every side, with crop marks
    outside the bleed, and TrimBox and BleedBox moved with it.

    WeasyPrint's own `marks: crop` sit inside the bleed in RGB; these are 100 % K outside.
    """
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    margin = (max(bleed_mm, OFFSET_MM) + LENGTH_MM + 2) * MM
    for source in reader.pages:
        trim = source.trimbox
        media = source.mediabox
        width = float(media.width) + 2 * margin
        height = float(media.height) + 2 * margin
        dx = margin - float(media.left)
        dy = margin - float(media.bottom)
        sheet = PageObject.create_blank_page(width=width, height=height)
        sheet.merge_transformed_page(source, Transformation().translate(dx, dy))
        tx, ty = float(trim.left) + dx, float(trim.bottom) + dy
        tw, th = float(trim.width), float(trim.height)
        sheet[NameObject("/TrimBox")] = box_array(tx, ty, tx + tw, ty + th)
        bleed = bleed_mm * MM
        sheet[NameObject("/BleedBox")] = box_array(
            tx - bleed, ty - bleed, tx + tw + bleed, ty + th + bleed
        )
        sheet.merge_page(crop_marks_page(width, height, (tx, ty, tw, th), bleed_mm=bleed_mm))
        writer.add_page(sheet)
    carry_print_identity(reader, writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
