"""Colour conversion of finished PDFs.

CMYK for the press: every RGB colour of a finished PDF converted through the print
shop's ICC profile (littleCMS, via Pillow's ImageCms), black and near-black neutrals set
as 100 % K so text prints in one ink, images converted too, and the profile written as the
PDF/X output intent in place of sRGB. Greyscale for office printers: every colour and
image as a shade of grey."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Protocol

from PIL import Image, ImageCms
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from vitrina.adapters.pypdf import add_object
from vitrina.finish.pdfpages import write_rebuilt
from vitrina.finish.usage import FillUse, fill_uses
from vitrina.paths import BUILTIN_ASSETS

#: vitrina's own press profile: coated offset paper, FOGRA39 (tools/build_press_profile.sh).
DEFAULT_PROFILE = BUILTIN_ASSETS / "icc" / "FOGRA39-vitrina.icc"
#: The characterisation it was made from, as named in the ICC's registry of print conditions.
DEFAULT_CONDITION = "FOGRA39"

#: A neutral at least this dark (0–1) is black ink: 100 % K, no C, M or Y.
BLACK_BELOW = 0.2
NEUTRAL_SPREAD = 0.05
#: Text smaller than this (pt) in a grey this close to neutral prints in black ink only:
#: four inks out of register would fringe it.
SMALL_TEXT_PT = 12.0
GREY_SPREAD = 0.1
#: A black area larger than this (square points; 5 × 5 cm) is rich black: 100 % K alone
#: prints as a washed-out dark grey on a large flood.
RICH_BLACK_AREA_PT2 = (50 * 72 / 25.4) ** 2
RICH_BLACK = (0.6, 0.4, 0.4, 1.0)


class ProfileError(ValueError):
    """The ICC profile cannot be used (not a profile, or not CMYK)."""


@dataclass
class Converter:
    """RGB → CMYK through one profile, remembering colours it has converted."""

    profile: bytes
    condition: str | None = None
    """The registered print condition the profile characterises (FOGRA39), if known."""
    _cache: dict[tuple[float, ...], tuple[float, ...]] = field(default_factory=dict)
    fill: bytes = b"k"
    stroke: bytes = b"K"
    group_space: str = "/DeviceCMYK"
    overprint_black: bool = True

    def __post_init__(self) -> None:
        try:
            self._target = ImageCms.ImageCmsProfile(io.BytesIO(self.profile))
        except (OSError, ImageCms.PyCMSError) as exc:
            raise ProfileError(f"it is not an ICC profile littleCMS can read ({exc})") from None
        if self._target.profile.xcolor_space.strip() != "CMYK":
            space = self._target.profile.xcolor_space.strip()
            raise ProfileError(f"it is a {space} profile; the print variant needs a CMYK one")
        self.description = ImageCms.getProfileDescription(self._target).strip() or "CMYK"
        self._transform = ImageCms.buildTransform(
            ImageCms.createProfile("sRGB"),
            self._target,
            "RGB",
            "CMYK",
            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        )

    def colour(self, rgb: tuple[float, float, float]) -> tuple[float, ...]:
        key = tuple(round(v, 4) for v in rgb)
        if key not in self._cache:
            if max(key) <= BLACK_BELOW and max(key) - min(key) <= NEUTRAL_SPREAD:
                self._cache[key] = (0.0, 0.0, 0.0, 1.0)
            else:
                pixel = Image.new("RGB", (1, 1), tuple(round(v * 255) for v in key))
                cmyk = ImageCms.applyTransform(pixel, self._transform).getpixel((0, 0))
                self._cache[key] = tuple(round(v / 255, 4) for v in cmyk)  # type: ignore[union-attr]
        return self._cache[key]

    def colour_for(self, rgb: tuple[float, float, float], use: FillUse) -> tuple[float, ...]:
        """The CMYK for an RGB fill, given what it paints: large black areas in rich black,
        small grey text in black ink only, anything else as :meth:`colour` has it."""
        spread = max(rgb) - min(rgb)
        if max(rgb) <= BLACK_BELOW and spread <= NEUTRAL_SPREAD:
            return RICH_BLACK if use.area_pt2 >= RICH_BLACK_AREA_PT2 else (0.0, 0.0, 0.0, 1.0)
        if spread <= GREY_SPREAD and 0 < use.text_pt < SMALL_TEXT_PT and not use.area_pt2:
            return (0.0, 0.0, 0.0, self._black_ink_for(rgb))
        return self.colour(rgb)

    def _black_ink_for(self, rgb: tuple[float, float, float]) -> float:
        """The black-ink tint as light as the RGB grey (CIE L*, through the profile)."""
        if not hasattr(self, "_k_lightness"):
            lab = ImageCms.createProfile("LAB")
            ramp = Image.new("CMYK", (256, 1))
            ramp.putdata([(0, 0, 0, k) for k in range(256)])
            to_lab = ImageCms.buildTransform(self._target, lab, "CMYK", "LAB")
            lab_ramp = ImageCms.applyTransform(ramp, to_lab)
            self._k_lightness = [lab_ramp.getpixel((k, 0))[0] for k in range(256)]
            self._rgb_to_lab = ImageCms.buildTransform(
                ImageCms.createProfile("sRGB"), lab, "RGB", "LAB"
            )
        pixel = Image.new("RGB", (1, 1), tuple(round(v * 255) for v in rgb))
        lightness = ImageCms.applyTransform(pixel, self._rgb_to_lab).getpixel((0, 0))[0]
        best = min(range(256), key=lambda k: abs(self._k_lightness[k] - lightness))
        return round(best / 255, 4)

    def image(self, picture: Image.Image) -> Image.Image:
        return ImageCms.applyTransform(picture.convert("RGB"), self._transform)


class Recolour(Protocol):
    """What a colour conversion provides: RGB colours and images in its own space."""

    fill: bytes  # the operator that sets a fill colour in the target space (k, g)
    stroke: bytes
    group_space: str  # the transparency group colour space (/DeviceCMYK, /DeviceGray)

    def colour(self, rgb: tuple[float, float, float]) -> tuple[float, ...]: ...

    def image(self, picture: Image.Image) -> Image.Image: ...


def _convert_operations(stream: ContentStream, converter: Recolour) -> None:
    colour_for = getattr(converter, "colour_for", None)
    uses = fill_uses(stream.operations) if colour_for is not None else {}
    for index, (operands, operator) in enumerate(stream.operations):
        if operator in (b"rg", b"RG") and len(operands) == 3:
            rgb = tuple(float(v) for v in operands)
            if operator == b"rg" and colour_for is not None:
                values = colour_for(rgb, uses.get(index, FillUse()))
            else:
                values = converter.colour(rgb)  # type: ignore[arg-type]
            stream.operations[index] = (
                [FloatObject(v) for v in values],
                converter.fill if operator == b"rg" else converter.stroke,
            )


def _convert_function(function: DictionaryObject, converter: Recolour, depth: int = 0) -> bool:
    """An RGB shading function's colours converted in place: exponential functions (C0,
    C1) and stitching functions of them, which is what WeasyPrint and SVG gradients use.
    False for a function of another kind (sampled, PostScript), left as it is."""
    if depth > 8:
        return False
    kind = function.get("/FunctionType")
    if kind == 2:
        for key, default in (("/C0", (0.0, 0.0, 0.0)), ("/C1", (1.0, 1.0, 1.0))):
            rgb = tuple(float(v) for v in function.get(key, default))
            if len(rgb) != 3:
                return False
            values = converter.colour(rgb)  # type: ignore[arg-type]
            function[NameObject(key)] = ArrayObject(FloatObject(v) for v in values)
        return True
    if kind == 3:
        parts = [part.get_object() for part in function.get("/Functions", [])]
        return all(_convert_function(part, converter, depth + 1) for part in parts)
    return False


def _convert_shading(shading: DictionaryObject, converter: Recolour) -> None:
    """A DeviceRGB gradient (axial or radial) in the converter's space."""
    if shading.get("/ColorSpace") != "/DeviceRGB" or "/Function" not in shading:
        return
    function = shading["/Function"].get_object()
    if not isinstance(function, DictionaryObject):
        return  # an array of functions, one a component: not what browsers write
    if _convert_function(function, converter):
        shading[NameObject("/ColorSpace")] = NameObject(converter.group_space)
        shading.pop("/Background", None)


