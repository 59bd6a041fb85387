"""Facts read back out of PDFs: page sizes, text, fonts, vector art."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from pypdf import PdfReader

PT_PER_MM = 72 / 25.4


def page_sizes_mm(path: Path, box: str = "mediabox") -> list[tuple[float, float]]:
    """Each page's size in mm: its MediaBox (the sheet), or another box such as "trimbox"."""
    reader = PdfReader(path)
    return [
        (
            round(float(getattr(p, box).width) / PT_PER_MM, 1),
            round(float(getattr(p, box).height) / PT_PER_MM, 1),
        )
        for p in reader.pages
    ]


def page_texts(path: Path) -> list[str]:
    document = pypdfium2.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def fonts(path: Path) -> dict[str, bool]:
    """Font name → whether its program is embedded, over every page (and XObjects)."""
    found: dict[str, bool] = {}
    reader = PdfReader(path)

    def visit(resources) -> None:  # noqa: ANN001
        if not resources:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptors = [font.get("/FontDescriptor")]
            for descendant in font.get("/DescendantFonts") or []:
                descriptors.append(descendant.get_object().get("/FontDescriptor"))
            embedded = any(
                d is not None
                and any(k in d.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in descriptors
            )
            found[str(font.get("/BaseFont"))] = embedded
        for xobject in (resources.get("/XObject") or {}).values():
            visit(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return found


def has_raster_images(path: Path) -> bool:
    reader = PdfReader(path)
    return any(page.images for page in reader.pages)


def page_objects(path: Path, index: int) -> list[int]:
    """pdfium object types on a page (1 text, 2 path, 3 image, 4 shading, 5 form)."""
    document = pypdfium2.PdfDocument(path)
    try:
        return [obj.type for obj in document[index].get_objects(max_depth=5)]
    finally:
        document.close()


def boxes_mm(path: Path, index: int = 0) -> dict[str, tuple[float, float, float, float]]:
    """MediaBox, TrimBox and BleedBox of a page in mm, as (left, bottom, width, height)."""
    page = PdfReader(path).pages[index]
    result = {}
    for name, box in (("media", page.mediabox), ("trim", page.trimbox), ("bleed", page.bleedbox)):
        result[name] = tuple(
            round(float(v) / PT_PER_MM, 1) for v in (box.left, box.bottom, box.width, box.height)
        )
    return result


def drawing_operators(path: Path, page: int | None = None) -> set[bytes]:
    """Every operator drawn on the pages (or on one page), including inside form XObjects:
    imposed sheets, label sheets and the tri-fold place their pages as forms."""
    from pypdf.generic import ContentStream

    reader = PdfReader(path)
    found: set[bytes] = set()

    def visit(content: object, resources: object) -> None:
        found.update(op for _operands, op in ContentStream(content, reader).operations)
        xobjects = resources.get("/XObject", {}) if resources else {}
        for reference in xobjects.values():
            xobject = reference.get_object()
            if xobject.get("/Subtype") == "/Form":
                visit(xobject, xobject.get("/Resources"))

    pages = reader.pages if page is None else [reader.pages[page]]
    for chosen in pages:
        visit(chosen.get_contents(), chosen.get("/Resources"))
    return found


def printed_layout(path: Path, index: int = 0) -> list[tuple]:
    """What a page prints and where, to compare two layouts: every character with its
    font size and box, and every page object (text run, path, image, form) with its
    type and bounds, in points rounded to 0.1."""
    import pypdfium2.raw as raw

    document = pypdfium2.PdfDocument(path)
    try:
        page = document[index]
        textpage = page.get_textpage()
        found: list[tuple] = []
        for char in range(textpage.count_chars()):
            box = textpage.get_charbox(char)
            found.append(
                (
                    chr(raw.FPDFText_GetUnicode(textpage.raw, char)),
                    round(raw.FPDFText_GetFontSize(textpage.raw, char), 1),
                    *(round(value, 1) for value in box),
                )
            )
        for obj in page.get_objects(max_depth=5):
            found.append((obj.type, *(round(value, 1) for value in obj.get_bounds())))
        return found
    finally:
        document.close()
