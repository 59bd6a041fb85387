"""pydyf's objects as WeasyPrint hands them to a ``finisher(document, pdf)``: the PDF
being written (``pdf.catalog``, a pydyf Dictionary; ``pdf.objects``, indexed by object
number) before it is serialised. vitrina edits the XMP metadata stream and the viewer
preferences there."""

from __future__ import annotations

from typing import Any


def set_viewer_preferences(pdf: Any, names: dict[str, str]) -> None:
    """/ViewerPreferences entries with name values (Duplex: DuplexFlipLongEdge), added to
    those WeasyPrint wrote (DisplayDocTitle in the archive)."""
    import pydyf

    kept = pdf.catalog.get("ViewerPreferences")
    pdf.catalog["ViewerPreferences"] = pydyf.Dictionary(
        {
            **(kept if isinstance(kept, dict) else {}),
            **{key: f"/{value}" for key, value in names.items()},
        }
    )


def _metadata_stream(pdf: Any) -> Any | None:
    reference = pdf.catalog.get("Metadata") if hasattr(pdf.catalog, "get") else None
    if not reference:
        return None
    if isinstance(reference, bytes):
        reference = reference.decode()
    return pdf.objects[int(str(reference).split()[0])]


def metadata(pdf: Any) -> bytes | None:
    """The document's XMP metadata as bytes, or None when it has none (WeasyPrint writes
    it for PDF/X and PDF/A)."""
    stream = _metadata_stream(pdf)
    if stream is None:
        return None
    return b"".join(
        part if isinstance(part, bytes) else str(part).encode() for part in stream.stream
    )


def set_metadata(pdf: Any, data: bytes) -> None:
    """Replace the XMP metadata found by :func:`metadata`."""
    stream = _metadata_stream(pdf)
    if stream is not None:
        stream.stream = [data]
