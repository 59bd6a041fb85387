"""The exhibition palette — paper, ink and one period red — shared by CSS and graphics.

The layouts' CSS uses the same values (``layouts/css/base.css``); keep them in step.
"""

from __future__ import annotations

from reportlab.lib.colors import Color, HexColor

PAPER = "#f7f3ea"
INK = "#1d1b18"
RED = "#a3201c"
MUTED = "#5b554d"
#: The second language's words (a bilingual poster): the colour of ``.second`` in
#: ``layouts/css/base.css``.
SECOND = "#4f4a43"
RULE = "#c9c0ae"
LAND = "#ece5d3"
LAND_EDGE = "#a99d84"
WATER = "#cfdde2"
WATER_LINE = "#6a8c9b"
WATER_TEXT = "#345766"


def color(hex_value: str, grey: bool = False) -> Color:
    """A ReportLab colour; in grey mode, its luminance as a grey."""
    value = HexColor(hex_value)
    if grey:
        lum = 0.2126 * value.red + 0.7152 * value.green + 0.0722 * value.blue
        return Color(lum, lum, lum)
    return value


def faded(colour: Color, alpha: float) -> Color:
    """The colour at ``alpha`` opacity. ReportLab's SVG writer drops a shape's
    fillOpacity and strokeOpacity but writes a colour's own alpha, so transparency is
    given here, in the colour."""
    return Color(colour.red, colour.green, colour.blue, alpha=alpha)
