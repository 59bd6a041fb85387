"""The exhibition's data lines on a map: front lines, borders and advances (arrows).

They are the map's story, so they are drawn over the base geography and the own layers,
and every label keeps off them (their segments are returned as hard obstacles).
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Drawing, Group, Polygon, PolyLine

from vitrina.draw import palette
from vitrina.draw.labels import Segment
from vitrina.draw.projection import MapFrame
from vitrina.draw.registry import GraphicStyle
from vitrina.model.panels import MapLine, MapPanel


def segments(flat: list[float]) -> list[Segment]:
    """A projected polyline (x, y, x, y…) as its straight pieces, for collision tests."""
    return [(flat[i], flat[i + 1], flat[i + 2], flat[i + 3]) for i in range(0, len(flat) - 2, 2)]


def arrow(flat: list[float], colour, width: float, head: float) -> Group:  # noqa: ANN001
    """A polyline ending in a filled head (an advance, on the map and in the legend)."""
    group = Group()
    x1, y1, x2, y2 = flat[-4:]
    angle = math.atan2(y2 - y1, x2 - x1)
    # Stop the shaft short of the tip so the head stays sharp.
    tip_x, tip_y = x2, y2
    base_x = tip_x - head * math.cos(angle)
    base_y = tip_y - head * math.sin(angle)
    shaft = [*flat[:-2], base_x, base_y]
    group.add(PolyLine(shaft, strokeColor=colour, strokeWidth=width, strokeLineCap=1))
    spread = head * 0.55
    left = (
        base_x + spread * math.cos(angle + math.pi / 2),
        base_y + spread * math.sin(angle + math.pi / 2),
    )
    right = (
        base_x + spread * math.cos(angle - math.pi / 2),
        base_y + spread * math.sin(angle - math.pi / 2),
    )
    group.add(Polygon([tip_x, tip_y, *left, *right], fillColor=colour, strokeColor=None))
    return group


def line_style(line: MapLine, style: GraphicStyle) -> dict:
    """How a front line or border is stroked (the legend's key uses the same)."""
    grey = style.grey
    size = style.font_pt
    if line.style == "front":
        return {
            "strokeColor": palette.color(palette.RED, grey),
            "strokeWidth": size * 0.42,
            "strokeDashArray": [size * 1.2, size * 0.5] if grey else None,
            "strokeLineJoin": 1,
            "strokeLineCap": 1,
        }
    if line.style == "border":
        return {
            "strokeColor": palette.color(palette.MUTED, grey),
            "strokeWidth": size * 0.1,
            "strokeDashArray": [size * 0.5, size * 0.3],
        }
    return {"strokeColor": palette.color(palette.INK, grey), "strokeWidth": size * 0.2}


def projected(line: MapLine, frame: MapFrame) -> list[float]:
    """The line's points (written lat, lon in the YAML) projected onto the map."""
    return frame.project_many([(lon, lat) for lat, lon in line.points])


def draw_lines(
    drawing: Drawing, panel: MapPanel, frame: MapFrame, style: GraphicStyle
) -> list[Segment]:
    """Every data line, advances last (their arrows on top); returns their segments."""
    size = style.font_pt
    grey = style.grey
    hard: list[Segment] = []
    for line in sorted(panel.lines, key=lambda ln: ln.style == "advance"):
        flat = projected(line, frame)
        hard.extend(segments(flat))
        if line.style == "advance":
            drawing.add(arrow(flat, palette.color(palette.INK, grey), size * 0.22, size * 1.1))
        else:
            drawing.add(PolyLine(flat, **line_style(line, style)))
    return hard