def _convert_patterns(
    resources: DictionaryObject, reader: PdfReader, converter: Recolour, seen: set[int]
) -> None:
    """Shadings, and patterns: a shading pattern's gradient, a tiling pattern's cell (its
    content stream and resources, recursively)."""
    for ref in (resources.get("/Shading") or DictionaryObject()).values():
        shading = ref.get_object()
        if id(shading) not in seen:
            seen.add(id(shading))
            _convert_shading(shading, converter)
    for ref in (resources.get("/Pattern") or DictionaryObject()).values():
        pattern = ref.get_object()
        if id(pattern) in seen:
            continue
        seen.add(id(pattern))
        if "/Shading" in pattern:
            _convert_shading(pattern["/Shading"].get_object(), converter)
        elif pattern.get("/PatternType") == 1:
            cell = ContentStream(pattern, reader)
            _finish_stream(cell, pattern, converter, inherited=True)
            pattern.set_data(cell.get_data())
            _convert_resources(pattern.get("/Resources"), reader, converter, seen)


#: 100 % K alone, the colour of black text and rules in the CMYK job.
SOLID_BLACK = (0.0, 0.0, 0.0, 1.0)
#: The graphics states that set fill and stroke overprint, by (fill, stroke) overprint.
_OVERPRINT_STATES = {
    (fill, stroke): f"/VitrinaOP{int(fill)}{int(stroke)}" for fill in (0, 1) for stroke in (0, 1)
}


