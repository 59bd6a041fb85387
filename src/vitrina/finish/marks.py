"""Printer's marks drawn outside the trim: crop marks at the corners and fold marks, in
the registration colour (the separation /All, which a RIP prints on every plate, so each
plate can be aligned by them), on the sheet around the trimmed page."""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
)
from reportlab.lib.colors import CMYKColorSep
from reportlab.pdfgen import canvas

from vitrina.finish.pdfpages import box_array, carry_print_identity, write_rebuilt

MM = 72 / 25.4
#: Marks start this far from the trim (at the edge of a 3 mm bleed) and are this long.
OFFSET_MM = 3.0
LENGTH_MM = 4.0


#: Line width of every mark (pt): the finest line that prints reliably.
MARK_LINE_PT = 0.25
#: The registration colour: all plates. ReportLab writes it with a CMYK alternate;
#: overlay_page swaps that for grey, valid under any output intent (PDF/X and PDF/A).
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All", density=1)


def registration_canvas(buffer: io.BytesIO, width: float, height: float) -> canvas.Canvas:
    """A ReportLab canvas for marks: registration colour, 0.25 pt lines."""
    pdf = canvas.Canvas(buffer, pagesize=(width, height), invariant=1)
    pdf.setStrokeColor(REGISTRATION)
    pdf.setLineWidth(MARK_LINE_PT)
    return pdf


def crop_marks_page(
    sheet_width: float,
    sheet_height: float,
    trim: tuple[float, float, float, float],
    fold_x: float | None = None,
    bleed_mm: float = 0.0,
    folds: tuple[float, ...] = (),
) -> PageObject:
    """A transparent page with crop marks for the trim rectangle (x, y, width, height), and
    dashed fold marks above and below it at ``fold_x`` and each of ``folds`` (x, pt)."""
    buffer = io.BytesIO()
    pdf = registration_canvas(buffer, sheet_width, sheet_height)
    x, y, w, h = trim
    off, length = max(OFFSET_MM, bleed_mm) * MM, LENGTH_MM * MM
    for cx, sx in ((x, -1), (x + w, 1)):
        for cy, sy in ((y, -1), (y + h, 1)):
            pdf.line(cx + sx * off, cy, cx + sx * (off + length), cy)
            pdf.line(cx, cy + sy * off, cx, cy + sy * (off + length))
    pdf.setDash(2, 2)
    for fold in (fold_x, *folds) if fold_x is not None else folds:
        pdf.line(fold, y + h + off, fold, y + h + off + length)
        pdf.line(fold, y - off, fold, y - off - length)
    pdf.showPage()
    pdf.save()
    return overlay_page(buffer.getvalue())


def overlay_page(pdf: bytes) -> PageObject:
    """The first page of a ReportLab PDF of marks, ready to merge onto a sheet. ReportLab
    lists Helvetica in every page's resources even when no text is drawn; that unembedded
    font would fail a print shop's preflight, so it is removed. The registration colour's
    alternate (for screens and composite printers) becomes grey: black at full tint."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    resources = page.get("/Resources")
    if resources is not None and "/Font" in resources.get_object():
        del resources.get_object()["/Font"]
    spaces = resources.get_object().get("/ColorSpace") if resources is not None else None
    for name, space in list((spaces.get_object() if spaces is not None else {}).items()):
        space = space.get_object()
        if isinstance(space, ArrayObject) and space[0] == "/Separation" and space[1] == "/All":
            spaces.get_object()[NameObject(name)] = registration_space()
    return page


def registration_space() -> ArrayObject:
    """[/Separation /All /DeviceGray f], f taking tint 1 to grey 0 (black)."""
    function = DictionaryObject(
        {
            NameObject("/FunctionType"): NumberObject(2),
            NameObject("/Domain"): ArrayObject([FloatObject(0), FloatObject(1)]),
            NameObject("/C0"): ArrayObject([FloatObject(1)]),
            NameObject("/C1"): ArrayObject([FloatObject(0)]),
            NameObject("/N"): FloatObject(1),
        }
    )
    return ArrayObject(
        [NameObject("/Separation"), NameObject("/All"), NameObject("/DeviceGray"), function]
    )


def add_crop_marks(pdf: bytes, bleed_mm: float, folds_mm: Sequence[Sequence[float]] = ()) -> bytes:
    """Each page centred on a sheet larger by bleed + marks on every side, with crop marks
    outside the bleed, and TrimBox and BleedBox moved with it. ``folds_mm`` gives, page by
    page, where fold marks go (mm from the trim's left edge).

    WeasyPrint's own `marks: crop` sit inside the bleed in RGB; these are in registration
    colour outside it.
    """
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    margin = (max(bleed_mm, OFFSET_MM) + LENGTH_MM + 2) * MM
    for number, source in enumerate(reader.pages):
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
        folds = folds_mm[number] if number < len(folds_mm) else ()
        marks = crop_marks_page(
            width,
            height,
            (tx, ty, tw, th),
            bleed_mm=bleed_mm,
            folds=tuple(tx + f * MM for f in folds),
        )
        sheet.merge_page(marks)
        writer.add_page(sheet)
    carry_print_identity(reader, writer)
    return write_rebuilt(reader, writer)
