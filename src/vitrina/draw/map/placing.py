"""Where the words of a map go: place names beside their markers, labels along lines,
free labels, each kept clear of the others and of what is drawn, with a halo."""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Group, Rect, String

from vitrina.draw import palette
from vitrina.draw.fonts import SANS, SANS_BOLD, SANS_ITALIC, text_width, wrap
from vitrina.draw.labels import Box, Segment, boxes_overlap, segment_hits_box
from vitrina.draw.map.lines import _segments
from vitrina.draw.projection import MapFrame
from vitrina.model.panels import MapLabel, Place


@dataclass(frozen=True)
class _Text:
    """One line of a place's label."""

    text: str
    font: str
    size: float
    colour: str  # "ink", "red" or "muted"
    leading: float = 1.12


def _label_variants(place_: Place, size: float) -> list[list[_Text]]:
    """The place's label as lines: name, then date and note on one line or, narrower,
    on two, or narrower still wrapped to the name's width (each tried when the one
    before finds no clean place)."""
    name_size = size * (1.15 if place_.capital else 1.0)
    font = SANS_BOLD if place_.capital else SANS
    name = _Text(place_.name, font, name_size, "ink", 1.05)
    detail_size = size * 0.78
    colour = "red" if place_.date else "muted"
    parts = [t for t in (place_.date, place_.note) if t]
    if not parts:
        return [[name]]
    variants = [[name, _Text(" · ".join(parts), SANS, detail_size, colour)]]
    if len(parts) > 1:
        variants.append([name, *(_Text(t, SANS, detail_size, colour) for t in parts)])
    # Narrowest: each part wrapped to about the name's width (at least half its own).
    name_w = text_width(place_.name, font, name_size)
    wrapped = [
        line
        for t in parts
        for line in wrap(t, SANS, detail_size, max(name_w, text_width(t, SANS, detail_size) / 2))
    ]
    if len(wrapped) > len(variants[-1]) - 1:
        variants.append([name, *(_Text(t, SANS, detail_size, colour) for t in wrapped)])
    return variants


def _neighbours(place_: Place, markers: list[Box], frame: MapFrame, size: float) -> int:
    """How many markers lie within a few label heights of this place."""
    x, y = frame.project(place_.lon, place_.lat)
    reach = size * 6
    return sum(
        abs((m[0] + m[2]) / 2 - x) < reach and abs((m[1] + m[3]) / 2 - y) < reach for m in markers
    )


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


def _line_label(
    drawing: Drawing,
    text: str,
    flat: list[float],
    size: float,
    grey: bool,
    taken: list[Box],
    bounds: Box,
) -> list[Box] | None:
    """Write ``text`` along the line, beside one of its longest stretches where it has
    room; return the boxes it covers (a turned text as a chain of small boxes, so that
    it claims no more than its own band), or None when it has room nowhere."""
    lsize = size * 0.8
    w = text_width(text, SANS_ITALIC, lsize)
    segments = sorted(_segments(flat), key=lambda s: -math.hypot(s[2] - s[0], s[3] - s[1]))
    tries = [
        (segment, t, side)
        for segment in segments[:6]
        for t in (0.5, 0.35, 0.65, 0.2, 0.8)
        for side in (1, -1)
    ]
    for (x1, y1, x2, y2), t, side in tries:
        if x2 < x1:
            x1, y1, x2, y2 = x2, y2, x1, y1
        angle = math.degrees(math.atan2(y2 - y1, x2 - x1))
        mx, my = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
        nx = -math.sin(math.radians(angle)) * side * size * 0.7
        ny = math.cos(math.radians(angle)) * side * size * 0.7
        cx, cy = mx + nx, my + ny
        chain = _text_band(cx, cy, w, lsize, angle)
        outer = _rotated_box(cx, cy, w, lsize, angle)
        if outer[0] < bounds[0] or outer[1] < bounds[1] or outer[2] > bounds[2]:
            continue
        if outer[3] > bounds[3]:
            continue
        if any(boxes_overlap(b, o, pad=1.0) for b in chain for o in taken):
            continue
        group = Group(
            String(
                0,
                -lsize * 0.35,
                text,
                fontName=SANS_ITALIC,
                fontSize=lsize,
                fillColor=palette.color(palette.INK, grey),
                textAnchor="middle",
            )
        )
        group.translate(cx, cy)
        group.rotate(angle)
        drawing.add(group)
        return chain
    return None


