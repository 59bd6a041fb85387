"""Every graphic of the sample and of the test fixture, drawn at poster, booklet and
handout size, rendered through WeasyPrint and read back from the PDF (pypdfium2): no
glyph overlaps a glyph of another label, a marker, a bar or dot, an arrowhead or the
legend's box, and every label written in the YAML is in the PDF's text.

The graphics are rendered on their own (one page each, no panel text), which takes a
fifth of a full build of both exhibitions."""

from __future__ import annotations

import ctypes
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from vitrina.build import check
from vitrina.draw import GraphicStyle, draw_panel
from vitrina.draw.timeline import format_span, parse_span
from vitrina.draw.typography import typographic
from vitrina.model.panels import ChartPanel, MapPanel, TimelinePanel
from vitrina.render.pdf import RenderSession

REPO = Path(__file__).resolve().parent.parent
EXHIBITIONS = {
    "sample": REPO,
    "carnation": REPO / "tests" / "fixtures" / "exhibitions" / "carnation",
}
#: width mm, height mm, label size pt: as the poster (A1), booklet (A5) and handout draw them.
SIZES = {
    "poster": (510.0, 370.0, 19.2),
    "booklet": (105.0, 150.0, 8.0),
    "handout": (85.0, 120.0, 8.0),
}

INK = (0x1D, 0x1B, 0x18)
RED = (0xA3, 0x20, 0x1C)
MUTED = (0x5B, 0x55, 0x4D)
PAPER = (0xF7, 0xF3, 0xEA)
RULE = (0xC9, 0xC0, 0xAE)

Box = tuple[float, float, float, float]


@dataclass
class Glyph:
    index: int
    box: Box
    text: str


@dataclass
class PageFacts:
    name: str
    glyphs: list[Glyph]
    marks: list[Box]  # filled markers, dots, bars, arrowheads
    legends: list[Box]
    text: str


def _colour(obj, getter) -> tuple[int, int, int, int] | None:  # noqa: ANN001
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj.raw, r, g, b, a):
        return None
    return (r.value, g.value, b.value, a.value)


def _text(obj, textpage) -> str:  # noqa: ANN001
    size = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
    buffer = ctypes.create_string_buffer(size)
    raw.FPDFTextObj_GetText(
        obj.raw, textpage.raw, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)), size
    )
    return buffer.raw.decode("utf-16-le").rstrip("\x00")


def _near(colour: tuple[int, int, int, int] | None, target: tuple[int, int, int]) -> bool:
    return colour is not None and all(abs(c - t) <= 2 for c, t in zip(colour, target, strict=False))


def _facts(page, name: str) -> PageFacts:  # noqa: ANN001
    textpage = page.get_textpage()
    glyphs: list[Glyph] = []
    marks: list[Box] = []
    legends: list[Box] = []
    for obj in page.get_objects(max_depth=10):
        if obj.type == raw.FPDF_PAGEOBJ_TEXT:
            text = _text(obj, textpage)
            if text.strip():
                glyphs.append(Glyph(len(glyphs), tuple(obj.get_bounds()), text))
        elif obj.type == raw.FPDF_PAGEOBJ_PATH:
            fill = _colour(obj, raw.FPDFPageObj_GetFillColor)
            stroke = _colour(obj, raw.FPDFPageObj_GetStrokeColor)
            mode, stroked = ctypes.c_int(), ctypes.c_int()
            raw.FPDFPath_GetDrawMode(obj.raw, mode, stroked)
            box = tuple(obj.get_bounds())
            filled = mode.value != 0 and fill is not None and fill[3] == 255
            painted = mode.value != 0 and fill is not None and fill[3] >= 200
            if painted and _near(fill, PAPER) and stroked.value and _near(stroke, RULE):
                legends.append(box)
            elif filled and any(_near(fill, c) for c in (INK, RED, MUTED)):
                marks.append(box)
            elif (
                filled
                and stroked.value
                and _near(stroke, INK)
                and _near(fill, PAPER)
                and box[2] - box[0] < 40
                and box[3] - box[1] < 40
            ):
                marks.append(box)  # an open town marker
    text = " ".join(textpage.get_text_range().split())
    return PageFacts(name, glyphs, marks, legends, text)


