"""pypdf's internals vitrina uses: adding an object to a writer's object table.

``PdfWriter._add_object`` makes an indirect object of a stream or dictionary built by
hand (a sheet's content stream, a form XObject, an ICC profile), as pypdf itself does; the
public API offers it only for whole pages."""

from __future__ import annotations

from typing import Any


def add_object(writer: Any, obj: Any) -> Any:
    """``obj`` added to ``writer``; its IndirectObject."""
    return writer._add_object(obj)
