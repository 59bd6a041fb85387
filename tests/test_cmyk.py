"""The print variant in CMYK through a print shop's ICC profile (here a naive test one)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageCms
from pypdf import PdfReader
from pypdf.generic import ContentStream

from pdf_facts import drawing_operators
from support.cmyk_profile import cmyk_profile
from vitrina.build import build
from vitrina.errors import BuildError, ContentError


def _one_panel_with_image(root: Path, profile: bytes | None) -> Path:
    from conftest import copy_sample

    copy_sample(root)
    exhibit = root / "exhibit"
    settings = yaml.safe_load((exhibit / "exhibition.yaml").read_text(encoding="utf-8"))
    settings["panels"] = ["stamp"]
    if profile is not None:
        (root / "assets" / "icc").mkdir(parents=True)
        (root / "assets" / "icc" / "press.icc").write_bytes(profile)
        settings["print"] = {"icc_profile": "assets/icc/press.icc"}
    (exhibit / "exhibition.yaml").write_text(
        yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    for other in exhibit.glob("*.yaml"):
        if other.stem not in ("exhibition", "sources", "stamp"):
            other.unlink()
    (root / "assets" / "images").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (3000, 2000), (163, 32, 28)).save(root / "assets/images/stamp.png")
    stamp = yaml.safe_load((exhibit / "stamp.yaml").read_text(encoding="utf-8"))
    del stamp["items"][0]["placeholder"]
    stamp["items"][0]["image"] = "assets/images/stamp.png"
    (exhibit / "stamp.yaml").write_text(
        yaml.safe_dump(stamp, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return root


@pytest.fixture(scope="module")
def cmyk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _one_panel_with_image(tmp_path_factory.mktemp("cmyk") / "x", cmyk_profile())
    build(root, variants=["print"])
    return root / "output" / "print"


def test_only_the_variant_asked_for_is_made(cmyk: Path) -> None:
    assert (cmyk / "booklet.pdf").is_file()
    assert not (cmyk.parent / "booklet.pdf").exists()  # proof was not asked for
    assert not (cmyk.parent / "archive").exists()


@pytest.mark.parametrize(
    "name", ["posters/stamp.pdf", "booklet.pdf", "booklet-imposed.pdf", "labels.pdf"]
)
def test_colours_are_cmyk_with_the_profile_as_intent(cmyk: Path, name: str) -> None:
    path = cmyk / name
    operators = drawing_operators(path)
    assert not operators & {b"rg", b"RG"}, "RGB colour left in the page"
    assert b"k" in operators
    root = PdfReader(path).trailer["/Root"]
    [intent] = root["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/OutputConditionIdentifier"] == "vitrina test CMYK (naive inks)"
    assert intent["/DestOutputProfile"].get_object()["/N"] == 4
    assert "PDF/X-4" in root["/Metadata"].get_object().get_data().decode()


def test_black_text_is_one_ink(cmyk: Path) -> None:
    reader = PdfReader(cmyk / "posters" / "stamp.pdf")
    fills = {
        tuple(round(float(v), 3) for v in operands)
        for operands, op in ContentStream(reader.pages[0].get_contents(), reader).operations
        if op == b"k"
    }
    assert (0.0, 0.0, 0.0, 1.0) in fills  # the ink colour #1d1b18 as 100 % K
    assert any(c[0] == 0 and c[1] > 0.5 for c in fills)  # the period red, in M and Y


def test_images_are_converted_to_cmyk(cmyk: Path) -> None:
    [image] = PdfReader(cmyk / "posters" / "stamp.pdf").pages[0].images
    assert image.image.mode == "CMYK"


def test_without_a_profile_the_print_variant_is_fogra39_cmyk(tmp_path: Path) -> None:
    root = _one_panel_with_image(tmp_path / "x", None)
    report = build(root, outputs=["labels"], variants=["print"])
    assert report.preflight is not None
    assert not [f for f in report.preflight.findings if f.check == "colour"]
    path = root / "output" / "print" / "labels.pdf"
    assert not drawing_operators(path) & {b"rg", b"RG"}
    [intent] = PdfReader(path).trailer["/Root"]["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/OutputConditionIdentifier"] == "FOGRA39"
    assert intent["/RegistryName"] == "http://www.color.org"
    profile = ImageCms.ImageCmsProfile(io.BytesIO(intent["/DestOutputProfile"].get_data()))
    assert profile.profile.device_class == "prtr"  # an output profile, not a monitor's
    assert profile.profile.xcolor_space.strip() == "CMYK"
    assert "Coated offset, FOGRA39" in ImageCms.getProfileDescription(profile)


def test_the_shipped_profile_is_small_and_licensed() -> None:
    from vitrina.finish.colour import DEFAULT_PROFILE

    assert DEFAULT_PROFILE.stat().st_size < 1_000_000
    licence = (DEFAULT_PROFILE.parent / "LICENSE-icc-profiles-free.txt").read_text()
    assert "zlib" in licence and "FOGRA39L.ti3" in licence


def test_an_rgb_profile_is_refused_with_its_setting_named(tmp_path: Path) -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    root = _one_panel_with_image(tmp_path / "x", srgb)
    with pytest.raises(BuildError) as caught:
        build(root, outputs=["labels"], variants=["print"])
    assert "needs a CMYK one" in str(caught.value)
    assert "exhibition.yaml" in str(caught.value.location)
    assert not (root / "output").exists()


def test_a_profile_that_is_not_there_is_a_content_error(tmp_path: Path) -> None:
    root = _one_panel_with_image(tmp_path / "x", None)
    settings = root / "exhibit" / "exhibition.yaml"
    settings.write_text(
        settings.read_text() + "print:\n  icc_profile: assets/icc/missing.icc\n", encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        build(root, variants=["print"])
    assert "does not exist" in caught.value.problems[0].message
    assert caught.value.problems[0].field == "print.icc_profile"


def test_test_profile_is_a_real_cmyk_profile() -> None:
    profile = ImageCms.ImageCmsProfile(io.BytesIO(cmyk_profile()))
    assert profile.profile.xcolor_space.strip() == "CMYK"


def _grey_text_and_black_flood() -> bytes:
    """A4: a 7 pt grey caption, a 30 pt grey title, a black flood and small black text."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    pdf.setFillColorRGB(0.36, 0.33, 0.30)  # warm grey
    pdf.setFont("Helvetica", 7)
    pdf.drawString(50, 50, "small grey caption")
    pdf.setFillColorRGB(0.36, 0.33, 0.30)  # (WeasyPrint sets the colour for each run)
    pdf.setFont("Helvetica", 30)
    pdf.drawString(50, 100, "Large grey title")
    pdf.setFillColorRGB(0.11, 0.105, 0.094)  # near black
    pdf.rect(0, 400, 595, 400, stroke=0, fill=1)
    pdf.setFillColorRGB(0.11, 0.105, 0.094)
    pdf.setFont("Helvetica", 9)
    pdf.drawString(50, 200, "black text")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_small_grey_text_is_black_ink_only_and_a_black_flood_is_rich() -> None:
    from vitrina.finish.colour import RICH_BLACK, convert_to_cmyk, default_press_profile

    pdf = convert_to_cmyk(_grey_text_and_black_flood(), default_press_profile())
    reader = PdfReader(io.BytesIO(pdf))
    fills = [
        tuple(round(float(v), 3) for v in operands)
        for operands, op in ContentStream(reader.pages[0].get_contents(), reader).operations
        if op == b"k"
    ]
    small_grey, large_grey, flood, black_text = fills
    assert small_grey[:3] == (0, 0, 0) and 0.5 < small_grey[3] < 0.95  # K only, a tint
    assert min(large_grey[:3]) > 0  # a 30 pt title keeps its four-colour grey
    assert flood == RICH_BLACK
    assert black_text == (0, 0, 0, 1)


