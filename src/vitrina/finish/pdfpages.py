"""Small helpers for PDFs rebuilt page by page with pypdf (imposition, crop marks)."""

from __future__ import annotations

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, FloatObject, NameObject


def box_array(x0: float, y0: float, x1: float, y1: float) -> ArrayObject:
    """A PDF rectangle (for TrimBox, BleedBox…) in points."""
    return ArrayObject([FloatObject(x0), FloatObject(y0), FloatObject(x1), FloatObject(y1)])


def carry_print_identity(reader: PdfReader, writer: PdfWriter) -> None:
    """Keep the source's output intents, XMP metadata (PDF/X identification), language
    and document information on a PDF rebuilt page by page."""
    root = reader.trailer["/Root"]
    for key in ("/OutputIntents", "/Metadata", "/Lang"):
        if key in root:
            writer.root_object[NameObject(key)] = root.raw_get(key).clone(writer)
    if reader.metadata:
        writer.add_metadata(dict(reader.metadata))