def _is_solid_black(operands: list) -> bool:  # noqa: ANN001 - pypdf operand objects
    return len(operands) == 4 and tuple(float(v) for v in operands) == SOLID_BLACK


def _overprint_black(stream: ContentStream, owner: DictionaryObject, inherited: bool) -> None:
    """100 % K fills and strokes set to overprint (OPM 1, so their zero C, M and Y leave
    the plates below alone), every other colour to knock out: black text over a tint or a
    map then has no white halo when the black plate is a little out of register, as print
    shops expect. Follows q/Q; a form or pattern cell (``inherited``) may be drawn with
    either state in force, so its first colour always sets it."""
    state: tuple[bool, bool] | None = None if inherited else (False, False)
    stack: list[tuple[bool, bool] | None] = []
    operations, used = [], set()
    for operands, operator in stream.operations:
        if operator == b"q":
            stack.append(state)
        elif operator == b"Q" and stack:
            state = stack.pop()
        elif operator in (b"Do", b"sh", b"BI") and (state is None or state[0]):
            # OPM 1 applies to CMYK images and gradients too: their zero channels would
            # let what is below show through, so fill overprint ends before them
            wanted = (False, state[1] if state is not None else False)
            name = _OVERPRINT_STATES[(int(wanted[0]), int(wanted[1]))]
            operations.append(([NameObject(name)], b"gs"))
            used.add(wanted)
            state = wanted
        elif operator in (b"k", b"K", b"g", b"G", b"rg", b"RG", b"sc", b"SC", b"scn", b"SCN"):
            black = operator in (b"k", b"K") and _is_solid_black(operands)
            fill = operator.islower()
            base = state if state is not None else (False, False)
            wanted = (black, base[1]) if fill else (base[0], black)
            if state is None or wanted != state:
                name = _OVERPRINT_STATES[(int(wanted[0]), int(wanted[1]))]
                operations.append(([NameObject(name)], b"gs"))
                used.add(wanted)
                state = wanted
        operations.append((operands, operator))
    if not used:
        return
    stream.operations = operations
    resources = owner.get("/Resources")
    if resources is None:  # a page may inherit its resources from the page tree
        inherited_from = getattr(owner, "get_inherited", lambda _key, default: default)
        found = inherited_from("/Resources", None)
        resources = DictionaryObject(found.get_object() if found is not None else {})
        owner[NameObject("/Resources")] = resources
    resources = resources.get_object()
    states = resources.get("/ExtGState")
    if states is None:
        states = resources[NameObject("/ExtGState")] = DictionaryObject()
    states = states.get_object()
    for fill, stroke in used:
        states[NameObject(_OVERPRINT_STATES[(int(fill), int(stroke))])] = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/ExtGState"),
                NameObject("/op"): BooleanObject(fill),
                NameObject("/OP"): BooleanObject(stroke),
                NameObject("/OPM"): NumberObject(1),
            }
        )


def _finish_stream(
    stream: ContentStream, owner: DictionaryObject, converter: Recolour, inherited: bool
) -> None:
    """A content stream's colours converted, and black set to overprint for the press."""
    _convert_operations(stream, converter)
    if getattr(converter, "overprint_black", False):
        _overprint_black(stream, owner, inherited)