def test_a_css_gradient_is_converted_to_cmyk() -> None:
    """WeasyPrint paints a CSS gradient as an RGB shading inside a tiling pattern: the
    print variant converts its colours too, and no RGB is left for the press."""
    import weasyprint

    from vitrina.finish.colour import convert_to_cmyk, default_press_profile
    from vitrina.output import Output
    from vitrina.report.prepress import prepress_findings

    html = (
        '<div style="margin: 20mm; height: 30mm; '
        'background: linear-gradient(to right, #a3201c, #f7f3ea)"></div>'
    )
    pdf = convert_to_cmyk(weasyprint.HTML(string=html).write_pdf(), default_press_profile())
    found = prepress_findings(Output(Path("gradient.pdf"), pdf, kind="poster"))
    assert [f.message for f in found if f.check == "colour-space"] == []
    from vitrina.report.prepress import _shadings

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    shadings = list(_shadings(page.get("/Resources"), set()))
    assert shadings and all(s["/ColorSpace"] == "/DeviceCMYK" for s in shadings)
    red = shadings[0]["/Function"]["/Functions"][0]["/C0"]
    assert len(red) == 4 and float(red[1]) > 0.8  # the period red: mostly magenta


def _fill_overprint(state: object, current: bool) -> bool:
    """The fill overprint after a graphics state (/op, or /OP when /op is absent)."""
    value = state.get("/op", state.get("/OP"))  # type: ignore[attr-defined]
    return current if value is None else bool(getattr(value, "value", value))


