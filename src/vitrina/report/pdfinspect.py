"""What a print shop's preflight reads from a PDF: page boxes, fonts and whether they are
embedded, images at their placed resolution, the size and colour of every piece of text
and the colour under it.

pypdf reads the structure (boxes, font dictionaries); pdfium (pypdfium2) reads what is
drawn (characters with their effective size and colour, images with their placed ppi)
and renders the page small so the colour behind each line of text can be sampled.
"""

from __future__ import annotations

import ctypes
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from vitrina.adapters.pdfium import text_object as _text_object

MM_PER_PT = 25.4 / 72
#: Pages are rendered at most this many pixels on their long side to sample backgrounds,
SAMPLE_PIXELS = 1400
#: and no finer than this (an A5 page: 840 pixels; 7 pt type is still 10 pixels tall).
SAMPLE_PIXELS_PER_MM = 4.0


@dataclass(frozen=True)
class PageBoxes:
    """A page's MediaBox, TrimBox and BleedBox as width × height in mm."""

    media_mm: tuple[float, float]
    trim_mm: tuple[float, float]
    bleed_mm: tuple[float, float]
    trim_pt: tuple[float, float, float, float] = (0, 0, 0, 0)
    """The TrimBox as left, bottom, right, top in points."""


@dataclass(frozen=True)
class FontUse:
    name: str
    embedded: bool


@dataclass(frozen=True)
class PlacedImage:
    page: int
    ppi: float
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class TextRun:
    """A stretch of text in one size and colour on one line, with the colour behind it."""

    page: int
    text: str
    size_pt: float
    colour: tuple[int, int, int]
    background: tuple[int, int, int] | None
    box: tuple[float, float, float, float] = (0, 0, 0, 0)
    """Where the run is on the page: left, bottom, right, top in points."""
    font: str = ""
    """The font's PostScript name as embedded (``Vitrina-Serif``), subset tag removed."""

    @property
    def contrast(self) -> float | None:
        if self.background is None:
            return None
        return contrast_ratio(self.colour, self.background)


@dataclass
class PdfFacts:
    pages: int = 0
    boxes: list[PageBoxes] = field(default_factory=list)
    fonts: list[FontUse] = field(default_factory=list)
    images: list[PlacedImage] = field(default_factory=list)
    runs: list[TextRun] = field(default_factory=list)


def _size(box: object) -> tuple[float, float]:
    return (
        round(float(box.width) * MM_PER_PT, 1),  # type: ignore[attr-defined]
        round(float(box.height) * MM_PER_PT, 1),  # type: ignore[attr-defined]
    )


def _font_dicts(resources: DictionaryObject, seen: set[int]) -> Iterator[DictionaryObject]:
    """Font dictionaries in a resource dictionary and in the forms it uses."""
    fonts = resources.get("/Font")
    if fonts is not None:
        for ref in fonts.get_object().values():
            font = ref.get_object()
            if id(font) not in seen:
                seen.add(id(font))
                yield font
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for ref in xobjects.get_object().values():
            xobject = ref.get_object()
            inner = xobject.get("/Resources")
            if xobject.get("/Subtype") == "/Form" and inner is not None and id(xobject) not in seen:
                seen.add(id(xobject))
                yield from _font_dicts(inner.get_object(), seen)


def _is_embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # drawn with PDF operators inside the file
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def read_structure(pdf: bytes, facts: PdfFacts) -> None:
    """Page boxes and fonts, with pypdf."""
    reader = PdfReader(io.BytesIO(pdf))
    facts.pages = len(reader.pages)
    seen: set[int] = set()
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        facts.boxes.append(
            PageBoxes(
                _size(page.mediabox),
                _size(page.trimbox),
                _size(page.bleedbox),
                tuple(float(v) for v in page.trimbox),  # type: ignore[arg-type]
            )
        )
        resources = page.get("/Resources")
        if resources is None:
            continue
        for font in _font_dicts(resources.get_object(), seen):
            name = str(font.get("/BaseFont", "(unnamed)")).lstrip("/")
            name = name.split("+", 1)[-1]  # subset prefix ABCDEF+Name
            fonts[name] = fonts.get(name, True) and _is_embedded(font)
    facts.fonts = [FontUse(name, embedded) for name, embedded in sorted(fonts.items())]


def _images(page: pdfium.PdfPage, number: int) -> Iterator[PlacedImage]:
    for obj in page.get_objects(filter=(pdfium_raw.FPDF_PAGEOBJ_IMAGE,), max_depth=4):
        meta = obj.get_metadata()
        left, bottom, right, top = obj.get_bounds()
        ppi = min(meta.horizontal_dpi, meta.vertical_dpi)
        yield PlacedImage(
            number,
            round(ppi, 1),
            round((right - left) * MM_PER_PT, 1),
            round((top - bottom) * MM_PER_PT, 1),
        )


def _background(pixels: object, box: tuple[int, int, int, int], ink: tuple[int, int, int]):  # noqa: ANN202
    """The commonest colour in the box that is not (nearly) the text's own colour."""
    region = pixels.crop(box)  # type: ignore[attr-defined]
    colours = region.getcolors(maxcolors=region.width * region.height + 1) or []
    best: tuple[int, tuple[int, ...]] | None = None
    for count, colour in colours:
        if (best is None or (count, colour) > best) and sum(
            abs(a - b) for a, b in zip(colour[:3], ink, strict=True)
        ) > 24:
            best = (count, colour)
    return tuple(best[1][:3]) if best else None


