"""A map's furniture: the legend, the scale bar and the north arrow, each in a corner the
map's content leaves freest, and the degree labels wherever the furniture does not cover
them.

Furniture is placed before any name, so names keep clear of it rather than the other way
round: a legend moved aside by a town's label would leave the map without a key.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Polygon, Rect, String

from vitrina.draw import palette
from vitrina.draw.fonts import SANS, SANS_BOLD, text_width
from vitrina.draw.labels import Box, Segment, boxes_overlap, segment_hits_box
from vitrina.draw.map.graticule import DegreeLabel
from vitrina.draw.map.legend import LEGEND_SHARE, LegendRow, draw_legend, legend_rows, legend_size
from vitrina.draw.map.words import compass, distance, format_number_g
from vitrina.draw.projection import MapFrame
from vitrina.draw.registry import GraphicStyle
from vitrina.model.panels import MapPanel


@dataclass
class Furniture:
    """What the furniture took: boxes names must keep clear of, and the legend's rows
    with whether they go under the map (drawn last, once the map is complete)."""

    taken: list[Box]
    legend_rows: list[LegendRow]
    legend_below: bool


class _Crowd:
    """How much of the map's content a box would cover: where the legend goes."""

    def __init__(
        self, markers: list[Box], lines: list[Segment], labels: list[tuple[float, float]]
    ) -> None:
        self.markers = markers
        self.lines = lines
        self.labels = labels

    def score(self, box: Box, room: float = 0.0) -> float:
        """Markers within ``room`` of the box count most (their labels need that room),
        then free labels' points in it, then lines through it."""
        wide = (box[0] - room, box[1] - room, box[2] + room, box[3] + room)
        near = sum(boxes_overlap(wide, m) for m in self.markers) * 10
        near += sum(box[0] <= x <= box[2] and box[1] <= y <= box[3] for x, y in self.labels) * 5
        near += sum(segment_hits_box(s, box) for s in self.lines) * 2
        return near


def _corner_box(corner: str, w: float, h: float, width: float, height: float, inset: float) -> Box:
    x0 = inset if corner.endswith("w") else width - inset * 0.6 - w
    y0 = inset if corner.startswith("s") else height - inset * 0.6 - h
    return (x0, y0, x0 + w, y0 + h)


def draw_furniture(
    drawing: Drawing,
    panel: MapPanel,
    frame: MapFrame,
    style: GraphicStyle,
    markers: list[Box],
    hard: list[Segment],
    degree_labels: list[DegreeLabel],
) -> Furniture:
    """The legend in the emptiest corner, the scale bar and north arrow in corners left
    free, then the degree labels they do not cover. A row of degree labels runs along
    the bottom and left edges, so corner furniture stands just inside it."""
    size = style.font_pt
    grey = style.grey
    width, height = drawing.width, drawing.height
    inset = size * (1.2 if degree_labels else 0.6)
    crowd = _Crowd(markers, hard, [frame.project(lb.lon, lb.lat) for lb in panel.labels])
    rows = legend_rows(panel, style.also)
    corners = ["se", "sw", "ne", "nw"]
    taken: list[Box] = []
    lw, lh = legend_size(rows, size, width) if rows else (0.0, 0.0)
    # A legend that would hide much of a small map goes under it instead.
    legend_below = bool(rows) and (lw * lh > LEGEND_SHARE * width * height)
    if rows and not legend_below:
        corner = min(
            corners,
            key=lambda c: (
                crowd.score(_corner_box(c, lw, lh, width, height, inset), size * 4),
                corners.index(c),
            ),
        )
        corners.remove(corner)
        box = _corner_box(corner, lw, lh, width, height, inset)
        draw_legend(drawing, rows, box, size, grey)
        taken.append(box)
    languages = (style.language, *(code for code, _other in style.also))
    bar_w, bar_h, bar_km = _scale_bar_size(frame, size, languages)
    bar_corner = min(
        corners,
        key=lambda c: (
            crowd.score(_corner_box(c, bar_w, bar_h, width, height, inset), size * 4),
            ["sw", "se", "nw", "ne"].index(c),
        ),
    )
    corners.remove(bar_corner)
    bar_box = _corner_box(bar_corner, bar_w, bar_h, width, height, inset)
    _scale_bar(drawing, frame, size, grey, bar_box, bar_km, languages)
    taken.append(bar_box)
    arrow_corner = "ne" if "ne" in corners else corners[0]
    north = _north_arrow(
        drawing,
        panel,
        frame,
        width,
        height,
        size,
        grey,
        arrow_corner,
        languages,
    )
    taken.append(north)
    furniture = list(taken)
    for label in degree_labels:
        if not any(boxes_overlap(label.box, box, pad=size * 0.2) for box in furniture):
            drawing.add(label.string)
            taken.append(label.box)
    return Furniture(taken, rows, legend_below)


def _scale_bar_size(
    frame: MapFrame, size: float, language: str | tuple[str, ...]
) -> tuple[float, float, float]:
    """Width and height of the scale bar's box, and its length in km (a round number,
    about a fifth of the map's width)."""
    target_m = frame.width / 5 * frame.metres_per_point()
    km = max(1, target_m / 1000)
    magnitude = 10 ** math.floor(math.log10(km))
    nice = max(m * magnitude for m in (1, 2, 5) if m * magnitude <= km)
    length = nice * 1000 * frame.scale
    label = text_width(distance(nice, language), SANS, size * 0.7)
    return length + size * 1.0 + label, size * 2.4, nice


def _scale_bar(
    drawing: Drawing,
    frame: MapFrame,
    size: float,
    grey: bool,
    box: Box,
    nice: float,
    language: str | tuple[str, ...] = "en",
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
    first = language if isinstance(language, str) else language[0]
    ends = ((x0, "0", "middle"), (x0 + half, format_number_g(nice / 2, first), "middle"))
    for x, text, anchor in (*ends, (x0 + length, distance(nice, language), "start")):
        drawing.add(
            String(
                x,
                y0 + h + size * 0.3,
                text,
                fontName=SANS,
                fontSize=size * 0.7,
                fillColor=ink,
                textAnchor=anchor,
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
    language: str | tuple[str, ...] = "en",
) -> Box:
    """An arrow to true north at the map's north-east (a conic's north turns across the
    map), in ``corner``; returns the box it covers."""
    ink = palette.color(palette.INK, grey)
    cx = width - size * 2 if corner.endswith("e") else size * 3.2
    cy = height - size * 3.2 if corner.startswith("n") else size * 3.4
    # True north at this point of the projection.
    east = panel.extent.east_unwrapped
    lon = east - (east - panel.extent.west) * 0.05
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
            compass(language, "N", "S")[0],
            fontName=SANS_BOLD,
            fontSize=size * 0.9,
            fillColor=ink,
            textAnchor="middle",
        )
    )
    return (cx - size * 1.2, cy - size * 1.5, cx + size * 1.2, cy + size * 2.4)