def _with_overprint(pdf: bytes) -> Iterator[tuple[list, bytes, bool]]:
    """Each operation of the first page with the fill overprint in force there (following
    gs, q and Q as a RIP does)."""
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    states = page["/Resources"].get("/ExtGState") or {}
    overprint, stack = False, []
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"q":
            stack.append(overprint)
        elif op == b"Q":
            overprint = stack.pop()
        elif op == b"gs":
            overprint = _fill_overprint(states[operands[0]].get_object(), overprint)
        yield operands, op, overprint


def _overprint_at_fills(pdf: bytes) -> list[tuple[tuple[float, ...], bool]]:
    """Each CMYK fill colour set on the first page, with the fill overprint in force there."""
    return [
        (tuple(round(float(v), 3) for v in operands), overprint)
        for operands, op, overprint in _with_overprint(pdf)
        if op == b"k"
    ]


def test_black_text_overprints_and_nothing_else_does() -> None:
    """100 % K text and rules print over what is under them (no white halo if the black
    plate is a little out of register); rich black, the K-only grey tint and every other
    colour knock out as usual."""
    from vitrina.finish.colour import RICH_BLACK, convert_to_cmyk, default_press_profile

    pdf = convert_to_cmyk(_grey_text_and_black_flood(), default_press_profile())
    (small_grey, grey_op), (_, large_op), (flood, flood_op), (black, black_op) = (
        _overprint_at_fills(pdf)
    )
    assert black == (0, 0, 0, 1) and black_op
    assert flood == RICH_BLACK and not flood_op
    assert small_grey[3] < 1 and not grey_op and not large_op
    state = next(
        s.get_object()
        for s in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/ExtGState"].values()
        if s.get_object().get("/op")
    )
    assert state["/OPM"] == 1  # the zero C, M and Y of the black leave what is below


def test_images_drawn_after_black_text_do_not_overprint(tmp_path: Path) -> None:
    """Overprint mode 1 applies to CMYK images too (their zero channels would let what is
    below show through), so the overprint of black text ends before an image is drawn."""
    from reportlab.pdfgen import canvas

    from vitrina.finish.colour import convert_to_cmyk, default_press_profile

    picture = tmp_path / "picture.png"
    Image.new("RGB", (20, 20), (200, 40, 30)).save(picture)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    pdf.setFillColorRGB(0, 0, 0)
    pdf.drawString(50, 50, "black caption")
    pdf.drawImage(str(picture), 50, 100, 100, 100)
    pdf.showPage()
    pdf.save()
    converted = convert_to_cmyk(buffer.getvalue(), default_press_profile())
    at_images = [overprint for _o, op, overprint in _with_overprint(converted) if op == b"Do"]
    assert at_images == [False]


def test_an_image_shared_by_every_page_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint lists every image of a document in every page's resources: the
    conversion reads (decodes and re-encodes) each image once, not once per page (a
    32-page booklet with 15 images spent 15 s doing it 480 times)."""
    from pypdf import PageObject, PdfWriter
    from pypdf.generic import NameObject

    from vitrina.finish.colour import convert_to_cmyk, default_press_profile

    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (200, 40, 30)).save(buffer, "PNG")
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    source = io.BytesIO()
    pdf = canvas.Canvas(source, invariant=1)
    pdf.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 50, 50, 60, 40)
    pdf.showPage()
    pdf.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(source.getvalue())))
    for _ in range(5):  # five more pages sharing the first page's resources
        page = writer.add_blank_page()
        page[NameObject("/Resources")] = writer.pages[0].raw_get("/Resources")
    shared = io.BytesIO()
    writer.write(shared)
    reads = []
    original = PageObject._get_image

    def counting(self: PageObject, *args: object, **kwargs: object) -> object:
        if len(args) < 2 and kwargs.get("obj") is None:  # not pypdf's own recursion
            reads.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PageObject, "_get_image", counting)
    converted = convert_to_cmyk(shared.getvalue(), default_press_profile())
    assert len(reads) == 2  # read once, and once more inside pypdf's replace (was 7)
    monkeypatch.undo()
    image = PdfReader(io.BytesIO(converted)).pages[0].images[0].image
    assert image is not None and image.mode == "CMYK"
