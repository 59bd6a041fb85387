"""Helpers for PDFs rebuilt page by page with pypdf: pages placed on larger sheets
(imposition, label sheets, the tri-fold), page boxes, and the print identity."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

from vitrina.adapters.pypdf import add_object

MM = 72 / 25.4


def box_array(x0: float, y0: float, x1: float, y1: float) -> ArrayObject:
    """A PDF rectangle (for TrimBox, BleedBox…) in points."""
    return ArrayObject([FloatObject(x0), FloatObject(y0), FloatObject(x1), FloatObject(y1)])


def carry_print_identity(reader: PdfReader, writer: PdfWriter) -> None:
    """Keep the source's output intents, XMP metadata (PDF/X identification), language,
    viewer preferences (duplex) and document information on a PDF rebuilt page by page."""
    root = reader.trailer["/Root"]
    for key in ("/OutputIntents", "/Metadata", "/Lang", "/ViewerPreferences"):
        if key in root:
            writer.root_object[NameObject(key)] = root.raw_get(key).clone(writer)
    if reader.metadata:
        writer.add_metadata(dict(reader.metadata))


#: Bleed kept around a placed page, in mm: (left, bottom, right, top).
Bleed = tuple[float, float, float, float]
NO_BLEED: Bleed = (0.0, 0.0, 0.0, 0.0)


#: The lowest PDF version each standard allows: PDF/X-4 is built on PDF 1.6, PDF/A-3 on
#: PDF 1.7 (ISO 32000-1). pypdf writes %PDF-1.3 unless told otherwise.
MIN_VERSION = {"/GTS_PDFX": "1.6", "/GTS_PDFA1": "1.7"}


def pdf_version(reader: PdfReader) -> str:
    """The version a rebuilt PDF must declare: its source's, raised to what the standard
    of its output intents needs."""
    version = reader.pdf_header.removeprefix("%PDF-") or "1.7"
    intents = reader.trailer["/Root"].get("/OutputIntents") or []
    for intent in intents:
        needed = MIN_VERSION.get(str(intent.get_object().get("/S")), "1.0")
        version = max(version, needed, key=lambda v: tuple(int(n) for n in v.split(".")))
    return version


def write_rebuilt(reader: PdfReader, writer: PdfWriter, derived: str = "") -> bytes:
    """The bytes of a PDF rebuilt from ``reader``, with the right version in its header and
    its source's file identifier (/ID, which PDF/X and PDF/A require; derived from the
    output's name, so builds stay reproducible). A file ``derived`` from the source and
    delivered beside it (the imposed booklet, a single label) keeps the first half of the
    /ID (the document) and gets its own second half (the version), named by ``derived``."""
    writer.pdf_header = f"%PDF-{pdf_version(reader)}".encode()
    if writer._ID is None and "/ID" in reader.trailer:
        parts = [
            bytes(part.original_bytes if hasattr(part, "original_bytes") else part)
            for part in reader.trailer["/ID"]
        ]
        if derived and len(parts) == 2:
            parts[1] = hashlib.md5(parts[1] + derived.encode(), usedforsecurity=False).digest()
        writer._ID = ArrayObject(ByteStringObject(part) for part in parts)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def place_pages(
    pdf: bytes,
    sheet_mm: tuple[float, float],
    sheets: list[list[tuple[int, float, float]]],
    finish: Callable[[PageObject, int], None] | None = None,
    bleed: Callable[[int, int], Bleed] | None = None,
) -> bytes:
    """New pages of ``sheet_mm``, each with pages of ``pdf`` (clipped to their trim)
    placed with their trim's lower left corner at (x, y) mm from the sheet's: ``sheets``
    lists, per new page, (source page index, x, y). ``finish(page, number)`` may add boxes and
    marks to each new page. ``bleed(sheet, slot)`` says how much of a page's bleed to keep
    on each side (never more than the page has). Used for imposition, label sheets and the
    tri-fold.

    Each page goes on the sheet as a form XObject, its content carried over as it is
    (still compressed). Merging pages instead parses and rewrites every drawing operator:
    4 s for an 80-page booklet whose maps and charts are vector art, 0.15 s this way."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    for number, placements in enumerate(sheets):
        sheet = writer.add_blank_page(width=sheet_mm[0] * MM, height=sheet_mm[1] * MM)
        forms = DictionaryObject()
        drawing = []
        for slot, (index, x, y) in enumerate(placements):
            page = reader.pages[index]
            trim = page.trimbox
            name = f"/P{slot}"
            keep = bleed(number, slot) if bleed is not None else NO_BLEED
            forms[NameObject(name)] = page_as_form(page, writer, keep)
            tx, ty = x * MM - float(trim.left), y * MM - float(trim.bottom)
            drawing.append(f"q 1 0 0 1 {tx:.4f} {ty:.4f} cm {name} Do Q")
        sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): forms})
        content = DecodedStreamObject()
        content.set_data("\n".join(drawing).encode("ascii"))
        sheet[NameObject("/Contents")] = add_object(writer, content)
        if finish is not None:
            finish(sheet, number)
    carry_print_identity(reader, writer)
    return write_rebuilt(reader, writer, derived="placed on sheets")


def page_as_form(page: PageObject, writer: PdfWriter, bleed: Bleed = NO_BLEED) -> IndirectObject:
    """A page as a form XObject in ``writer``, clipped to its TrimBox widened by ``bleed``
    mm (left, bottom, right, top) but never past its BleedBox: bleed is kept on the edges
    the guillotine cuts and never spills onto a neighbour (a negative value clips inside
    the trim: a page moved by creep ends at the fold). With its resources and
    transparency group."""
    contents = page.get_object().raw_get("/Contents") if "/Contents" in page else None
    stream = contents.get_object() if contents is not None else None
    if isinstance(stream, StreamObject):
        form = stream.clone(writer, force_duplicate=True)
    else:  # several content streams (or none) become one
        form = DecodedStreamObject()
        form.set_data(page.get_contents().get_data() if isinstance(stream, ArrayObject) else b"")
    assert isinstance(form, StreamObject)
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    trim, limit = page.trimbox, page.bleedbox
    left, bottom, right, top = (side * MM for side in bleed)
    form[NameObject("/BBox")] = box_array(
        max(float(trim.left) - left, float(limit.left)),
        max(float(trim.bottom) - bottom, float(limit.bottom)),
        min(float(trim.right) + right, float(limit.right)),
        min(float(trim.top) + top, float(limit.top)),
    )
    for key in ("/Resources", "/Group"):
        value = page.raw_get(key) if key in page else None
        if value is None and key == "/Resources":
            value = page.get_inherited(key, None)
        if value is not None:
            form[NameObject(key)] = value.clone(writer)
    reference = form.indirect_reference
    if reference is None or reference.pdf is not writer:
        reference = add_object(writer, form)
    return reference
