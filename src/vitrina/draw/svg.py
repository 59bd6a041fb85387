"""ReportLab drawing → SVG that WeasyPrint draws correctly, sized in millimetres.

renderSVG writes ``fill: None`` (Python's None), which WeasyPrint reads as black, and
names fonts by their ReportLab names; both are normalised here.
"""

from __future__ import annotations

import re
from html import escape

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing

from vitrina.draw.fonts import GRAPHIC_FONTS, register_fonts

_MM = 72 / 25.4
_NONE = re.compile(r"\b(fill|stroke)\s*:\s*None\b")
_FONT = re.compile(r"font-family:\s*([A-Za-z-]+)\s*;")
_HEAD = re.compile(r"^.*?(<svg\b)", re.DOTALL)
_SIZE = re.compile(r'<svg width="[^"]*" height="[^"]*"')
_STROKE_WIDTH = re.compile(r"stroke-width\s*:\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)")
#: The thinnest line drawn (pt): thinner ones break up on press, in four inks worse still.
MIN_LINE_PT = 0.25
_TITLE_DESC = re.compile(r"\s*<title>.*?</title>\s*<desc>.*?</desc>", re.DOTALL)


def _font(match: re.Match[str]) -> str:
    name = match[1]
    if name not in GRAPHIC_FONTS:
        return match[0]
    _file, family, weight, style = GRAPHIC_FONTS[name]
    return f"font-family: '{family}'; font-weight: {weight}; font-style: {style};"


def _line_floor(match: re.Match[str]) -> str:
    """A stroke width of at least MIN_LINE_PT (the drawing is in points, 1:1 on the page);
    0 (no line) stays 0."""
    width = float(match[1])
    return f"stroke-width: {MIN_LINE_PT:g}" if 0 < width < MIN_LINE_PT else match[0]


def normalise_svg(svg: str, width_pt: float, height_pt: float, alt: str = "") -> str:
    """Fix ReportLab's SVG for WeasyPrint and size it in mm for inline use in HTML."""
    svg = _HEAD.sub(r"\1", svg, count=1)
    svg = _NONE.sub(lambda m: f"{m[1]}: none", svg)
    svg = _FONT.sub(_font, svg)
    svg = _STROKE_WIDTH.sub(_line_floor, svg)
    svg = _SIZE.sub(
        f'<svg width="{width_pt / _MM:.2f}mm" height="{height_pt / _MM:.2f}mm" '
        f'role="img" aria-label="{escape(alt)}"',
        svg,
        count=1,
    )
    svg = _TITLE_DESC.sub(f"<title>{escape(alt)}</title>", svg, count=1)
    return svg


def drawing_to_svg(drawing: Drawing, alt: str = "") -> str:
    register_fonts()
    raw = renderSVG.drawToString(drawing)
    return normalise_svg(raw, drawing.width, drawing.height, alt)
