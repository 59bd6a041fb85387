"""Each library internal vitrina relies on, exercised as vitrina uses it (vitrina.adapters).

When an upgrade of WeasyPrint, pydyf, pypdf, pypdfium2 or ReportLab changes one, the test
here fails and its message names the library, the version installed and the adapter to
fix, instead of a poster or a preflight going wrong somewhere further on."""

from __future__ import annotations

import io
from importlib.metadata import version

import pytest


def _broken(library: str, adapter: str, what: str) -> str:
    return (
        f"{library} {version(library)} changed what vitrina.adapters.{adapter} relies on: "
        f"{what}. Fix the adapter (and only it) for this version, or pin {library} below it."
    )


def _tiny_pdf(text: str = "Hello") -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(200, 200), invariant=1)
    pdf.setFont("Helvetica", 12)
    pdf.drawString(20, 100, text)
    pdf.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def weasy_document():  # noqa: ANN201
    from weasyprint import HTML

    html = '<p style="margin: 0; height: 96px">one inch</p><div class="x">after</div>'
    return HTML(string=html).render(stylesheets=[], pdf_variant="pdf/a-3b")


def test_weasyprint_page_boxes(weasy_document) -> None:  # noqa: ANN001
    from vitrina.adapters.weasyprint import page_box, page_boxes

    page = weasy_document.pages[0]
    assert hasattr(page, "_page_box"), _broken("weasyprint", "weasyprint", "Page._page_box")
    boxes = list(page_boxes(page))
    tags = [getattr(box, "element_tag", None) for box in boxes]
    assert "p" in tags and "div" in tags, _broken(
        "weasyprint", "weasyprint", "the page box's descendants() with element_tag"
    )
    paragraph = boxes[tags.index("p")]
    follower = boxes[tags.index("div")]
    try:
        reach = paragraph.position_y + paragraph.margin_height()
    except AttributeError as exc:
        pytest.fail(_broken("weasyprint", "weasyprint", f"a box's position and size ({exc})"))
    assert paragraph.height == pytest.approx(96) and follower.position_y == pytest.approx(reach)
    root = page_box(page)
    try:
        bottom = root.content_box_y() + root.height
    except AttributeError as exc:
        pytest.fail(_broken("weasyprint", "weasyprint", f"the page box's content box ({exc})"))
    assert 0 < root.height <= bottom <= page.height, _broken(
        "weasyprint", "weasyprint", "the page box's height within the page"
    )


def test_pydyf_objects_in_the_finisher(weasy_document) -> None:  # noqa: ANN001
    from vitrina.adapters import pydyf as adapter

    seen: dict[str, bytes | None] = {}

    def finish(_document, pdf) -> None:  # noqa: ANN001
        seen["before"] = adapter.metadata(pdf)
        adapter.set_viewer_preferences(pdf, {"Duplex": "DuplexFlipLongEdge"})
        data = seen["before"] or b""
        adapter.set_metadata(pdf, data.replace(b"</rdf:RDF>", b"<!--vitrina--></rdf:RDF>"))

    pdf = weasy_document.write_pdf(finisher=finish, pdf_variant="pdf/a-3b", uncompressed_pdf=True)
    assert seen.get("before") and b"<x:xmpmeta" in seen["before"], _broken(
        "pydyf", "pydyf", "the catalog's /Metadata stream in WeasyPrint's finisher"
    )
    assert b"<!--vitrina-->" in pdf, _broken("pydyf", "pydyf", "replacing stream.stream")
    assert b"/Duplex /DuplexFlipLongEdge" in pdf, _broken(
        "pydyf", "pydyf", "pydyf.Dictionary in the catalog"
    )


def test_pypdf_add_object() -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject, IndirectObject, NameObject

    from vitrina.adapters.pypdf import add_object

    writer = PdfWriter()
    page = writer.add_blank_page(width=100, height=100)
    content = DecodedStreamObject()
    content.set_data(b"0 0 1 rg 10 10 20 20 re f")
    reference = add_object(writer, content)
    assert isinstance(reference, IndirectObject), _broken(
        "pypdf", "pypdf", "PdfWriter._add_object returning an IndirectObject"
    )
    page[NameObject("/Contents")] = reference
    buffer = io.BytesIO()
    writer.write(buffer)
    read = PdfReader(io.BytesIO(buffer.getvalue())).pages[0].get_contents()
    assert read is not None and b"20 20 re f" in read.get_data(), _broken(
        "pypdf", "pypdf", "an added object written with the page that refers to it"
    )


def test_pypdf_copy_identifier() -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject

    from vitrina.adapters.pypdf import copy_identifier

    source = PdfWriter()
    source.add_blank_page(width=100, height=100)
    source._ID = ArrayObject([ByteStringObject(b"a" * 16), ByteStringObject(b"b" * 16)])
    buffer = io.BytesIO()
    source.write(buffer)
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    writer = PdfWriter()
    writer.add_page(reader.pages[0])
    copy_identifier(writer, reader)
    out = io.BytesIO()
    writer.write(out)
    identifier = PdfReader(io.BytesIO(out.getvalue())).trailer[NameObject("/ID")]
    assert identifier[0].original_bytes == b"a" * 16, _broken(
        "pypdf", "pypdf", "PdfWriter._ID written as the trailer's /ID"
    )


def test_pdfium_text_object_address() -> None:
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from vitrina.adapters.pdfium import text_object

    document = pdfium.PdfDocument(_tiny_pdf("Hi"))
    textpage = document[0].get_textpage()
    address = text_object(textpage.raw, 0)
    assert isinstance(address, int) and address, _broken(
        "pypdfium2", "pdfium", "FPDFText_GetTextObject called as a plain address"
    )
    pointer = raw.FPDFText_GetTextObject(textpage.raw, 0)
    assert ctypes.cast(pointer, ctypes.c_void_p).value == address, _broken(
        "pypdfium2", "pdfium", "the text object's address"
    )
    assert text_object(textpage.raw, 1) == address  # one text object for "Hi"


def test_reportlab_svg_has_every_pattern_the_edits_rely_on() -> None:
    from reportlab.graphics.shapes import Drawing, Line, PolyLine, String

    from vitrina.adapters import reportlab as adapter

    drawing = Drawing(100, 50)
    drawing.add(PolyLine([0, 0, 10, 10, 20, 0]))  # written with fill: None
    drawing.add(Line(0, 0, 100, 50, strokeWidth=0.1))
    drawing.add(String(10, 30, "Vilnius", fontName="Helvetica-Bold", fontSize=9))
    svg = adapter.drawing_svg(drawing)
    edits = {
        "an XML prolog before <svg": adapter.drop_prolog,
        "fill: None for no paint": adapter.none_paint,
        "font-family: Helvetica-Bold;": lambda s: adapter.map_fonts(s, lambda name: "F"),
        "stroke-width: 0.1": lambda s: adapter.map_stroke_widths(s, lambda width: "W"),
        '<svg width="…" height="…"': lambda s: adapter.set_size(s, 'width="1mm"'),
        "<title> and <desc>": lambda s: adapter.set_title(s, "T"),
    }
    for pattern, edit in edits.items():
        assert edit(svg) != svg, _broken(
            "reportlab", "reportlab", f"its SVG no longer has {pattern}"
        )
    fixed = adapter.set_title(adapter.none_paint(adapter.drop_prolog(svg)), "T")
    assert fixed.startswith("<svg") and "None" not in fixed and "<desc>" not in fixed