#: The language the bilingual drawings take as their second.
SECOND = "lt"


def _second(text: str | None) -> str | None:
    """A text "translated" for the test: its letters' case swapped, so it differs from
    the first language's and is as long."""
    return text.swapcase() if text else text


def _in_another_language(panel):  # noqa: ANN001, ANN202
    """The panel with every word a graphic draws from the YAML in another "language"."""

    def swapped(item, *keys: str):  # noqa: ANN001, ANN202
        return item.model_copy(update={key: _second(getattr(item, key)) for key in keys})

    if isinstance(panel, MapPanel):
        return panel.model_copy(
            update={
                "places": [swapped(p, "name", "date", "note") for p in panel.places],
                "lines": [swapped(line, "name", "label") for line in panel.lines],
                "layers": [
                    swapped(layer, "name") if hasattr(layer, "name") else layer
                    for layer in panel.layers
                ],
                "labels": [swapped(label, "text") for label in panel.labels],
                "legend": swapped(panel.legend, "places", "capitals", "borders"),
            }
        )
    if isinstance(panel, TimelinePanel):
        return panel.model_copy(
            update={"events": [swapped(e, "title", "text") for e in panel.events]}
        )
    if isinstance(panel, ChartPanel):
        return panel.model_copy(
            update={
                "bars": [swapped(b, "label", "group", "date", "note") for b in panel.bars],
                "unit": _second(panel.unit),
            }
        )
    return panel


@pytest.fixture(scope="module")
def rendered() -> list[tuple[str, object, PageFacts]]:
    items = []
    for exhibition, root in EXHIBITIONS.items():
        exhibit = check(root)
        for entry in exhibit.panels:
            if not entry.panel.graphic:
                continue
            for size_name, (width, height, font_pt) in SIZES.items():
                style = GraphicStyle(font_pt=font_pt)
                graphic = draw_panel(entry.panel, width, height, style)
                if graphic.height_mm > height * 1.6 and entry.kind == "map":
                    graphic = draw_panel(
                        entry.panel, width * height / graphic.height_mm, height, style
                    )
                items.append((f"{exhibition}/{entry.id}@{size_name}", entry.panel, graphic))
            # On a bilingual poster, with every word in a second language too.
            width, height, font_pt = SIZES["poster"]
            other = _in_another_language(entry.panel)
            style = GraphicStyle(font_pt=font_pt, also=((SECOND, other),))
            graphic = draw_panel(entry.panel, width, height, style)
            if graphic.height_mm > height * 1.6 and entry.kind == "map":
                graphic = draw_panel(entry.panel, width * height / graphic.height_mm, height, style)
            items.append((f"{exhibition}/{entry.id}@bilingual", (entry.panel, other), graphic))
    html = "".join(f'<div style="break-after: page">{g.svg()}</div>' for *_x, g in items)
    session = RenderSession(REPO)
    document = session.render(
        f"<html><body>{html}</body></html>",
        [session.css_string("@page { size: 560mm 1500mm; margin: 5mm }")],
    )
    pdf = pdfium.PdfDocument(document.write_pdf())
    assert len(pdf) == len(items)
    return [
        (name, panel, _facts(pdf[index], name))
        for index, (name, panel, _graphic) in enumerate(items)
    ]


def _overlap(a: Box, b: Box, tolerance: float = 0.25) -> bool:
    return (
        min(a[2], b[2]) - max(a[0], b[0]) > tolerance
        and min(a[3], b[3]) - max(a[1], b[1]) > tolerance
    )


