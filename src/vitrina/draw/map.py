"""Maps from data: projected base geography, places, front lines and advances."""

from __future__ import annotations

import math
from dataclasses import dataclass

from babel.numbers import format_decimal
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from shapely.geometry import LineString
from shapely.geometry import Polygon as ShapelyPolygon

from vitrina.draw import palette
from vitrina.draw.basemap import BaseGeography, load_base_geography
from vitrina.draw.fonts import SANS, SANS_BOLD, SANS_ITALIC, text_width, wrap
from vitrina.draw.labels import Box, Segment, boxes_overlap, place, segment_hits_box
from vitrina.draw.projection import MapFrame
from vitrina.draw.registry import Graphic, GraphicStyle, register
from vitrina.i18n.catalogues import N_, words
from vitrina.i18n.formats import locale_of
from vitrina.model.panels import Extent, MapLabel, MapLayer, MapLine, MapPanel, Place
from vitrina.output import Note, NoteKind


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
    degree_labels = (
        _graticule(drawing, panel, frame, size, grey, style.language)
        if "graticule" in layers
        else []
    )

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
    bar_w, bar_h, bar_km = _scale_bar_size(frame, size, style.language)
    bar_corner = min(
        corners,
        key=lambda c: (
            crowd.score(_corner_box(c, bar_w, bar_h, width, height, inset), size * 4),
            ["sw", "se", "nw", "ne"].index(c),
        ),
    )
    corners.remove(bar_corner)
    bar_box = _corner_box(bar_corner, bar_w, bar_h, width, height, inset)
    _scale_bar(drawing, frame, size, grey, bar_box, bar_km, style.language)
    taken.append(bar_box)
    arrow_corner = "ne" if "ne" in corners else corners[0]
    north = _north_arrow(
        drawing, panel, frame, width, height, size, grey, arrow_corner, style.language
    )
    taken.append(north)
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


#: A legend larger than this share of the map's area is set under the map.
LEGEND_SHARE = 0.1


