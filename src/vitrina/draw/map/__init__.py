"""Maps from data: projected base geography, places, front lines and advances.

``draw_map`` lays a map out in order (sea and land, the exhibition's layers, lines,
places and labels, the frame's furniture, the legend); each of those has its module
here: ``lines``, ``placing``, ``furniture``, ``legend``.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Polygon, PolyLine, Rect

from vitrina.draw import palette
from vitrina.draw.basemap import BaseGeography, load_base_geography
from vitrina.draw.fonts import text_width
from vitrina.draw.labels import Box, Segment, boxes_overlap, place
from vitrina.draw.map.furniture import _graticule, _north_arrow, _scale_bar, _scale_bar_size
from vitrina.draw.map.legend import (
    LEGEND_SHARE,
    _draw_legend,
    _legend_rows,
    _legend_size,
    _with_legend_below,
)
from vitrina.draw.map.lines import _arrow, _line_style, _own_layer, _segments
from vitrina.draw.map.placing import (
    _corner_box,
    _Crowd,
    _free_label,
    _free_label_anyway,
    _halo_string,
    _label_variants,
    _line_label,
    _neighbours,
    _Text,
)
from vitrina.draw.projection import MapFrame
from vitrina.draw.registry import Graphic, GraphicStyle, register
from vitrina.model.panels import Extent, MapPanel, Place
from vitrina.output import Note, NoteKind


def _data_box(extent: Extent) -> tuple[float, float, float, float]:
    """The extent with a margin (a conic's corners reach past it), within the globe."""
    dx = (extent.east - extent.west) * 0.3
    dy = (extent.north - extent.south) * 0.3
    return (
        max(-180.0, extent.west - dx),
        max(-90.0, extent.south - dy),
        min(180.0, extent.east + dx),
        min(90.0, extent.north + dy),
    )


def _round_scale(km: float) -> float:
    """km per point to two significant digits, so one map at near sizes reads data once."""
    if km <= 0:
        return km
    digits = 1 - math.floor(math.log10(km))
    return round(km, digits)


@register("map")
def draw_map(panel: MapPanel, width: float, height: float, style: GraphicStyle) -> Graphic:
    """The map at ``width`` points; its height follows from the projected extent."""
    size = style.font_pt
    grey = style.grey
    frame = MapFrame.fit(panel.extent, panel.projection, width)
    height = frame.height
    drawing = Drawing(width, height)
    ink = palette.color(palette.INK, grey)
    muted = palette.color(palette.MUTED, grey)
    layers = panel.base_layers
    notes: list[str] = []
    if layers & {"land", "lakes", "rivers", "borders"}:
        km_per_point = _round_scale(frame.metres_per_point() / 1000)
        base = load_base_geography(_data_box(panel.extent), km_per_point)
    else:
        base = BaseGeography()

    sea = palette.color(palette.WATER if "sea" in layers else palette.PAPER, grey)
    drawing.add(Rect(0, 0, width, height, fillColor=sea, strokeColor=None))
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
    soft: list[Segment] = []  # rivers and borders: labels keep off them when they can
    if "rivers" in layers:
        for river in base.rivers:
            flat = frame.project_many(river)
            soft.extend(_segments(flat))
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
        for border in base.borders:
            flat = frame.project_many(border)
            soft.extend(_segments(flat))
            drawing.add(
                PolyLine(
                    flat,
                    strokeColor=palette.faded(muted, 0.7),
                    strokeWidth=size * 0.07,
                    strokeDashArray=[size * 0.5, size * 0.35],
                )
            )
    hard: list[Segment] = []  # the exhibition's own lines: labels never cross them
    for own in panel.own_layers:
        # A label may stand inside an area (on its halo), so area outlines are soft.
        (hard if own.style in ("line", "dashed") else soft).extend(
            _own_layer(drawing, own, frame, size, grey)
        )
    degree_labels = _graticule(drawing, panel, frame, size, grey) if "graticule" in layers else []

    # Data lines: front lines, borders, advances (arrows on top).
    for line in sorted(panel.lines, key=lambda ln: ln.style == "advance"):
        flat = frame.project_many([(lon, lat) for lat, lon in line.points])
        hard.extend(_segments(flat))
        if line.style == "advance":
            drawing.add(_arrow(flat, palette.color(palette.INK, grey), size * 0.22, size * 1.1))
        else:
            drawing.add(PolyLine(flat, **_line_style(line, style)))

    margin = size * 0.4
    bounds: Box = (margin, margin, width - margin, height - margin)
    markers: list[Box] = []
    for place_ in panel.places:
        x, y = frame.project(place_.lon, place_.lat)
        radius = size * (0.42 if place_.capital else 0.3)
        markers.append((x - radius, y - radius, x + radius, y + radius))

    # Furniture first, so labels keep clear of it: the legend in the emptiest corner, the
    # scale bar and north arrow in corners left free. A row of degree labels runs along
    # the bottom and left edges, so corner furniture stands just inside it.
    inset = size * (1.2 if degree_labels else 0.6)
    crowd = _Crowd(markers, hard, [frame.project(lb.lon, lb.lat) for lb in panel.labels])
    legend_rows = _legend_rows(panel)
    corners = ["se", "sw", "ne", "nw"]
    taken: list[Box] = []
    lw, lh = _legend_size(legend_rows, size, width) if legend_rows else (0.0, 0.0)
    # A legend that would hide much of a small map goes under it instead.
    legend_below = bool(legend_rows) and (lw * lh > LEGEND_SHARE * width * height)
    if legend_rows and not legend_below:
        corner = min(
            corners,
            key=lambda c: (
                crowd.score(_corner_box(c, lw, lh, width, height, inset), size * 4),
                corners.index(c),
            ),
        )
        corners.remove(corner)
        box = _corner_box(corner, lw, lh, width, height, inset)
        _draw_legend(drawing, legend_rows, box, size, grey)
        taken.append(box)
    bar_w, bar_h, bar_km = _scale_bar_size(frame, size)
    bar_corner = min(
        corners,
        key=lambda c: (
            crowd.score(_corner_box(c, bar_w, bar_h, width, height, inset), size * 4),
            ["sw", "se", "nw", "ne"].index(c),
        ),
    )
    corners.remove(bar_corner)
    bar_box = _corner_box(bar_corner, bar_w, bar_h, width, height, inset)
    _scale_bar(drawing, frame, size, grey, bar_box, bar_km)
    taken.append(bar_box)
    arrow_corner = "ne" if "ne" in corners else corners[0]
    taken.append(_north_arrow(drawing, panel, frame, width, height, size, grey, arrow_corner))
    furniture = list(taken)
    for label in degree_labels:
        if not any(boxes_overlap(label.box, box, pad=size * 0.2) for box in furniture):
            drawing.add(label.string)
            taken.append(label.box)

    # Places: markers then labels, capitals first.
    label_boxes: list[Box] = []
    order = sorted(panel.places, key=lambda p: (not p.capital, p.name))
    for place_ in order:
        x, y = frame.project(place_.lon, place_.lat)
        radius = size * (0.42 if place_.capital else 0.3)
        drawing.add(
            Circle(
                x,
                y,
                radius,
                fillColor=ink if place_.capital else palette.color(palette.PAPER),
                strokeColor=ink,
                strokeWidth=size * 0.1,
            )
        )
    taken.extend(markers)
    for line in panel.lines:
        if line.label:
            flat = frame.project_many([(lon, lat) for lat, lon in line.points])
            chain = _line_label(drawing, line.label, flat, size, grey, taken, bounds)
            if chain is None:
                notes.append(f"the label '{line.label}' of the line '{line.name}'")
                chain = _line_label(
                    drawing, line.label, flat, size, grey, [], (-1e9,) * 2 + (1e9,) * 2
                )
            taken.extend(chain or [])
            label_boxes.extend(chain or [])
    base_taken = list(taken)
    base_texts = list(label_boxes)
    # Place the most crowded first; if some cannot be placed cleanly, try again with those
    # first (a few rounds), and keep the round with the fewest failures.
    order = sorted(order, key=lambda p: (not p.capital, -_neighbours(p, markers, frame, size)))
    best_round: list[tuple[Place, Box, list[_Text], float]] | None = None
    for _round in range(4):
        taken_now = list(base_taken)
        texts_now = list(base_texts)
        placed = []
        for place_ in order:
            x, y = frame.project(place_.lon, place_.lat)
            choice = None
            for lines in _label_variants(place_, size):
                w = max(text_width(t.text, t.font, t.size) for t in lines)
                h = sum(t.size * t.leading for t in lines)
                box, cost = place(
                    x,
                    y,
                    w,
                    h,
                    size * 0.75,
                    taken_now,
                    hard,
                    bounds,
                    clearance=size * 0.6,
                    soft=soft,
                    texts=texts_now,
                )
                if choice is None or cost < choice[3]:
                    choice = (place_, box, lines, cost)
                if cost == 0:
                    break
            assert choice is not None
            placed.append(choice)
            taken_now.append(choice[1])
            texts_now.append(choice[1])
        failures = [p for p, _b, _l, cost in placed if cost > 0]
        if best_round is None or len(failures) < sum(c > 0 for *_r, c in best_round):
            best_round = placed
        if not failures:
            break
        order = failures + [p for p in order if p not in failures]
    assert best_round is not None
    for place_, box, lines, cost in best_round:
        if cost > 0:
            notes.append(f"the name '{place_.name}'")
        taken.append(box)
        label_boxes.append(box)
        x, _y = frame.project(place_.lon, place_.lat)
        right_aligned = box[2] <= x
        anchor = "end" if right_aligned else ("middle" if box[0] < x < box[2] else "start")
        tx = box[2] if anchor == "end" else (x if anchor == "middle" else box[0])
        top = box[3]
        for line in lines:
            colour = {
                "ink": ink,
                "red": palette.color(palette.RED, grey),
                "muted": muted,
            }[line.colour]
            top -= line.size * line.leading
            _halo_string(
                drawing, tx, top + line.size * 0.23, line.text, line.font, line.size, colour, anchor
            )

    for label in panel.labels:
        box = _free_label(drawing, label, frame, size, grey, taken, hard, bounds)
        if box is None:
            notes.append(f"the name '{label.text}'")
            box = _free_label_anyway(drawing, label, frame, size, grey)
        taken.append(box)
        label_boxes.append(box)

    drawing.add(Rect(0, 0, width, height, fillColor=None, strokeColor=ink, strokeWidth=size * 0.08))
    if legend_below:
        drawing, label_boxes = _with_legend_below(drawing, legend_rows, label_boxes, size, grey)
    alt = _alt_text(panel)
    graphic = Graphic(drawing, label_boxes, alt)
    graphic.notes = [
        Note(
            f"map '{panel.title}': {what} could not be placed clear of everything else; "
            "it is printed where it overlaps least: move it, shorten it or enlarge the map",
            NoteKind.GRAPHIC_LABEL,
        )
        for what in notes
    ]
    return graphic


def _alt_text(panel: MapPanel) -> str:
    towns = ", ".join(f"{p.name} ({p.date})" if p.date else p.name for p in panel.places)
    lines = "; ".join(line.name for line in panel.lines if line.style != "advance")
    return f"Map: {panel.title}. Places: {towns}. Lines: {lines}."
