"""The preflight's prepress findings: each defect a print shop would query, put back on
purpose in a small PDF, is reported as a warning (so `--strict` fails on it)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageCms
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.pdfgen import canvas

from vitrina.finish.colour import default_press_profile
from vitrina.finish.marks import REGISTRATION, overlay_page
from vitrina.output import Output
from vitrina.report.prepress import prepress_findings

MM = 72 / 25.4
A5 = (148 * MM, 210 * MM)


def _pdf(draw, size=A5) -> bytes:  # noqa: ANN001
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=size, invariant=1)
    draw(pdf)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _finish(
    pdf: bytes,
    trim_inset_mm: float = 0.0,
    bleed_mm: float = 0.0,
    profile: bytes | None = None,
    header: str = "%PDF-1.7",
) -> bytes:
    """Set TrimBox and BleedBox (inset from the MediaBox) and, with ``profile``, a PDF/X
    output intent; write with the given header."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        inset, bleed = trim_inset_mm * MM, bleed_mm * MM
        trim = [x0 + inset, y0 + inset, x1 - inset, y1 - inset]
        page[NameObject("/TrimBox")] = ArrayObject(FloatObject(v) for v in trim)
        page[NameObject("/BleedBox")] = ArrayObject(
            FloatObject(v)
            for v in (trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed)
        )
    if profile is not None:
        stream = DecodedStreamObject()
        stream.set_data(profile)
        stream[NameObject("/N")] = NumberObject(4 if profile[16:20] == b"CMYK" else 3)
        intent = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/OutputIntent"),
                NameObject("/S"): NameObject("/GTS_PDFX"),
                NameObject("/OutputConditionIdentifier"): TextStringObject("test"),
                NameObject("/DestOutputProfile"): writer._add_object(stream),
            }
        )
        writer.root_object[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
    writer.pdf_header = header.encode()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _checks(pdf: bytes) -> dict[str, str]:
    found = prepress_findings(Output(Path("test.pdf"), pdf, kind="poster"))
    assert all(f.severity == "warning" for f in found)
    return {f.check: f.message for f in found}


def _cmyk_text(pdf: canvas.Canvas) -> None:
    pdf.setFillColorCMYK(0, 0, 0, 1)
    pdf.setFont("Helvetica", 12)
    pdf.drawString(60, 300, "text")


SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def test_a_clean_cmyk_file_has_no_findings() -> None:
    assert _checks(_finish(_pdf(_cmyk_text), profile=default_press_profile())) == {}


def test_colour_at_the_trim_without_bleed() -> None:
    def flood(pdf: canvas.Canvas) -> None:
        pdf.setFillColorCMYK(0.6, 0.4, 0.4, 1)
        pdf.rect(0, 0, *A5, stroke=0, fill=1)

    assert "bleed" in _checks(_finish(_pdf(flood), profile=default_press_profile()))
    # The same flood with 3 mm of it beyond the trim is right.
    bled = _finish(_pdf(flood), trim_inset_mm=3, bleed_mm=3, profile=default_press_profile())
    assert "bleed" not in _checks(bled)


def test_colour_stopping_at_the_trim_of_a_page_with_bleed() -> None:
    def flood_to_trim(pdf: canvas.Canvas) -> None:
        pdf.setFillColorCMYK(0.6, 0.4, 0.4, 1)
        pdf.rect(3 * MM, 3 * MM, A5[0] - 6 * MM, A5[1] - 6 * MM, stroke=0, fill=1)

    pdf = _finish(_pdf(flood_to_trim), trim_inset_mm=3, bleed_mm=3)
    assert "bottom, left, right, top edge" in _checks(pdf)["bleed"]


def test_output_intent_with_a_monitor_profile() -> None:
    message = _checks(_finish(_pdf(_cmyk_text), profile=SRGB))["output-intent"]
    assert "'mntr'" in message and "monitor" in message


def test_rgb_colour_in_a_cmyk_job() -> None:
    def rgb(pdf: canvas.Canvas) -> None:
        pdf.setFillColorRGB(0.8, 0.1, 0.1)
        pdf.rect(100, 100, 50, 50, stroke=0, fill=1)

    assert (
        "DeviceRGB" in _checks(_finish(_pdf(rgb), profile=default_press_profile()))["colour-space"]
    )


def test_rgb_gradient_in_a_cmyk_job() -> None:
    """A gradient (a shading, painted with `sh` or as a pattern) has its own colour space:
    an RGB one is RGB left in the job even though no `rg` operator is."""
    from reportlab.lib.colors import Color

    def gradient(pdf: canvas.Canvas) -> None:
        pdf.linearGradient(100, 100, 200, 100, (Color(0.8, 0.1, 0.1), Color(1, 1, 0.9)))

    message = _checks(_finish(_pdf(gradient), profile=default_press_profile()))["colour-space"]
    assert "gradient" in message


def test_a_cmyk_gradient_is_clean() -> None:
    """A shading painted straight on the page (`sh`) is read without error (pdfium has no
    matrix for it: the line-width check used to stop the preflight there)."""
    from reportlab.lib.colors import CMYKColor

    def gradient(pdf: canvas.Canvas) -> None:
        box = pdf.beginPath()
        box.rect(100, 100, 100, 100)
        pdf.clipPath(box, stroke=0, fill=0)  # the gradient stays away from the trim
        pdf.linearGradient(100, 100, 200, 100, (CMYKColor(0, 1, 1, 0), CMYKColor(0, 0, 0.1, 0)))

    assert _checks(_finish(_pdf(gradient), profile=default_press_profile())) == {}


def _image(mode: str, tmp: Path) -> Path:
    path = tmp / f"picture-{mode}.jpg"
    Image.new(mode, (40, 30), (120, 30, 20) if mode == "RGB" else (10, 90, 80, 5)).save(path)
    return path


def test_rgb_image_in_a_cmyk_job(tmp_path: Path) -> None:
    picture = _image("RGB", tmp_path)
    pdf = _pdf(lambda c: c.drawImage(str(picture), 100, 100, 40, 30))
    assert "RGB images" in _checks(_finish(pdf, profile=default_press_profile()))["colour-space"]


def test_cmyk_image_in_an_rgb_job(tmp_path: Path) -> None:
    picture = _image("CMYK", tmp_path)
    pdf = _pdf(lambda c: c.drawImage(str(picture), 100, 100, 40, 30))
    assert "print dull" in _checks(_finish(pdf))["colour-space"]
    assert "colour-space" not in _checks(_finish(pdf, profile=default_press_profile()))


def test_pdf_version_too_low_for_pdf_x4() -> None:
    pdf = _finish(_pdf(_cmyk_text), profile=default_press_profile(), header="%PDF-1.3")
    assert "PDF/X-4 needs PDF 1.6" in _checks(pdf)["pdf-version"]


def test_lines_under_a_quarter_point() -> None:
    def hairline(pdf: canvas.Canvas) -> None:
        pdf.setStrokeColorCMYK(0, 0, 0, 1)
        pdf.setLineWidth(0.1)
        pdf.line(50, 50, 200, 200)

    assert (
        "0.10 pt" in _checks(_finish(_pdf(hairline), profile=default_press_profile()))["line-width"]
    )


def _marks(colour: object) -> bytes:
    """A5 with 3 mm bleed on a sheet 10 mm larger all round, with one crop mark."""
    size = (A5[0] + 20 * MM, A5[1] + 20 * MM)

    def mark(pdf: canvas.Canvas) -> None:
        if colour is None:
            pdf.setStrokeColorCMYK(0, 0, 0, 1)
        else:
            pdf.setStrokeColor(colour)
        pdf.setLineWidth(0.25)
        pdf.line(2 * MM, 10 * MM, 6 * MM, 10 * MM)

    pdf = _finish(_pdf(mark, size), trim_inset_mm=10, bleed_mm=3, profile=default_press_profile())
    if colour is None:
        return pdf
    # as vitrina's overlay leaves it: the registration colour with a grey alternate
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    page = overlay_page(pdf)
    writer.pages[0][NameObject("/Resources")] = page["/Resources"].clone(writer)
    writer.root_object[NameObject("/OutputIntents")] = reader.trailer["/Root"][
        "/OutputIntents"
    ].clone(writer)
    writer.pdf_header = b"%PDF-1.7"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_marks_not_in_registration_colour() -> None:
    assert "registration" in _checks(_marks(None))["marks"]
    assert "marks" not in _checks(_marks(REGISTRATION))


def test_lines_clipped_away_outside_the_bleed_are_not_marks() -> None:
    """A map's lines run past its frame and are clipped: not printer's marks."""
    size = (A5[0] + 20 * MM, A5[1] + 20 * MM)

    def clipped(pdf: canvas.Canvas) -> None:
        pdf.saveState()
        path = pdf.beginPath()
        path.rect(20 * MM, 20 * MM, 50 * MM, 50 * MM)
        pdf.clipPath(path, stroke=0, fill=0)
        pdf.setStrokeColorCMYK(0, 0, 0, 1)
        pdf.line(2 * MM, 10 * MM, 6 * MM, 10 * MM)  # outside the bleed, but clipped away
        pdf.restoreState()

    pdf = _finish(
        _pdf(clipped, size), trim_inset_mm=10, bleed_mm=3, profile=default_press_profile()
    )
    assert "marks" not in _checks(pdf)
