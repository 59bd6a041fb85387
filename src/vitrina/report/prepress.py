"""The prepress part of the preflight: what a print shop's operator would query in a
finished PDF before it goes to plate.

- colour or an image touching the trim with no bleed beyond it (it shows a white hairline
  when the guillotine is a little off);
- a PDF/X output intent whose ICC profile is not an output (printer, 'prtr') profile;
- DeviceRGB colour or RGB images in a CMYK job, CMYK images in an RGB job;
- a PDF version below what the file's standard requires (PDF/X-4: 1.6, PDF/A-2/3: 1.7);
- lines thinner than 0.25 pt;
- printer's marks (strokes outside the BleedBox) not in the registration colour.

Each is a warning, so `--strict` refuses the build. The checks read the file as it is,
not what vitrina meant to write, so a defect put back by a later change is caught.
"""

from __future__ import annotations

import ctypes
import io
import math
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from vitrina.report.findings import Check, Finding

if TYPE_CHECKING:
    from pypdf import PageObject, PdfReader
    from pypdf.generic import DictionaryObject

    from vitrina.output import Output

MM = 72 / 25.4
#: The thinnest line that prints reliably (pt).
MIN_LINE_PT = 0.25
#: The lowest PDF version each standard allows.
PDFX_VERSION = (1, 6)
PDFA_VERSION = {"1": (1, 4), "2": (1, 7), "3": (1, 7), "4": (2, 0)}
#: The bleed a page needs beyond the trim where colour touches it (mm); sampled at 2 mm.
BLEED_SAMPLE_MM = 2.0
#: A pixel this far from white (0–255, any channel) carries ink.
INK_BELOW = 245
_RGB_OPERATOR = re.compile(rb"(?:-?[\d.]+\s+){3}(?:rg|RG)\b")
_PDFAID_PART = re.compile(r"pdfaid:part(?:>|=\")(\d)")