def _convert_resources(
    resources: DictionaryObject | None, reader: PdfReader, converter: Recolour, seen: set[int]
) -> None:
    """Forms (their content streams, recursively), patterns and gradients in a resource
    dictionary."""
    if resources is None:
        return
    _convert_patterns(resources.get_object(), reader, converter, seen)
    xobjects = resources.get_object().get("/XObject")
    if xobjects is None:
        return
    for ref in xobjects.get_object().values():
        xobject = ref.get_object()
        if id(xobject) in seen:
            continue
        seen.add(id(xobject))
        if xobject.get("/Subtype") == "/Form":
            form = ContentStream(xobject, reader)
            _finish_stream(form, xobject, converter, inherited=True)
            xobject.set_data(form.get_data())
            _set_group_space(xobject, converter.group_space)
            _convert_resources(xobject.get("/Resources"), reader, converter, seen)


def _set_group_space(owner: DictionaryObject, space: str) -> None:
    group = owner.get("/Group")
    if group is not None and group.get_object().get("/CS") is not None:
        group.get_object()[NameObject("/CS")] = NameObject(space)


def default_press_profile() -> bytes:
    """vitrina's own CMYK profile for coated offset paper (FOGRA39), used by the print
    variant when the curator names none."""
    return DEFAULT_PROFILE.read_bytes()


def _output_intent(writer: PdfWriter, converter: Converter) -> None:
    """The profile as the PDF/X output intent. A registered condition (FOGRA39) is named
    as such, so a RIP can match it to its own; any other is named by its description."""
    profile = DecodedStreamObject()
    profile.set_data(converter.profile)
    profile[NameObject("/N")] = NumberObject(4)
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFX"),
            NameObject("/OutputConditionIdentifier"): TextStringObject(
                converter.condition or converter.description
            ),
            NameObject("/Info"): TextStringObject(converter.description),
            NameObject("/DestOutputProfile"): add_object(writer, profile),
        }
    )
    if converter.condition:
        intent[NameObject("/OutputCondition")] = TextStringObject(converter.description)
        intent[NameObject("/RegistryName")] = TextStringObject("http://www.color.org")
    writer.root_object[NameObject("/OutputIntents")] = ArrayObject([add_object(writer, intent)])


def _convert_images(page: PageObject, converter: Recolour, done: set[object]) -> None:
    """The page's RGB images converted, each image object once: WeasyPrint lists every
    image of the document in every page's resources, and reading one (pypdf decodes and
    re-encodes it) for each page cost a 32-page booklet with 15 images 15 s."""
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    xobjects = xobjects.get_object() if xobjects is not None else DictionaryObject()
    for key in page.images.keys():  # noqa: SIM118 - iterating the images decodes each
        ref = xobjects.raw_get(key) if isinstance(key, str) and key in xobjects else None
        identity = (ref.idnum, ref.generation) if isinstance(ref, IndirectObject) else None
        if identity is not None:
            if identity in done:
                continue
            done.add(identity)
        picture = page.images[key]
        if picture.image is not None and picture.image.mode in ("RGB", "RGBA", "P"):
            picture.replace(converter.image(picture.image), quality=95)


def recolour_pdf(pdf: bytes, converter: Recolour, writer_hook=None) -> bytes:  # noqa: ANN001
    """The PDF with every RGB colour and image converted by ``converter``;
    ``writer_hook(writer)`` may add to the document (an output intent) before writing."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    seen: set[int] = set()
    images_done: set[object] = set()
    for page in writer.pages:
        _convert_images(page, converter, images_done)
        contents = ContentStream(page.get_contents(), reader)
        _finish_stream(contents, page, converter, inherited=False)
        page.replace_contents(contents)
        _set_group_space(page, converter.group_space)
        _convert_resources(page.get("/Resources"), reader, converter, seen)
    if writer_hook is not None:
        writer_hook(writer)
    return write_rebuilt(reader, writer)


def convert_to_cmyk(pdf: bytes, profile: bytes) -> bytes:
    """The PDF with CMYK colours and images and the profile as its output intent."""
    condition = DEFAULT_CONDITION if profile == default_press_profile() else None
    converter = Converter(profile, condition)
    return recolour_pdf(pdf, converter, lambda writer: _output_intent(writer, converter))


class Greyscale:
    """RGB → grey by luminance, for office printers printing black and white: after it,
    no colour operator is left in the file."""

    fill, stroke, group_space = b"g", b"G", "/DeviceGray"

    def colour(self, rgb: tuple[float, float, float]) -> tuple[float, ...]:
        red, green, blue = rgb
        return (round(0.2126 * red + 0.7152 * green + 0.0722 * blue, 4),)

    def image(self, picture: Image.Image) -> Image.Image:
        return picture.convert("L")


def convert_to_grey(pdf: bytes) -> bytes:
    """The PDF in shades of grey only."""
    return recolour_pdf(pdf, Greyscale())
