"""The base geography under a map's story: sea, land, lakes (with their islands), rivers
and modern borders, each drawn only when the panel's `layers` name it.

The data is read by ``vitrina.resolve.basemap`` for the area around the extent, at the
resolution the printed scale needs; this module only chooses that area and scale and
strokes what comes back.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Drawing, Polygon, PolyLine, Rect

from vitrina.draw import palette
from vitrina.draw.labels import Segment
from vitrina.draw.map.lines import segments
from vitrina.draw.projection import MapFrame
from vitrina.draw.registry import GraphicStyle
from vitrina.model.panels import Extent, MapPanel
from vitrina.resolve.basemap import DATA_MARGIN, BaseGeography, load_base_geography

#: The base layers read from the global data (sea is a fill, graticule is computed).
DATA_LAYERS = frozenset({"land", "lakes", "rivers", "borders"})
#: Degrees the base map's box keeps clear of the meridian opposite a map's middle.
ANTIPODE_GAP = 0.05


def _data_box(extent: Extent) -> tuple[float, float, float, float]:
    """The extent with a margin (a conic's corners reach past it), within the globe. On a
    map across the 180° meridian the box runs on past 180 (its east is `east + 360`), so
    that the base map is read from both sides of it, and is never wider than the globe."""
    east = extent.east_unwrapped
    dx = (east - extent.west) * DATA_MARGIN
    dy = (extent.north - extent.south) * DATA_MARGIN
    south, north = max(-90.0, extent.south - dy), min(90.0, extent.north + dy)
    if not extent.crosses_180:
        return (max(-180.0, extent.west - dx), south, min(180.0, east + dx), north)
    west, east_box = extent.west - dx, east + dx
    if east_box - west > 360 - 2 * ANTIPODE_GAP:
        # Stop short of the meridian opposite the map's middle: PROJ could put a point
        # exactly there on either side of the map, smearing its polygon across it.
        spare = max(0.0, (360 - (east - extent.west)) / 2 - ANTIPODE_GAP)
        west, east_box = extent.west - spare, east + spare
    return (west, south, east_box, north)


def _round_scale(km: float) -> float:
    """km per point to two significant digits, so one map at near sizes reads data once."""
    if km <= 0:
        return km
    digits = 1 - math.floor(math.log10(km))
    return round(km, digits)


def draw_base(
    drawing: Drawing, panel: MapPanel, frame: MapFrame, style: GraphicStyle
) -> list[Segment]:
    """Sea, land, lakes, rivers and borders as the panel asks, filling the drawing;
    returns the rivers' and borders' segments (labels keep off them when they can)."""
    size = style.font_pt
    grey = style.grey
    layers = panel.base_layers
    if layers & DATA_LAYERS:
        km_per_point = _round_scale(frame.metres_per_point() / 1000)
        box = _data_box(panel.extent)
        base = load_base_geography(box, km_per_point, panel.left_out_points)
    else:
        base = BaseGeography()

    sea = palette.color(palette.WATER if "sea" in layers else palette.PAPER, grey)
    drawing.add(Rect(0, 0, drawing.width, drawing.height, fillColor=sea, strokeColor=None))
    areas = (
        ("land", base.land, palette.LAND, palette.LAND_EDGE, 0.06),
        ("lakes", base.lakes, palette.WATER, palette.WATER_LINE, 0.04),
        ("lakes", base.islands, palette.LAND, palette.LAND_EDGE, 0.04),
    )
    for layer, rings, fill, edge, edge_width in areas:
        if layer not in layers:
            continue
        for ring in rings:
            drawing.add(
                Polygon(
                    frame.project_many(ring),
                    fillColor=palette.color(fill, grey),
                    strokeColor=palette.color(edge, grey),
                    strokeWidth=size * edge_width,
                )
            )
    soft: list[Segment] = []
    if "rivers" in layers:
        for river in base.rivers:
            flat = frame.project_many(river)
            soft.extend(segments(flat))
            drawing.add(
                PolyLine(
                    flat,
                    strokeColor=palette.color(palette.WATER_LINE, grey),
                    strokeWidth=size * 0.1,
                    strokeLineJoin=1,
                    strokeLineCap=1,
                )
            )
    if "borders" in layers:
        muted = palette.color(palette.MUTED, grey)
        for border in base.borders:
            flat = frame.project_many(border)
            soft.extend(segments(flat))
            drawing.add(
                PolyLine(
                    flat,
                    strokeColor=palette.faded(muted, 0.7),
                    strokeWidth=size * 0.07,
                    strokeDashArray=[size * 0.5, size * 0.35],
                )
            )
    return soft