def _same_run(a: Glyph, b: Glyph) -> bool:
    """Neighbouring glyphs of one line (kerned, ligatured or turned text overlap a little)."""
    if not 1 <= abs(a.index - b.index) <= 2:
        return False
    ha, hb = a.box[3] - a.box[1], b.box[3] - b.box[1]
    reach = max(ha, hb, a.box[2] - a.box[0], b.box[2] - b.box[0]) * 1.5
    ca = ((a.box[0] + a.box[2]) / 2, (a.box[1] + a.box[3]) / 2)
    cb = ((b.box[0] + b.box[2]) / 2, (b.box[1] + b.box[3]) / 2)
    return abs(ca[0] - cb[0]) < reach and abs(ca[1] - cb[1]) < reach


def _word(glyphs: list[Glyph], glyph: Glyph) -> str:
    """The glyph with its neighbours, to name it in a message."""
    around = glyphs[max(0, glyph.index - 6) : glyph.index + 7]
    return "".join(g.text for g in around).strip()


def test_no_text_overprints_text_marks_or_legend(rendered) -> None:  # noqa: ANN001
    problems = []
    for name, _panel, facts in rendered:
        glyphs = facts.glyphs
        for a, b in itertools.combinations(glyphs, 2):
            if _overlap(a.box, b.box) and not _same_run(a, b):
                problems.append(f"{name}: '{_word(glyphs, a)}' on '{_word(glyphs, b)}'")
        for glyph in glyphs:
            for mark in facts.marks:
                if _overlap(glyph.box, mark, tolerance=0.4):
                    problems.append(f"{name}: '{_word(glyphs, glyph)}' on a mark at {mark[:2]}")
            for legend in facts.legends:
                inside = (
                    legend[0] <= glyph.box[0]
                    and glyph.box[2] <= legend[2]
                    and legend[1] <= glyph.box[1]
                    and glyph.box[3] <= legend[3]
                )
                if _overlap(glyph.box, legend) and not inside:
                    problems.append(f"{name}: '{_word(glyphs, glyph)}' across the legend's edge")
    assert not problems, "\n".join(problems[:40])


def _expected(panel) -> list[str]:  # noqa: ANN001
    if isinstance(panel, tuple):  # a bilingual drawing: both languages' words
        first, second = panel
        own = _expected_in(first)
        return own + [w for w in _expected_in(second, SECOND) if w not in own]
    return _expected_in(panel)


def _expected_in(panel, language: str = "en") -> list[str]:  # noqa: ANN001
    words: list[str] = []
    if isinstance(panel, MapPanel):
        for place in panel.places:
            words += [place.name, *(t for t in (place.date, place.note) if t)]
        for line in panel.lines:
            words += [line.name, *([line.label] if line.label else [])]
        words += [layer.name for layer in panel.own_layers]
        words += [
            label.text.upper() if label.style == "country" else label.text for label in panel.labels
        ]
        legend = panel.legend
        words += [t for t in (legend.places, legend.capitals, legend.borders) if t]
    elif isinstance(panel, TimelinePanel):
        for event in panel.events:
            span = format_span(parse_span(event.date, event.end), language)
            words += [event.title, span, *([event.text.replace("*", "")] if event.text else [])]
    elif isinstance(panel, ChartPanel):
        for bar in panel.bars:
            words += [bar.label, *(t for t in (bar.date, bar.note, bar.group) if t)]
    return [typographic(w, language) for w in words]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_label_in_the_yaml_is_in_the_pdf(rendered) -> None:  # noqa: ANN001
    missing = []
    for name, panel, facts in rendered:
        # Glyph order in the text layer follows the drawing; compare without spaces, so
        # a wrapped label reads as one.
        text = _squash(facts.text) + _squash("".join(g.text for g in facts.glyphs))
        for words in _expected(panel):
            if _squash(words) not in text:
                missing.append(f"{name}: {words!r}")
    assert not missing, "\n".join(missing)