def _text_band(cx: float, cy: float, w: float, h: float, angle: float) -> list[Box]:
    """A turned w×h text centred on (cx, cy) as a chain of upright boxes, one per
    h-long piece of its length."""
    pieces = max(1, math.ceil(w / h))
    a = math.radians(angle)
    step = w / pieces
    boxes = []
    for i in range(pieces):
        offset = -w / 2 + step * (i + 0.5)
        boxes.append(
            _rotated_box(cx + offset * math.cos(a), cy + offset * math.sin(a), step, h, angle)
        )
    return boxes


def _rotated_box(cx: float, cy: float, w: float, h: float, angle: float) -> Box:
    """The upright box around a w×h text centred on (cx, cy) and turned ``angle`` degrees."""
    a = math.radians(angle)
    half_w = (abs(math.cos(a)) * w + abs(math.sin(a)) * h) / 2
    half_h = (abs(math.sin(a)) * w + abs(math.cos(a)) * h) / 2
    return (cx - half_w, cy - half_h, cx + half_w, cy + half_h)


def _free_label(
    drawing: Drawing,
    label: MapLabel,
    frame: MapFrame,
    size: float,
    grey: bool,
    taken: list[Box],
    lines: list[Segment],
    bounds: Box,
) -> Box | None:
    """A name without a marker (a river, a sea) at its point or, if something is there,
    moved a little along and across its direction; None if it fits nowhere near."""
    x, y = frame.project(label.lon, label.lat)
    font = SANS_ITALIC if label.style == "water" else SANS
    colour = palette.color(palette.WATER_TEXT if label.style == "water" else palette.MUTED, grey)
    text = label.text.upper() if label.style == "country" else label.text
    lsize = size * (0.95 if label.style == "water" else 0.9)
    w = text_width(text, font, lsize)
    a = math.radians(label.angle)
    along = (math.cos(a), math.sin(a))
    across = (-math.sin(a), math.cos(a))
    shifts = [(0.0, 0.0)]
    for k in (1, 2, 3):
        for da, dc in ((0, k), (0, -k), (k, 0), (-k, 0), (k, k), (-k, -k), (k, -k), (-k, k)):
            shifts.append((da * w * 0.25, dc * lsize * 1.1))
    for da, dc in shifts:
        cx = x + along[0] * da + across[0] * dc
        cy = y + along[1] * da + across[1] * dc
        # The text's middle sits a little above its baseline.
        mid_x = cx + across[0] * lsize * 0.3
        mid_y = cy + across[1] * lsize * 0.3
        box = _rotated_box(mid_x, mid_y, w, lsize * 1.05, label.angle)
        if box[0] < bounds[0] or box[1] < bounds[1] or box[2] > bounds[2] or box[3] > bounds[3]:
            continue
        if any(boxes_overlap(box, other, pad=1.0) for other in taken):
            continue
        if any(segment_hits_box(s, box) for s in lines):
            continue
        string = String(
            0, 0, text, fontName=font, fontSize=lsize, fillColor=colour, textAnchor="middle"
        )
        group = Group(string)
        group.translate(cx, cy)
        group.rotate(label.angle)
        drawing.add(group)
        return box
    return None


def _free_label_anyway(
    drawing: Drawing, label: MapLabel, frame: MapFrame, size: float, grey: bool
) -> Box:
    """Draw the name at its own point whatever it meets (the caller reports it)."""
    everything: Box = (-1e9, -1e9, 1e9, 1e9)
    box = _free_label(drawing, label, frame, size, grey, [], [], everything)
    assert box is not None
    return box


def _halo_string(
    drawing: Drawing, x: float, y: float, text: str, font: str, size: float, colour, anchor: str
) -> None:  # noqa: ANN001
    """Text on a soft land-coloured patch so it stays legible over rivers, lakes and
    borders. (A stroked outline would be the usual halo, but WeasyPrint does not stroke
    SVG text, so the outline never printed.)"""
    width = text_width(text, font, size)
    left = x - width if anchor == "end" else (x - width / 2 if anchor == "middle" else x)
    pad = size * 0.12
    drawing.add(
        Rect(
            left - pad,
            y - size * 0.28,
            width + 2 * pad,
            size * 1.08,
            fillColor=palette.faded(palette.color(palette.LAND), 0.82),
            strokeColor=None,
        )
    )
    drawing.add(
        String(x, y, text, fontName=font, fontSize=size, textAnchor=anchor, fillColor=colour)
    )
