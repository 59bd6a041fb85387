"""Names without markers: words along a data line (its `label`) and free labels (a river,
a sea, a country) at their own point, turned to their own angle.

Each is moved a little when something is in the way; when nothing near is clear, it is
printed where it stands and reported (a note the curator can act on), never dropped.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Drawing, Group, String

from vitrina.draw import palette
from vitrina.draw.bilingual import SECOND_FONT, differs, own_words
from vitrina.draw.fonts import SANS, SANS_ITALIC, text_width
from vitrina.draw.labels import Box, Segment, boxes_overlap, segment_hits_box
from vitrina.draw.map.lines import projected, segments
from vitrina.draw.projection import MapFrame
from vitrina.model.panels import MapLabel, MapPanel


def draw_line_labels(
    drawing: Drawing,
    panel: MapPanel,
    frame: MapFrame,
    size: float,
    grey: bool,
    taken: list[Box],
    bounds: Box,
    notes: list[tuple[str, bool]],
    seconds: tuple[tuple[str, MapPanel], ...] = (),
) -> list[Box]:
    """Each data line's label beside the line; the boxes they cover (also added to
    ``taken``). A label with no clean room is left out and noted (printed over other
    words or the map's furniture it could not be read). Its
    versions in other languages (``seconds``) follow it on its line ("25 April / 25
    balandžio") or, where that finds no room, under it."""
    boxes: list[Box] = []
    versions = [
        (language, other.lines)
        for language, other in seconds
        if isinstance(other, MapPanel) and len(other.lines) == len(panel.lines)
    ]
    for index, line in enumerate(panel.lines):
        if line.label:
            flat = projected(line, frame)
            below = [
                own_words(own[index].label or "", language)
                for language, own in versions
                if differs(line.label, own[index].label)
            ]
            ways = [[" / ".join([line.label, *below])]]  # on one line, or one under the other
            ways += [[line.label, *below]] if below else []
            for texts in ways:
                chain = _line_label(drawing, texts, flat, size, grey, taken, bounds)
                if chain is not None:
                    break
            else:
                # Printed over other words or the map's furniture it could not be read.
                notes.append((f"the label '{line.label}' of the line '{line.name}'", True))
                continue
            taken.extend(chain or [])
            boxes.extend(chain or [])
    return boxes


def draw_free_labels(
    drawing: Drawing,
    panel: MapPanel,
    frame: MapFrame,
    size: float,
    grey: bool,
    taken: list[Box],
    hard: list[Segment],
    bounds: Box,
    notes: list[tuple[str, bool]],
    seconds: tuple[tuple[str, MapPanel], ...] = (),
) -> list[Box]:
    """Each free label near its point; the boxes they cover (also added to ``taken``).
    Where a version in another language (``seconds``) names it differently, that name is
    set under it, smaller, in the second language's italic."""
    boxes: list[Box] = []
    versions = [
        (language, other.labels)
        for language, other in seconds
        if isinstance(other, MapPanel) and len(other.labels) == len(panel.labels)
    ]
    for index, label in enumerate(panel.labels):
        below = [
            own_words(own[index].text, language)
            for language, own in versions
            if differs(label.text, own[index].text)
        ]
        box = _free_label(drawing, label, frame, size, grey, taken, hard, bounds, below)
        if box is None:
            # Across a line if that finds it room, else left out (never over other words).
            box = _free_label(drawing, label, frame, size, grey, taken, [], bounds, below)
            notes.append((f"the name '{label.text}'", box is None))
        if box is None:
            continue
        taken.append(box)
        boxes.append(box)
    return boxes


def _line_label(
    drawing: Drawing,
    texts: list[str],
    flat: list[float],
    size: float,
    grey: bool,
    taken: list[Box],
    bounds: Box,
) -> list[Box] | None:
    """Write ``texts`` along the line, one under the other (the first in the primary
    language, the others smaller, in the second language's colour), beside one of its
    longest stretches where it has room; return the boxes it covers (a turned text as a
    chain of small boxes, so that it claims no more than its own band), or None when it
    has room nowhere."""
    lsize = size * 0.8
    below_size = lsize * 0.9
    step = lsize * 1.45  # turned lines need room between them: their glyphs' boxes grow
    w = max(
        [text_width(texts[0], SANS_ITALIC, lsize)]
        + [text_width(t, SECOND_FONT, below_size) for t in texts[1:]]
    )
    h = lsize + step * (len(texts) - 1)  # the block's height across the line
    away = size * 0.7 + (h - lsize) / 2  # its middle from the line
    own = segments(flat)
    stretches = sorted(own, key=lambda s: -math.hypot(s[2] - s[0], s[3] - s[1]))
    tries = [
        (segment, t, side)
        for segment in stretches[:6]
        for t in (0.5, 0.35, 0.65, 0.2, 0.8)
        for side in (1, -1)
    ]
    for (x1, y1, x2, y2), t, side in tries:
        if x2 < x1:
            x1, y1, x2, y2 = x2, y2, x1, y1
        angle = math.degrees(math.atan2(y2 - y1, x2 - x1))
        mx, my = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
        nx = -math.sin(math.radians(angle)) * side * away
        ny = math.cos(math.radians(angle)) * side * away
        cx, cy = mx + nx, my + ny
        chain = _text_band(cx, cy, w, h, angle)
        outer = _rotated_box(cx, cy, w, h, angle)
        if outer[0] < bounds[0] or outer[1] < bounds[1] or outer[2] > bounds[2]:
            continue
        if outer[3] > bounds[3]:
            continue
        if any(boxes_overlap(b, o, pad=1.0) for b in chain for o in taken):
            continue
        if _crosses(own, cx, cy, w + size * 0.3, h + lsize * 0.1 + size * 0.3, angle):
            continue  # its own line bends back into it (or its arrowhead reaches it)
        baseline = h / 2 - lsize * 0.85  # the first line's, from the block's middle
        group = Group(
            String(
                0,
                baseline,
                texts[0],
                fontName=SANS_ITALIC,
                fontSize=lsize,
                fillColor=palette.color(palette.INK, grey),
                textAnchor="middle",
            )
        )
        for number, text in enumerate(texts[1:], start=1):
            group.add(
                String(
                    0,
                    baseline - step * number,
                    text,
                    fontName=SECOND_FONT,
                    fontSize=below_size,
                    fillColor=palette.color(palette.SECOND, grey),
                    textAnchor="middle",
                )
            )
        group.translate(cx, cy)
        group.rotate(angle)
        drawing.add(group)
        return chain
    return None


def _crosses(lines: list[Segment], cx: float, cy: float, w: float, h: float, angle: float) -> bool:
    """Whether any of ``lines`` runs through the w×h text centred on (cx, cy) and turned
    ``angle`` degrees (tested in the text's own frame, so exactly, not by its upright
    box)."""
    a = math.radians(-angle)
    cos, sin = math.cos(a), math.sin(a)

    def local(x: float, y: float) -> tuple[float, float]:
        return ((x - cx) * cos - (y - cy) * sin, (x - cx) * sin + (y - cy) * cos)

    box = (-w / 2, -h / 2, w / 2, h / 2)
    return any(segment_hits_box((*local(x1, y1), *local(x2, y2)), box) for x1, y1, x2, y2 in lines)


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
    below: list[str] | None = None,
) -> Box | None:
    """A name without a marker (a river, a sea) at its point or, if something is there,
    moved a little along and across its direction; None if it fits nowhere near. The
    names in ``below`` (its other languages) are set under it, turned with it."""
    x, y = frame.project(label.lon, label.lat)
    font = SANS_ITALIC if label.style == "water" else SANS
    colour = palette.color(palette.WATER_TEXT if label.style == "water" else palette.MUTED, grey)
    upper = label.style == "country"
    text = label.text.upper() if upper else label.text
    lsize = size * (0.95 if label.style == "water" else 0.9)
    below = [t for t in ((t.upper() if upper else t) for t in below or []) if t != text]
    below_size = lsize * 0.85
    step = below_size * 1.15  # from one baseline to the next under it
    w = max(
        [text_width(text, font, lsize)] + [text_width(t, SECOND_FONT, below_size) for t in below]
    )
    depth = step * len(below)  # how far the block reaches under the first baseline
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
        # The block's middle: a little above the first baseline, lowered by the lines
        # under it.
        middle = lsize * 0.3 - depth / 2
        mid_x = cx + across[0] * middle
        mid_y = cy + across[1] * middle
        box = _rotated_box(mid_x, mid_y, w, lsize * 1.05 + depth, label.angle)
        if box[0] < bounds[0] or box[1] < bounds[1] or box[2] > bounds[2] or box[3] > bounds[3]:
            continue
        if any(boxes_overlap(box, other, pad=1.0) for other in taken):
            continue
        if any(segment_hits_box(s, box) for s in lines):
            continue
        group = Group(
            String(0, 0, text, fontName=font, fontSize=lsize, fillColor=colour, textAnchor="middle")
        )
        second = palette.color(palette.SECOND, grey) if label.style != "water" else colour
        for number, own in enumerate(below, start=1):
            group.add(
                String(
                    0,
                    -step * number,
                    own,
                    fontName=SECOND_FONT,
                    fontSize=below_size,
                    fillColor=second,
                    textAnchor="middle",
                )
            )
        group.translate(cx, cy)
        group.rotate(label.angle)
        drawing.add(group)
        return box
    return None