@dataclass(slots=True)
class _Char:
    char: str
    size: float
    colour: tuple[int, int, int]
    box: tuple[float, float, float, float]
    font: str = ""


def _chars(textpage: pdfium.PdfTextPage) -> list[_Char | None]:
    """Every character with its effective size (font size × text and graphics matrices),
    fill colour and box; None for line breaks. A character painted again later at the
    same place (a map label's halo, overprinted in ink) keeps only its last painting.

    Size and colour are read once per text object (a run of text in one font, size and
    colour), not per character: a booklet has some 200,000 characters and every call
    into pdfium costs a few microseconds."""
    handle = textpage.raw
    count = textpage.count_chars()
    matrix = pdfium_raw.FS_MATRIX()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    colour_args = (ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a))
    box_args = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
    get_box = pdfium_raw.FPDFText_GetCharBox
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:  # characters outside the BMP: read them one by one
        text = "".join(chr(pdfium_raw.FPDFText_GetUnicode(handle, i)) for i in range(count))
    styles: dict[int, tuple[float, tuple[int, int, int], str]] = {}
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    chars: list[_Char | None] = []
    for index, char in enumerate(text):
        if char in "\r\n" or not char.isprintable():
            chars.append(None)
            continue
        text_object = _text_object(handle, index) or 0
        style = styles.get(text_object) if text_object else None
        if style is None:
            pdfium_raw.FPDFText_GetFillColor(handle, index, *colour_args)
            pdfium_raw.FPDFText_GetMatrix(handle, index, ctypes.byref(matrix))
            size = pdfium_raw.FPDFText_GetFontSize(handle, index) * math.hypot(matrix.c, matrix.d)
            length = pdfium_raw.FPDFText_GetFontInfo(
                handle, index, name, len(name), ctypes.byref(flags)
            )
            font = name.value.decode("utf-8", "replace") if 0 < length <= len(name) else ""
            style = (round(size, 1), (r.value, g.value, b.value), font.partition("+")[2] or font)
            if text_object:
                styles[text_object] = style
        get_box(handle, index, *box_args)
        chars.append(
            _Char(
                char,
                style[0],
                style[1],
                (left.value, bottom.value, right.value, top.value),
                style[2],
            )
        )
    last: dict[tuple[str, int, int], int] = {}
    for index, found in enumerate(chars):
        if found is not None and not found.char.isspace():
            last[(found.char, round(found.box[0]), round(found.box[1]))] = index
    return [
        found
        if found is None
        or found.char.isspace()
        or last[(found.char, round(found.box[0]), round(found.box[1]))] == index
        else None
        for index, found in enumerate(chars)
    ]


def _text_runs(page: pdfium.PdfPage, number: int) -> Iterator[TextRun]:
    """Runs of characters sharing size and colour on one line, each with its background."""
    width, height = page.get_size()
    scale = min(SAMPLE_PIXELS / max(width, height), SAMPLE_PIXELS_PER_MM / MM_PER_PT)
    image = page.render(scale=scale, rev_byteorder=True).to_pil()
    if image.mode != "RGB":
        image = image.convert("RGB")
    run: dict | None = None

    def finish(current: dict | None) -> Iterator[TextRun]:
        if current is None or not current["text"].strip():
            return
        x0, y0, x1, y1 = current["box"]
        box = (
            max(0, int(x0 * scale) - 1),
            max(0, int((height - y1) * scale) - 1),
            min(image.width, int(x1 * scale) + 2),
            min(image.height, int((height - y0) * scale) + 2),
        )
        background = _background(image, box, current["colour"]) if box[2] > box[0] else None
        yield TextRun(
            number,
            current["text"].strip(),
            current["size"],
            current["colour"],
            background,
            current["box"],
            current["font"],
        )

    for found in _chars(page.get_textpage()):
        if found is None:
            yield from finish(run)
            run = None
            continue
        if found.char.isspace():
            if run is not None:
                run["text"] += found.char
            continue
        box = found.box
        same = (
            run is not None
            and run["colour"] == found.colour
            and run["font"] == found.font
            and abs(run["size"] - found.size) < 0.05
            and box[1] < run["box"][3]
            and box[3] > run["box"][1]
            and box[0] - run["box"][2] < found.size  # a wide gap starts another text
            and len(run["text"]) < 60
        )
        if not same:
            yield from finish(run)
            run = {
                "text": "",
                "size": found.size,
                "colour": found.colour,
                "box": box,
                "font": found.font,
            }
        assert run is not None
        run["text"] += found.char
        x0, y0, x1, y1 = run["box"]
        run["box"] = (min(x0, box[0]), min(y0, box[1]), max(x1, box[2]), max(y1, box[3]))
    yield from finish(run)


def inspect_pdf(pdf: bytes, drawn: bool = True) -> PdfFacts:
    """Everything the preflight checks in one PDF; ``drawn=False`` reads only boxes and
    fonts (for copies such as imposed sheets and single labels)."""
    facts = PdfFacts()
    read_structure(pdf, facts)
    if not drawn:
        return facts
    document = pdfium.PdfDocument(pdf)
    try:
        for number, page in enumerate(document, start=1):
            facts.images.extend(_images(page, number))
            facts.runs.extend(_text_runs(page, number))
    finally:
        document.close()
    return facts


def _luminance(colour: tuple[int, int, int]) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio between two colours, from 1 (none) to 21 (black on white)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
