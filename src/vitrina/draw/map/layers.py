"""The exhibition's own map layers, read from GeoJSON files: lines, dashed lines, shaded
and hatched areas, in one of a few colours.

Hatching is drawn as clipped lines rather than an SVG pattern: patterns do not survive
ReportLab's SVG writer, and lines print the same in every variant (colour, grey, CMYK).
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine
from shapely.geometry import LineString
from shapely.geometry import Polygon as ShapelyPolygon

from vitrina.draw import palette
from vitrina.draw.labels import Segment
from vitrina.draw.map.lines import segments
from vitrina.draw.projection import MapFrame
from vitrina.model.panels import MapLayer

#: Colours a layer of the exhibition's own may take.
LAYER_COLOURS = {
    "red": palette.RED,
    "ink": palette.INK,
    "grey": palette.MUTED,
    "blue": palette.WATER_TEXT,
}


def own_layer(
    drawing: Drawing, layer: MapLayer, frame: MapFrame, size: float, grey: bool
) -> list[Segment]:
    """Draw one GeoJSON layer; return its outline's segments (for label placement)."""
    colour = palette.color(LAYER_COLOURS[layer.colour], grey)
    found: list[Segment] = []
    for kind, rings in layer.shapes:
        for index, ring in enumerate(rings):
            flat = frame.project_many(ring)
            found.extend(segments(flat))
            if kind == "area" and layer.style in ("area", "hatched"):
                if index == 0 and layer.style == "area":
                    drawing.add(
                        Polygon(flat, fillColor=palette.faded(colour, 0.16), strokeColor=None)
                    )
                if index == 0 and layer.style == "hatched":
                    for hatch in hatching(flat, size * 0.55):
                        drawing.add(Line(*hatch, strokeColor=colour, strokeWidth=size * 0.07))
                drawing.add(
                    Polygon(flat, fillColor=None, strokeColor=colour, strokeWidth=size * 0.1)
                )
            else:
                drawing.add(PolyLine(flat, **layer_line_style(layer, colour, size)))
    return found


def layer_line_style(layer: MapLayer, colour, size: float) -> dict:  # noqa: ANN001
    """How a line layer is stroked (the legend's key uses the same)."""
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


def hatching(flat: list[float], step: float) -> list[tuple[float, float, float, float]]:
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
