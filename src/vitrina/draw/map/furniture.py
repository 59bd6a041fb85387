"""What frames a map: the graticule with its degree labels, the scale bar and the
north arrow."""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Polygon, PolyLine, Rect, String

from vitrina.draw import palette
from vitrina.draw.fonts import SANS, SANS_BOLD, text_width
from vitrina.draw.labels import Box
from vitrina.draw.projection import MapFrame
from vitrina.model.panels import MapPanel


@dataclass(frozen=True)
class _DegreeLabel:
    string: String
    box: Box


#: Graticule steps in degrees, finest first; the first giving at most MAX_LINES is used.
GRATICULE_STEPS = (0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 45, 90)


MAX_LINES = 8


def graticule_step(span: float) -> float:
    """The finest round step that draws at most MAX_LINES lines across ``span`` degrees."""
    return next((s for s in GRATICULE_STEPS if span / s <= MAX_LINES), 90)


def degree_label(value: float, positive: str, negative: str) -> str:
    """'9°W', '38.5°N', '0°' (the equator and prime meridian have no hemisphere)."""
    rounded = round(value, 2)
    if rounded == 0:
        return "0°"
    text = f"{abs(rounded):g}"
    return f"{text}°{positive if rounded > 0 else negative}"


def _graticule(
    drawing: Drawing, panel: MapPanel, frame: MapFrame, size: float, grey: bool
) -> list[_DegreeLabel]:
    """Meridians and parallels at a round step, and their labels for the bottom and left
    edges (in a darker blue than the lines, to keep 4.5:1 contrast on land and sea). The
    labels are returned, not drawn: one that the scale bar or legend would cover is left
    out rather than shown cut in half."""
    colour = palette.color(palette.WATER_LINE, grey)
    label_colour = palette.color(palette.WATER_TEXT, grey)
    label_size = size * 0.7
    ext = panel.extent
    steps = [i / 40 for i in range(41)]
    lines: list[tuple[list[tuple[float, float]], tuple[float, float], str]] = []
    step = graticule_step(max(ext.east - ext.west, ext.north - ext.south))
    for k in range(math.ceil(ext.west / step - 1e-9), math.floor(ext.east / step + 1e-9) + 1):
        lon = k * step
        x, _y = frame.project(lon, ext.south)
        points = [(lon, ext.south + (ext.north - ext.south) * t) for t in steps]
        lines.append((points, (x + size * 0.2, size * 0.35), degree_label(lon, "E", "W")))
    for k in range(math.ceil(ext.south / step - 1e-9), math.floor(ext.north / step + 1e-9) + 1):
        lat = k * step
        _x, y = frame.project(ext.west, lat)
        points = [(ext.west + (ext.east - ext.west) * t, lat) for t in steps]
        lines.append((points, (size * 0.3, y + size * 0.2), degree_label(lat, "N", "S")))
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
        labels.append(_DegreeLabel(string, box))
    return labels


def _scale_bar_size(frame: MapFrame, size: float) -> tuple[float, float, float]:
    """Width and height of the scale bar's box, and its length in km (a round number,
    about a fifth of the map's width)."""
    target_m = frame.width / 5 * frame.metres_per_point()
    km = max(1, target_m / 1000)
    magnitude = 10 ** math.floor(math.log10(km))
    nice = max(m * magnitude for m in (1, 2, 5) if m * magnitude <= km)
    length = nice * 1000 * frame.scale
    label = text_width(f"{nice:g} km", SANS, size * 0.7)
    return length + size * 1.0 + label, size * 2.4, nice


def _scale_bar(
    drawing: Drawing, frame: MapFrame, size: float, grey: bool, box: Box, nice: float
) -> None:
    """A bar of ``nice`` km in ``box``, halved, on a paper patch."""
    ink = palette.color(palette.INK, grey)
    length = nice * 1000 * frame.scale
    drawing.add(
        Rect(
            box[0],
            box[1],
            box[2] - box[0],
            box[3] - box[1],
            fillColor=palette.faded(palette.color(palette.PAPER), 0.85),
            strokeColor=None,
        )
    )
    x0, y0 = box[0] + size * 0.5, box[1] + size * 0.7
    h = size * 0.35
    half = length / 2
    drawing.add(Rect(x0, y0, half, h, fillColor=ink, strokeColor=ink, strokeWidth=0.5))
    drawing.add(
        Rect(
            x0 + half,
            y0,
            half,
            h,
            fillColor=palette.color(palette.PAPER),
            strokeColor=ink,
            strokeWidth=0.5,
        )
    )
    for x, text in ((x0, "0"), (x0 + half, f"{nice / 2:g}"), (x0 + length, f"{nice:g} km")):
        drawing.add(
            String(
                x,
                y0 + h + size * 0.3,
                text,
                fontName=SANS,
                fontSize=size * 0.7,
                fillColor=ink,
                textAnchor="start" if text.endswith("km") else "middle",
            )
        )


def _north_arrow(
    drawing: Drawing,
    panel: MapPanel,
    frame: MapFrame,
    width: float,
    height: float,
    size: float,
    grey: bool,
    corner: str = "ne",
) -> Box:
    ink = palette.color(palette.INK, grey)
    cx = width - size * 2 if corner.endswith("e") else size * 3.2
    cy = height - size * 3.2 if corner.startswith("n") else size * 3.4
    # True north at this point of the projection.
    lon = panel.extent.east - (panel.extent.east - panel.extent.west) * 0.05
    lat = panel.extent.north - (panel.extent.north - panel.extent.south) * 0.1
    x1, y1 = frame.project(lon, lat)
    x2, y2 = frame.project(lon, lat + 0.1)
    angle = math.atan2(y2 - y1, x2 - x1)
    length = size * 2.2
    tip = (cx + length / 2 * math.cos(angle), cy + length / 2 * math.sin(angle))
    tail = (cx - length / 2 * math.cos(angle), cy - length / 2 * math.sin(angle))
    side = size * 0.5
    left = (
        tail[0] + side * math.cos(angle + math.pi / 2),
        tail[1] + side * math.sin(angle + math.pi / 2),
    )
    right = (
        tail[0] + side * math.cos(angle - math.pi / 2),
        tail[1] + side * math.sin(angle - math.pi / 2),
    )
    drawing.add(Polygon([*tip, *left, *tail], fillColor=ink, strokeColor=ink, strokeWidth=0.5))
    drawing.add(
        Polygon(
            [*tip, *right, *tail],
            fillColor=palette.color(palette.PAPER),
            strokeColor=ink,
            strokeWidth=0.5,
        )
    )
    drawing.add(
        String(
            tip[0],
            tip[1] + size * 0.3,
            "N",
            fontName=SANS_BOLD,
            fontSize=size * 0.9,
            fillColor=ink,
            textAnchor="middle",
        )
    )
    return (cx - size * 1.2, cy - size * 1.5, cx + size * 1.2, cy + size * 2.4)
