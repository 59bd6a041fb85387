"""Label placement: try positions around a point, keep the first that collides with nothing."""

from __future__ import annotations

import math

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
Segment = tuple[float, float, float, float]

#: Candidate positions, in order of preference (cartographic convention: upper right first).
POSITIONS = ("e", "ne", "se", "w", "nw", "sw", "n", "s")


def boxes_overlap(a: Box, b: Box, pad: float = 0.0) -> bool:
    return not (
        a[2] + pad <= b[0] or b[2] + pad <= a[0] or a[3] + pad <= b[1] or b[3] + pad <= a[1]
    )


def _segments_cross(p: Segment, q: Segment) -> bool:
    def orient(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> float:
        return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)

    x1, y1, x2, y2 = p
    x3, y3, x4, y4 = q
    d1 = orient(x3, y3, x4, y4, x1, y1)
    d2 = orient(x3, y3, x4, y4, x2, y2)
    d3 = orient(x1, y1, x2, y2, x3, y3)
    d4 = orient(x1, y1, x2, y2, x4, y4)
    return (d1 > 0) != (d2 > 0) and (d3 > 0) != (d4 > 0)


def segment_hits_box(segment: Segment, box: Box) -> bool:
    x1, y1, x2, y2 = segment
    x0, y0, xa, ya = box
    if x0 <= x1 <= xa and y0 <= y1 <= ya or x0 <= x2 <= xa and y0 <= y2 <= ya:
        return True
    edges = ((x0, y0, xa, y0), (xa, y0, xa, ya), (xa, ya, x0, ya), (x0, ya, x0, y0))
    return any(_segments_cross(segment, edge) for edge in edges)


def candidate_box(x: float, y: float, w: float, h: float, gap: float, where: str) -> Box:
    """The box of a w×h label placed at compass position ``where`` around (x, y)."""
    if where == "e":
        return (x + gap, y - h / 2, x + gap + w, y + h / 2)
    if where == "w":
        return (x - gap - w, y - h / 2, x - gap, y + h / 2)
    if where == "ne":
        return (x + gap * 0.7, y + gap * 0.3, x + gap * 0.7 + w, y + gap * 0.3 + h)
    if where == "nw":
        return (x - gap * 0.7 - w, y + gap * 0.3, x - gap * 0.7, y + gap * 0.3 + h)
    if where == "se":
        return (x + gap * 0.7, y - gap * 0.3 - h, x + gap * 0.7 + w, y - gap * 0.3)
    if where == "sw":
        return (x - gap * 0.7 - w, y - gap * 0.3 - h, x - gap * 0.7, y - gap * 0.3)
    if where == "n":
        return (x - w / 2, y + gap, x + w / 2, y + gap + h)
    return (x - w / 2, y - gap - h, x + w / 2, y - gap)


def overlap_area(a: Box, b: Box) -> float:
    """The area two boxes share (0 when apart)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def place(
    x: float,
    y: float,
    w: float,
    h: float,
    gap: float,
    taken: list[Box],
    lines: list[Segment],
    bounds: Box,
    clearance: float = 0.0,
    soft: list[Segment] | None = None,
    texts: list[Box] | None = None,
) -> tuple[Box, float]:
    """The best candidate box inside ``bounds``, and what it costs: 0 when it is clean
    (touches no taken box and no line), more the more it covers.

    Lines count as ``clearance`` thick, for their width and arrowheads; ``soft`` lines
    (rivers, borders) are avoided when a clean position clear of them exists. Candidates
    are tried close to the point first, then at twice and three times the gap. When none
    is clean, the one that covers least is returned: overlapping a taken box costs a
    hundred times the area shared, crossing a line a square of the label's height, and
    overlapping another label (``texts``, also in ``taken``) a thousand times the area
    more. With no candidate inside ``bounds`` at all, the first is pushed inside them."""
    soft = soft or []
    clean: tuple[int, Box] | None = None  # fewest river crossings among clean boxes
    dirty: tuple[float, Box] | None = None  # least cover among the others
    for distance in (1.0, 2.0, 3.0):
        for where in POSITIONS:
            box = candidate_box(x, y, w, h, gap * distance, where)
            if box[0] < bounds[0] or box[1] < bounds[1] or box[2] > bounds[2]:
                continue
            if box[3] > bounds[3]:
                continue
            padded = (
                box[0] - clearance,
                box[1] - clearance,
                box[2] + clearance,
                box[3] + clearance,
            )
            # A little room around the words: descenders and a stroke's width.
            near = (box[0] - 2, box[1] - 1.5, box[2] + 2, box[3] + 1)
            cost = sum(overlap_area(near, other) for other in taken) * 100
            cost += sum(overlap_area(near, other) for other in texts or ()) * 1000
            cost += sum(segment_hits_box(seg, padded) for seg in lines) * h * h
            if cost == 0:
                rivers = sum(segment_hits_box(seg, box) for seg in soft)
                if rivers == 0:
                    return box, 0.0
                if clean is None or rivers < clean[0]:
                    clean = (rivers, box)
            elif dirty is None or cost * distance < dirty[0]:
                dirty = (cost * distance, box)
    if clean is not None:
        return clean[1], 0.0
    if dirty is not None:
        return dirty[1], dirty[0]
    return _pushed_inside(candidate_box(x, y, w, h, gap, "e"), bounds), math.inf


def _pushed_inside(box: Box, bounds: Box) -> Box:
    dx = max(0.0, bounds[0] - box[0]) - max(0.0, box[2] - bounds[2])
    dy = max(0.0, bounds[1] - box[1]) - max(0.0, box[3] - bounds[3])
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)