def _with_legend_below(
    drawing: Drawing, rows: list[_LegendRow], boxes: list[Box], size: float, grey: bool
) -> tuple[Drawing, list[Box]]:
    """The map moved up, with the legend in columns on the paper beneath it."""
    width = drawing.width
    lsize = size * 0.8
    key_w = size * 2.4
    columns = max(1, min(3, int(width // (size * 18)), len(rows)))
    col_w = width / columns
    limit = col_w - key_w - size * 1.2
    blocks = [wrap(row.text, SANS, lsize, limit) or [row.text] for row in rows]
    heights = [lsize * 1.25 * len(b) + size * 0.55 for b in blocks]
    per_column = -(-len(rows) // columns)
    column_heights = [sum(heights[c * per_column : (c + 1) * per_column]) for c in range(columns)]
    legend_h = max(column_heights) + size * 0.9
    moved = Drawing(width, drawing.height + legend_h)
    group = Group(*drawing.contents)
    group.translate(0, legend_h)
    moved.add(group)
    # The base map reaches past the frame (the viewport trims it above and beside).
    moved.add(Rect(0, 0, width, legend_h, fillColor=palette.color(palette.PAPER), strokeColor=None))
    for index, (row, block) in enumerate(zip(rows, blocks, strict=True)):
        column, place_in = divmod(index, per_column)
        top = (
            legend_h
            - size * 0.6
            - sum(heights[column * per_column : column * per_column + place_in])
        )
        _legend_row(moved, row, block, column * col_w + size * 0.2, top, size, grey)
    shifted = [(b[0], b[1] + legend_h, b[2], b[3] + legend_h) for b in boxes]
    return moved, shifted


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


#: The compass points as printed on maps (their translations are one letter or two).
COMPASS_POINTS = (N_("N"), N_("S"), N_("E"), N_("W"))


def _compass(language: str, positive: str, negative: str) -> tuple[str, str]:
    """The compass letters (N and S, or E and W) as the language abbreviates them."""
    gettext = words(language).gettext
    return gettext(positive), gettext(negative)


def _distance(km: float, language: str) -> str:
    """'50 km' as the language writes it ('50 км')."""
    text = words(language).gettext("%(distance)s km")
    return text % {"distance": format_number_g(km, language)}


def format_number_g(value: float, language: str) -> str:
    """A round number as short as it goes ('0.5', '0,5', '100')."""
    return format_decimal(value, locale=locale_of(language))


def _graticule(
    drawing: Drawing, panel: MapPanel, frame: MapFrame, size: float, grey: bool, language: str
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
        lines.append(
            (
                points,
                (x + size * 0.2, size * 0.35),
                degree_label(lon, *_compass(language, "E", "W")),
            )
        )
    for k in range(math.ceil(ext.south / step - 1e-9), math.floor(ext.north / step + 1e-9) + 1):
        lat = k * step
        _x, y = frame.project(ext.west, lat)
        points = [(ext.west + (ext.east - ext.west) * t, lat) for t in steps]
        lines.append(
            (points, (size * 0.3, y + size * 0.2), degree_label(lat, *_compass(language, "N", "S")))
        )
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


def _scale_bar_size(frame: MapFrame, size: float, language: str) -> tuple[float, float, float]:
    """Width and height of the scale bar's box, and its length in km (a round number,
    about a fifth of the map's width)."""
    target_m = frame.width / 5 * frame.metres_per_point()
    km = max(1, target_m / 1000)
    magnitude = 10 ** math.floor(math.log10(km))
    nice = max(m * magnitude for m in (1, 2, 5) if m * magnitude <= km)
    length = nice * 1000 * frame.scale
    label = text_width(_distance(nice, language), SANS, size * 0.7)
    return length + size * 1.0 + label, size * 2.4, nice


def _scale_bar(
    drawing: Drawing,
    frame: MapFrame,
    size: float,
    grey: bool,
    box: Box,
    nice: float,
    language: str = "en",
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
    ends = ((x0, "0", "middle"), (x0 + half, format_number_g(nice / 2, language), "middle"))
    for x, text, anchor in (*ends, (x0 + length, _distance(nice, language), "start")):
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
    language: str = "en",
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
            _compass(language, "N", "S")[0],
            fontName=SANS_BOLD,
            fontSize=size * 0.9,
            fillColor=ink,
            textAnchor="middle",
        )
    )
    return (cx - size * 1.2, cy - size * 1.5, cx + size * 1.2, cy + size * 2.4)


@dataclass(frozen=True)
class _LegendRow:
    key: str  # a MapLine style, "layer", "town", "capital" or "modern"
    text: str
    layer: MapLayer | None = None


def _legend_rows(panel: MapPanel) -> list[_LegendRow]:
    """One row per symbol the map uses, in the words the exhibition gives."""
    rows: list[_LegendRow] = []
    seen: set[tuple[str, str]] = set()
    for line in panel.lines:
        if (line.style, line.name) not in seen:
            seen.add((line.style, line.name))
            rows.append(_LegendRow(line.style, line.name))
    for layer in panel.own_layers:
        rows.append(_LegendRow("layer", layer.name, layer))
    legend = panel.legend
    if legend.capitals and any(p.capital for p in panel.places):
        rows.append(_LegendRow("capital", legend.capitals))
    if legend.places and any(not p.capital for p in panel.places):
        rows.append(_LegendRow("town", legend.places))
    if legend.borders and "borders" in panel.base_layers:
        rows.append(_LegendRow("modern", legend.borders))
    return rows


def _legend_lines(rows: list[_LegendRow], size: float, width: float) -> list[list[str]]:
    lsize = size * 0.8
    limit = max(width * 0.42 - size * 4, size * 8)
    return [wrap(row.text, SANS, lsize, limit) or [row.text] for row in rows]


def _legend_size(rows: list[_LegendRow], size: float, width: float) -> tuple[float, float]:
    lsize = size * 0.8
    lines = _legend_lines(rows, size, width)
    text_w = max(text_width(t, SANS, lsize) for block in lines for t in block)
    key_w = size * 2.4
    count = sum(len(block) for block in lines)
    return key_w + text_w + size * 1.6, lsize * 1.25 * count + size * 0.55 * len(rows) + size * 0.8


def _draw_legend(
    drawing: Drawing, rows: list[_LegendRow], box: Box, size: float, grey: bool
) -> None:
    """The legend in ``box``: a key for each row and its words, wrapped."""
    x0, y0, x1, y1 = box
    width = drawing.width
    drawing.add(
        Rect(
            x0,
            y0,
            x1 - x0,
            y1 - y0,
            fillColor=palette.faded(palette.color(palette.PAPER), 0.92),
            strokeColor=palette.color(palette.RULE, grey),
            strokeWidth=0.5,
        )
    )
    lsize = size * 0.8
    y = y1 - size * 0.4
    for row, block in zip(rows, _legend_lines(rows, size, width), strict=True):
        _legend_row(drawing, row, block, x0 + size * 0.6, y, size, grey)
        y -= lsize * 1.25 * len(block) + size * 0.55


def _legend_row(
    drawing: Drawing,
    row: _LegendRow,
    block: list[str],
    kx: float,
    top: float,
    size: float,
    grey: bool,
) -> None:
    """One legend row whose top is at ``top``: its key, then its wrapped words beside it
    (the same in a legend box on the map and in the columns beneath it)."""
    lsize = size * 0.8
    key_w = size * 2.4
    first = top - size * 0.275 - lsize * 0.625
    _legend_key(drawing, row, kx, first, key_w, size, grey)
    ink = palette.color(palette.INK, grey)
    for line_no, text in enumerate(block):
        drawing.add(
            String(
                kx + key_w,
                first - lsize * 0.35 - line_no * lsize * 1.25,
                text,
                fontName=SANS,
                fontSize=lsize,
                fillColor=ink,
            )
        )


def _legend_key(
    drawing: Drawing, row: _LegendRow, kx: float, y: float, key_w: float, size: float, grey: bool
) -> None:
    ink = palette.color(palette.INK, grey)
    end = kx + key_w - size * 0.4
    if row.key in ("front", "border"):
        style = _line_style(
            MapLine(name="x", style=row.key, points=[(0, 0), (0, 1)]), GraphicStyle(size, grey)
        )
        drawing.add(Line(kx, y, end, y, **style))
    elif row.key == "advance":
        drawing.add(_arrow([kx, y, end, y], ink, size * 0.22, size * 0.9))
    elif row.key == "modern":
        drawing.add(
            Line(
                kx,
                y,
                end,
                y,
                strokeColor=palette.color(palette.MUTED, grey),
                strokeWidth=size * 0.07,
                strokeDashArray=[size * 0.5, size * 0.35],
            )
        )
    elif row.key == "layer" and row.layer is not None:
        layer = row.layer
        colour = palette.color(LAYER_COLOURS[layer.colour], grey)
        if layer.style in ("line", "dashed"):
            drawing.add(Line(kx, y, end, y, **_layer_line_style(layer, colour, size)))
        else:
            ring = [
                kx,
                y - size * 0.4,
                end,
                y - size * 0.4,
                end,
                y + size * 0.4,
                kx,
                y + size * 0.4,
            ]
            if layer.style == "area":
                drawing.add(Polygon(ring, fillColor=palette.faded(colour, 0.16), strokeColor=None))
            else:
                for hatch in _hatching(ring, size * 0.55):
                    drawing.add(Line(*hatch, strokeColor=colour, strokeWidth=size * 0.07))
            drawing.add(Polygon(ring, fillColor=None, strokeColor=colour, strokeWidth=size * 0.1))
    else:
        capital = row.key == "capital"
        drawing.add(
            Circle(
                kx + key_w / 2 - size * 0.2,
                y,
                size * (0.42 if capital else 0.3),
                fillColor=ink if capital else palette.color(palette.PAPER),
                strokeColor=ink,
                strokeWidth=size * 0.1,
            )
        )


def _alt_text(panel: MapPanel) -> str:
    towns = ", ".join(f"{p.name} ({p.date})" if p.date else p.name for p in panel.places)
    lines = "; ".join(line.name for line in panel.lines if line.style != "advance")
    return f"Map: {panel.title}. Places: {towns}. Lines: {lines}."
