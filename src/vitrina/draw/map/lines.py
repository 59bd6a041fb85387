"""Lines on a map: front lines and routes with their arrows, and the exhibition's own
GeoJSON layers (areas hatched or filled, lines), with the styles both share with the
legend."""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, PolyLine
from shapely.geometry import LineString
from shapely.geometry import Polygon as ShapelyPolygon

from vitrina.draw import palette
from vitrina.draw.labels import Segment
from vitrina.draw.projection import MapFrame
from vitrina.draw.registry import GraphicStyle
from vitrina.model.panels import MapLayer, MapLine


def _segments(flat: list[float]) -> list[Segment]:
    return [(flat[i], flat[i + 1], flat[i + 2], flat[i + 3]) for i in range(0, len(flat) - 2, 2)]


def _arrow(flat: list[float], colour, width: float, head: float) -> Group:  # noqa: ANN001
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


def _line_style(line: MapLine, style: GraphicStyle) -> dict:
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


#: Colours a layer of the exhibition's own may take.
LAYER_COLOURS = {
    "red": palette.RED,
    "ink": palette.INK,
    "grey": palette.MUTED,
    "blue": palette.WATER_TEXT,
}


def _own_layer(
    drawing: Drawing, layer: MapLayer, frame: MapFrame, size: float, grey: bool
) -> list[Segment]:
    """Draw one GeoJSON layer; return its outline's segments (for label placement)."""
    colour = palette.color(LAYER_COLOURS[layer.colour], grey)
    segments: list[Segment] = []
    for kind, rings in layer.shapes:
        for index, ring in enumerate(rings):
            flat = frame.project_many(ring)
            segments.extend(_segments(flat))
            if kind == "area" and layer.style in ("area", "hatched"):
                if index == 0 and layer.style == "area":
                    drawing.add(
                        Polygon(flat, fillColor=palette.faded(colour, 0.16), strokeColor=None)
                    )
                if index == 0 and layer.style == "hatched":
                    for hatch in _hatching(flat, size * 0.55):
                        drawing.add(Line(*hatch, strokeColor=colour, strokeWidth=size * 0.07))
                drawing.add(
                    Polygon(flat, fillColor=None, strokeColor=colour, strokeWidth=size * 0.1)
                )
            else:
                drawing.add(PolyLine(flat, **_layer_line_style(layer, colour, size)))
    return segments


def _layer_line_style(layer: MapLayer, colour, size: float) -> dict:  # noqa: ANN001
    style = {
        "strokeColor": colour,
        "strokeWidth": size * 0.2,
        "strokeLineJoin": 1,
        "strokeLineCap": 1,
    }
    if layer.style == "dashed":
        style["strokeDashArray"] = [size * 0.8, size * 0.45]
        style["strokeLineCap"] = 0
    return style


def _hatching(flat: list[float], step: float) -> list[tuple[float, float, float, float]]:
    """Diagonal lines across a projected polygon, clipped to it (SVG patterns do not
    survive ReportLab's SVG writer, and lines print the same in every variant)."""
    points = list(zip(flat[::2], flat[1::2], strict=True))
    if len(points) < 3:
        return []
    shape = ShapelyPolygon(points).buffer(0)
    x0, y0, x1, y1 = shape.bounds
    hatches: list[tuple[float, float, float, float]] = []
    span = (x1 - x0) + (y1 - y0)
    count = min(int(span / step) + 1, 4000)
    for i in range(count):
        c = x0 - (y1 - y0) + i * step
        cut = shape.intersection(LineString([(c, y0), (c + (y1 - y0), y1)]))
        parts = getattr(cut, "geoms", [cut])
        for part in parts:
            if isinstance(part, LineString) and not part.is_empty:
                (ax, ay), (bx, by) = part.coords[0], part.coords[-1]
                hatches.append((ax, ay, bx, by))
    return hatches
