"""Meridians and parallels at a round step, and their degree labels ('9°W', '38.5°N')
along the bottom and left edges."""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, PolyLine, String

from vitrina.draw import palette
from vitrina.draw.fonts import SANS, text_width
from vitrina.draw.labels import Box
from vitrina.draw.map.words import compass
from vitrina.draw.projection import MapFrame
from vitrina.model.panels import MapPanel


@dataclass(frozen=True)
class DegreeLabel:
    """A degree label ready to draw, and the box it covers (the furniture may veto it)."""

    string: String
    box: Box


#: Graticule steps in degrees, finest first; the first giving at most MAX_LINES is used.
GRATICULE_STEPS = (0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 45, 90)
MAX_LINES = 8


def graticule_step(span: float) -> float:
    """The finest round step that draws at most MAX_LINES lines across ``span`` degrees."""
    return next((s for s in GRATICULE_STEPS if span / s <= MAX_LINES), 90)


def degree_label(value: float, positive: str, negative: str) -> str:
    """'9°W', '38.5°N', '0°', '180°' (the equator, the prime meridian and the 180th
    meridian have no hemisphere); a longitude counted past 180 (on a map crossing it)
    is named as the longitude it is: 190 is '170°W'."""
    if value > 180:
        value -= 360
    rounded = round(value, 2)
    if rounded == 0:
        return "0°"
    if abs(rounded) == 180:
        return "180°"
    text = f"{abs(rounded):g}"
    return f"{text}°{positive if rounded > 0 else negative}"


def graticule(
    drawing: Drawing,
    panel: MapPanel,
    frame: MapFrame,
    size: float,
    grey: bool,
    language: str | tuple[str, ...],
) -> list[DegreeLabel]:
    """Meridians and parallels at a round step, and their labels for the bottom and left
    edges (in a darker blue than the lines, to keep 4.5:1 contrast on land and sea). The
    labels are returned, not drawn: one that the scale bar or legend would cover is left
    out rather than shown cut in half. The hemisphere letters are those of ``language``,
    or of each of several languages ('56°Š/N')."""
    colour = palette.color(palette.WATER_LINE, grey)
    label_colour = palette.color(palette.WATER_TEXT, grey)
    label_size = size * 0.7
    ext = panel.extent
    steps = [i / 40 for i in range(41)]
    lines: list[tuple[list[tuple[float, float]], tuple[float, float], str]] = []
    east = ext.east_unwrapped  # past 180 on a map crossing it: meridians run on across
    step = graticule_step(max(east - ext.west, ext.north - ext.south))
    for k in range(math.ceil(ext.west / step - 1e-9), math.floor(east / step + 1e-9) + 1):
        lon = k * step
        x, _y = frame.project(lon, ext.south)
        points = [(lon, ext.south + (ext.north - ext.south) * t) for t in steps]
        lines.append(
            (
                points,
                (x + size * 0.2, size * 0.35),
                degree_label(lon, *compass(language, "E", "W")),
            )
        )
    for k in range(math.ceil(ext.south / step - 1e-9), math.floor(ext.north / step + 1e-9) + 1):
        lat = k * step
        _x, y = frame.project(ext.west, lat)
        points = [(ext.west + (east - ext.west) * t, lat) for t in steps]
        lines.append(
            (points, (size * 0.3, y + size * 0.2), degree_label(lat, *compass(language, "N", "S")))
        )
    labels = []
    for points, (label_x, label_y), label in lines:
        drawing.add(
            PolyLine(
                frame.project_many(points),
                strokeColor=palette.faded(colour, 0.35),
                strokeWidth=size * 0.03,
            )
        )
        if not (0 <= label_x <= frame.width - size and 0 <= label_y <= frame.height - size):
            continue
        string = String(
            label_x, label_y, label, fontName=SANS, fontSize=label_size, fillColor=label_colour
        )
        box = (
            label_x,
            label_y - label_size * 0.25,
            label_x + text_width(label, SANS, label_size),
            label_y + label_size * 0.8,
        )
        labels.append(DegreeLabel(string, box))
    return labels
