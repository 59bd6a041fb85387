"""pypdf's internals vitrina uses: adding an object to a writer's object table.

``PdfWriter._add_object`` makes an indirect object of a stream or dictionary built by
hand (a sheet's content stream, a form XObject, an ICC profile), as pypdf itself does; the
public API offers it only for whole pages."""

from __future__ import annotations

from typing import Any


def add_object(writer: Any, obj: Any) -> Any:
    """``obj`` added to ``writer``; its IndirectObject."""
    return writer._add_object(obj)


def copy_identifier(writer: Any, reader: Any) -> None:
    """The writer's file identifier (trailer /ID) set to the reader's, so a PDF joined
    from another keeps its identity: pypdf generates a new one unless ``_ID`` is set."""
    if "/ID" in reader.trailer:
        writer._ID = reader.trailer["/ID"].clone(writer)
