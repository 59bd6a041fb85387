"""ReportLab drawing → SVG that WeasyPrint draws correctly, sized in millimetres.

renderSVG writes ``fill: None`` (Python's None), which WeasyPrint reads as black, and
names fonts by their ReportLab names; both are normalised here, through the edits of
ReportLab's SVG text in ``vitrina.adapters.reportlab``.
"""

from __future__ import annotations

from html import escape

from reportlab.graphics.shapes import Drawing

from vitrina.adapters import reportlab as rl_svg
from vitrina.draw.fonts import GRAPHIC_FONTS, register_fonts

_MM = 72 / 25.4
#: The thinnest line drawn (pt): thinner ones break up on press, in four inks worse still.
MIN_LINE_PT = 0.25


def _font(name: str) -> str | None:
    if name not in GRAPHIC_FONTS:
        return None
    _file, family, weight, style = GRAPHIC_FONTS[name]
    return f"font-family: '{family}'; font-weight: {weight}; font-style: {style};"


def _line_floor(width: float) -> str | None:
    """A stroke width of at least MIN_LINE_PT (the drawing is in points, 1:1 on the page);
    0 (no line) stays 0."""
    return f"stroke-width: {MIN_LINE_PT:g}" if 0 < width < MIN_LINE_PT else None


def normalise_svg(svg: str, width_pt: float, height_pt: float, alt: str = "") -> str:
    """Fix ReportLab's SVG for WeasyPrint and size it in mm for inline use in HTML."""
    svg = rl_svg.drop_prolog(svg)
    svg = rl_svg.none_paint(svg)
    svg = rl_svg.map_fonts(svg, _font)
    svg = rl_svg.map_stroke_widths(svg, _line_floor)
    svg = rl_svg.set_size(
        svg,
        f'width="{width_pt / _MM:.2f}mm" height="{height_pt / _MM:.2f}mm" '
        f'role="img" aria-label="{escape(alt)}"',
    )
    return rl_svg.set_title(svg, escape(alt))


def drawing_to_svg(drawing: Drawing, alt: str = "") -> str:
    register_fonts()
    return normalise_svg(rl_svg.drawing_svg(drawing), drawing.width, drawing.height, alt)