def prepress_findings(output: Output) -> list[Finding]:
    """Every prepress defect found in one finished PDF."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(output.data))
    name = output.path.as_posix()
    where = str(output.source) if output.source else None
    found: list[tuple[Check, str]] = []
    profile = _pdfx_profile(reader)
    cmyk_job = profile is not None and profile[16:20] == b"CMYK"
    found += _output_intent(reader)
    found += _version(output.data, reader)
    found += _colour_spaces(reader, cmyk_job)
    found += _marks(reader)
    found += _drawn(output.data, reader)
    return [Finding(check, message, output=name, location=where) for check, message in found]


def _intents(reader: PdfReader) -> list[DictionaryObject]:
    return [i.get_object() for i in reader.trailer["/Root"].get("/OutputIntents") or []]


def _pdfx_profile(reader: PdfReader) -> bytes | None:
    for intent in _intents(reader):
        if intent.get("/S") == "/GTS_PDFX" and "/DestOutputProfile" in intent:
            return intent["/DestOutputProfile"].get_object().get_data()
    return None


def _output_intent(reader: PdfReader) -> list[tuple[Check, str]]:
    profile = _pdfx_profile(reader)
    if profile is None or profile[12:16] == b"prtr":
        return []
    kind = {b"mntr": "a monitor", b"scnr": "a scanner"}.get(profile[12:16], "not an output")
    return [
        (
            Check.OUTPUT_INTENT,
            f"the PDF/X output intent's ICC profile is {kind} profile "
            f"('{profile[12:16].decode('latin-1')}'), not a printing condition ('prtr'); "
            "print shops reject it: use a CMYK press profile (vitrina's own is FOGRA39)",
        )
    ]


def _version(data: bytes, reader: PdfReader) -> list[tuple[Check, str]]:
    header = data[:16].decode("latin-1")
    match = re.match(r"%PDF-(\d)\.(\d)", header)
    if match is None:
        return [(Check.PDF_VERSION, "the file has no PDF header")]
    version = (int(match[1]), int(match[2]))
    needed: list[tuple[tuple[int, int], str]] = []
    if _pdfx_profile(reader) is not None:
        needed.append((PDFX_VERSION, "PDF/X-4"))
    metadata = reader.trailer["/Root"].get("/Metadata")
    xmp = metadata.get_object().get_data().decode("utf-8", "replace") if metadata else ""
    part = _PDFAID_PART.search(xmp)
    if part and part[1] in PDFA_VERSION:
        needed.append((PDFA_VERSION[part[1]], f"PDF/A-{part[1]}"))
    return [
        (
            Check.PDF_VERSION,
            f"the file says it is PDF {version[0]}.{version[1]}, but {standard} needs "
            f"PDF {least[0]}.{least[1]} or later; validators reject it",
        )
        for least, standard in needed
        if version < least
    ]


def _xobjects(resources: object, seen: set[int]) -> Iterator[DictionaryObject]:
    """Every image and form XObject reachable from a resource dictionary."""
    if resources is None:
        return
    xobjects = resources.get_object().get("/XObject")  # type: ignore[attr-defined]
    for ref in (xobjects.get_object() if xobjects is not None else {}).values():
        xobject = ref.get_object()
        if id(xobject) in seen:
            continue
        seen.add(id(xobject))
        yield xobject
        if xobject.get("/Subtype") == "/Form":
            yield from _xobjects(xobject.get("/Resources"), seen)


def _components(space: object) -> int | None:
    """How many colour components an image colour space has (3 RGB, 4 CMYK, 1 grey)."""
    space = space.get_object() if hasattr(space, "get_object") else space
    if space in ("/DeviceRGB", "/CalRGB"):
        return 3
    if space == "/DeviceCMYK":
        return 4
    if space in ("/DeviceGray", "/CalGray"):
        return 1
    if isinstance(space, list) and space:
        family = space[0]
        if family == "/ICCBased":
            return int(space[1].get_object().get("/N", 0))
        if family == "/Indexed":
            return _components(space[1])
        if family == "/CalRGB":
            return 3
    return None


def _shadings(resources: object, seen: set[int], depth: int = 0) -> Iterator[DictionaryObject]:
    """Every shading (gradient) reachable from a resource dictionary: painted with `sh`,
    as a shading pattern, or inside a tiling pattern or a form (bounded in depth)."""
    if resources is None or depth > 8:
        return
    resources = resources.get_object()  # type: ignore[attr-defined]
    for shading in (resources.get("/Shading") or {}).values():  # type: ignore[union-attr]
        yield shading.get_object()
    for ref in (resources.get("/Pattern") or {}).values():  # type: ignore[union-attr]
        pattern = ref.get_object()
        if id(pattern) in seen:
            continue
        seen.add(id(pattern))
        if "/Shading" in pattern:
            yield pattern["/Shading"].get_object()
        yield from _shadings(pattern.get("/Resources"), seen, depth + 1)
    for ref in (resources.get("/XObject") or {}).values():  # type: ignore[union-attr]
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
            seen.add(id(xobject))
            yield from _shadings(xobject.get("/Resources"), seen, depth + 1)


def _colour_spaces(reader: PdfReader, cmyk_job: bool) -> list[tuple[Check, str]]:
    found = []
    seen: set[int] = set()
    rgb_pages, cmyk_images, rgb_images = [], [], []
    rgb_gradients: list[int] = []
    shadings_seen: set[int] = set()
    for number, page in enumerate(reader.pages, 1):
        for shading in _shadings(page.get("/Resources"), shadings_seen):
            if _components(shading.get("/ColorSpace")) == 3:
                rgb_gradients.append(number)
        streams = [page.get_contents()]
        for xobject in _xobjects(page.get("/Resources"), seen):
            if xobject.get("/Subtype") == "/Image":
                components = _components(xobject.get("/ColorSpace"))
                if components == 3:
                    rgb_images.append(number)
                elif components == 4:
                    cmyk_images.append(number)
            elif xobject.get("/Subtype") == "/Form":
                streams.append(xobject)
        if cmyk_job and any(
            stream is not None and _RGB_OPERATOR.search(stream.get_data()) for stream in streams
        ):
            rgb_pages.append(number)
    if cmyk_job and rgb_pages:
        found.append(
            (
                Check.COLOUR_SPACE,
                f"DeviceRGB colour in a CMYK job (page {_pages(rgb_pages)}): the press "
                "converts it its own way; convert it through the job's profile",
            )
        )
    if cmyk_job and rgb_gradients:
        found.append(
            (
                Check.COLOUR_SPACE,
                f"RGB gradients in a CMYK job (page {_pages(rgb_gradients)}): the press "
                "converts them its own way; convert them through the job's profile",
            )
        )
    if cmyk_job and rgb_images:
        found.append(
            (
                Check.COLOUR_SPACE,
                f"RGB images in a CMYK job (page {_pages(rgb_images)}); convert them "
                "through the job's profile",
            )
        )
    if not cmyk_job and cmyk_images:
        found.append(
            (
                Check.COLOUR_SPACE,
                f"CMYK images in an RGB file (page {_pages(cmyk_images)}): they print dull; "
                "use RGB images (the print variant converts them for the press)",
            )
        )
    return found


def _pages(numbers: list[int]) -> str:
    unique = sorted(set(numbers))
    return ", ".join(str(n) for n in unique[:5]) + (" …" if len(unique) > 5 else "")


def _marks(reader: PdfReader) -> list[tuple[Check, str]]:
    """Strokes outside the BleedBox (printer's marks) must be in the registration colour."""
    bad = []
    for number, page in enumerate(reader.pages, 1):
        media, bleed = page.mediabox, page.bleedbox
        if not _room_outside(media, bleed):
            continue
        if _marks_off_registration(page, bleed):
            bad.append(number)
    if not bad:
        return []
    return [
        (
            Check.MARKS,
            f"printer's marks not in the registration colour (page {_pages(bad)}): marks in "
            "one ink or in RGB do not show on every plate; draw them in the separation All",
        )
    ]


def _room_outside(media: object, bleed: object) -> bool:
    return any(
        abs(float(a) - float(b)) > 1.0
        for a, b in zip(media, bleed, strict=True)  # type: ignore[call-overload]
    )


def _marks_off_registration(page: PageObject, bleed: object) -> bool:
    """Whether a stroke lying wholly outside the BleedBox is painted in anything but a
    Separation named All (read from the page's own content, where marks are drawn)."""
    from pypdf.generic import ContentStream

    contents = page.get_contents()
    if contents is None:
        return False
    left, bottom, right, top = (float(v) for v in bleed)  # type: ignore[attr-defined]
    spaces = (page.get("/Resources") or {}).get("/ColorSpace") or {}
    spaces = spaces.get_object() if hasattr(spaces, "get_object") else spaces
    stroke_space, ctm, stack = "/DeviceGray", (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), []
    # The clip, as a box on the page: strokes clipped away (a map's lines beyond its
    # frame) are not marks, even where their coordinates lie outside the bleed.
    clip = (-1e9, -1e9, 1e9, 1e9)
    path: list[tuple[float, float]] = []
    clipping = False

    def point(x: float, y: float) -> tuple[float, float]:
        return (ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5])

    for operands, operator in ContentStream(contents, page.pdf).operations:
        if operator == b"q":
            stack.append((ctm, stroke_space, clip))
        elif operator == b"Q" and stack:
            ctm, stroke_space, clip = stack.pop()
        elif operator == b"cm" and len(operands) == 6:
            a, b, c, d, e, f = (float(v) for v in operands)
            p = ctm
            ctm = (
                a * p[0] + b * p[2],
                a * p[1] + b * p[3],
                c * p[0] + d * p[2],
                c * p[1] + d * p[3],
                e * p[0] + f * p[2] + p[4],
                e * p[1] + f * p[3] + p[5],
            )
        elif operator == b"CS" and operands:
            stroke_space = str(operands[0])
        elif operator in (b"RG", b"K", b"G"):
            stroke_space = {b"RG": "/DeviceRGB", b"K": "/DeviceCMYK", b"G": "/DeviceGray"}[operator]
        elif operator in (b"m", b"l") and len(operands) == 2:
            path.append(point(float(operands[0]), float(operands[1])))
        elif operator in (b"c", b"v", b"y") and len(operands) >= 4:
            path.append(point(float(operands[-2]), float(operands[-1])))
        elif operator == b"re" and len(operands) == 4:
            x, y, w, h = (float(v) for v in operands)
            path += [point(x, y), point(x + w, y + h)]
        elif operator in (b"W", b"W*"):
            clipping = True
        elif operator in (b"S", b"s", b"n", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
            if clipping and path:
                xs, ys = [x for x, _ in path], [y for _, y in path]
                clip = (
                    max(clip[0], min(xs)),
                    max(clip[1], min(ys)),
                    min(clip[2], max(xs)),
                    min(clip[3], max(ys)),
                )
            elif operator in (b"S", b"s") and path:
                outside = all(x < left or x > right or y < bottom or y > top for x, y in path)
                visible = any(clip[0] <= x <= clip[2] and clip[1] <= y <= clip[3] for x, y in path)
                if outside and visible and not _is_registration(stroke_space, spaces):
                    return True
            path, clipping = [], False
    return False


def _is_registration(name: str, spaces: object) -> bool:
    space = spaces.get(name) if hasattr(spaces, "get") else None  # type: ignore[union-attr]
    space = space.get_object() if space is not None else None
    return isinstance(space, list) and space[:2] == ["/Separation", "/All"]


def _drawn(data: bytes, reader: PdfReader) -> list[tuple[Check, str]]:
    """The checks that need pdfium: hairlines, and colour at the trim without bleed."""
    import pypdfium2 as pdfium

    found = []
    thin: list[tuple[int, float]] = []
    no_bleed: list[tuple[int, str]] = []
    document = pdfium.PdfDocument(data)
    try:
        for number, page in enumerate(document, 1):
            thin += [(number, width) for width in _thin_lines(page)]
            trim = tuple(float(v) for v in reader.pages[number - 1].trimbox)
            media = tuple(float(v) for v in reader.pages[number - 1].mediabox)
            no_bleed += [(number, edge) for edge in _edges_without_bleed(page, trim, media)]
    finally:
        document.close()
    if thin:
        thinnest = min(width for _, width in thin)
        found.append(
            (
                Check.LINE_WIDTH,
                f"{len(thin)} lines thinner than {MIN_LINE_PT:g} pt (the thinnest "
                f"{thinnest:.2f} pt, page {_pages([n for n, _ in thin])}): they break up on "
                "press, in four inks worse still",
            )
        )
    if no_bleed:
        edges = sorted({edge for _, edge in no_bleed})
        found.append(
            (
                Check.BLEED,
                f"colour touches the trim with no bleed beyond it ({', '.join(edges)} edge, "
                f"page {_pages([n for n, _ in no_bleed])}): a cut a little off leaves a white "
                "line; run it 3 mm past the trim",
            )
        )
    return found


def _thin_lines(page: object) -> Iterator[float]:
    """The effective width (pt) of every stroked path thinner than MIN_LINE_PT."""
    import pypdfium2.raw as raw

    matrices: dict[int, tuple[float, ...]] = {}
    for obj in page.get_objects(max_depth=6):  # type: ignore[attr-defined]
        kind = raw.FPDFPageObj_GetType(obj.raw)
        if kind not in (raw.FPDF_PAGEOBJ_FORM, raw.FPDF_PAGEOBJ_PATH):
            continue  # text, images, shadings (pdfium has no matrix for a shading)
        m = obj.get_matrix()
        scale = math.sqrt(abs(m.a * m.d - m.b * m.c))
        parent = matrices.get(obj.level - 1, (1.0,))[0]
        if kind == raw.FPDF_PAGEOBJ_FORM:
            matrices[obj.level] = (scale * parent,)
            continue
        if kind != raw.FPDF_PAGEOBJ_PATH:
            continue
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
        if not stroke.value:
            continue
        width = ctypes.c_float()
        if not raw.FPDFPageObj_GetStrokeWidth(obj.raw, ctypes.byref(width)):
            continue
        effective = width.value * scale * parent
        if effective < MIN_LINE_PT - 0.005:
            yield round(effective, 3)


def _edges_without_bleed(
    page: object, trim: tuple[float, ...], media: tuple[float, ...]
) -> Iterator[str]:
    """The edges of the trim where ink reaches it but the page has no ink 2 mm beyond (or
    no room beyond it at all). Rendered small: two pixels a millimetre."""
    left, bottom, right, top = trim
    scale = 2 / MM  # pixels per point: two a millimetre
    width, height = media[2] - media[0], media[3] - media[1]
    longest = max(width, height) * scale
    if longest > 3000:  # an A0 poster: no more than 3000 pixels
        scale *= 3000 / longest
    image = page.render(scale=scale).to_pil().convert("L")  # type: ignore[attr-defined]

    def pixel(x: float, y: float) -> int | None:
        px, py = (x - media[0]) * scale, (media[3] - y) * scale
        if 0 <= px < image.width and 0 <= py < image.height:
            return image.getpixel((int(px), int(py)))  # type: ignore[return-value]
        return None

    inside = 0.75 * MM
    beyond = BLEED_SAMPLE_MM * MM
    steps = 60
    for edge, points in (
        ("left", [(left + inside, left - beyond, y) for y in _spaced(bottom, top, steps)]),
        ("right", [(right - inside, right + beyond, y) for y in _spaced(bottom, top, steps)]),
        ("bottom", [(bottom + inside, bottom - beyond, x) for x in _spaced(left, right, steps)]),
        ("top", [(top - inside, top + beyond, x) for x in _spaced(left, right, steps)]),
    ):
        vertical = edge in ("left", "right")
        bare = 0
        for near, far, along in points:
            ink = pixel(near, along) if vertical else pixel(along, near)
            outside = pixel(far, along) if vertical else pixel(along, far)
            if ink is not None and ink < INK_BELOW and (outside is None or outside >= INK_BELOW):
                bare += 1
        if bare >= 3:
            yield edge


def _spaced(start: float, end: float, count: int) -> list[float]:
    """``count`` points spread along an edge, keeping 1 mm clear of the corners."""
    start, end = start + MM, end - MM
    return [start + (end - start) * (i + 0.5) / count for i in range(count)]
