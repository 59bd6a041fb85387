"""Maps from data: projected base geography, places, front lines and advances."""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String

from vitrina.draw import palette
from vitrina.draw.fonts import SANS, SANS_BOLD, SANS_ITALIC, text_width
from vitrina.draw.geo import load_base_geography
from vitrina.draw.labels import Box, Segment, boxes_overlap, place
from vitrina.draw.projection import MapFrame
from vitrina.draw.registry import Graphic, GraphicStyle, register
from vitrina.model.panels import MapLine, MapPanel


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
    layers = set(panel.layers)
    base = load_base_geography()

    sea = palette.color(palette.WATER if "sea" in layers else palette.PAPER, grey)
    drawing.add(Rect(0, 0, width, height, fillColor=sea, strokeColor=None))
    areas = (
        ("land", base.land, palette.LAND, palette.LAND_EDGE, 0.06),
        ("lakes", base.lakes, palette.WATER, palette.WATER_LINE, 0.04),
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
    if "rivers" in layers:
        for river in base.rivers:
            drawing.add(
                PolyLine(
                    frame.project_many(river),
                    strokeColor=palette.color(palette.WATER_TEXT, grey),
                    strokeWidth=size * 0.13,
                    strokeLineJoin=1,
                    strokeLineCap=1,
                )
            )
    if "borders" in layers:
        for border in base.borders:
            drawing.add(
                PolyLine(
                    frame.project_many(border),
                    strokeColor=muted,
                    strokeWidth=size * 0.07,
                    strokeDashArray=[size * 0.5, size * 0.35],
                    strokeOpacity=0.7,
                )
            )
    degree_labels = _graticule(drawing, panel, frame, size, grey) if "graticule" in layers else []

    # Data lines: front lines, borders, advances (arrows on top).
    line_segments: list[Segment] = []
    for line in sorted(panel.lines, key=lambda ln: ln.style == "advance"):
        flat = frame.project_many([(lon, lat) for lat, lon in line.points])
        line_segments.extend(_segments(flat))
        if line.style == "advance":
            drawing.add(_arrow(flat, palette.color(palette.INK, grey), size * 0.22, size * 1.1))
        else:
            drawing.add(PolyLine(flat, **_line_style(line, style)))

    taken: list[Box] = []
    margin = size * 0.4
    bounds: Box = (margin, margin, width - margin, height - margin)
    # Furniture first, so labels keep clear of it.
    # The legend sits above the row of degree labels along the bottom edge, if there is one.
    legend_bottom = size * (1.2 if degree_labels else 0.8)
    taken.append(_legend(drawing, panel, width, size, grey, legend_bottom))
    taken.append(_scale_bar(drawing, frame, size, grey))
    taken.append(_north_arrow(drawing, panel, frame, width, height, size, grey))
    furniture = list(taken)
    for label in degree_labels:
        if not any(boxes_overlap(label.box, box) for box in furniture):
            drawing.add(label.string)

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
        taken.append((x - radius, y - radius, x + radius, y + radius))
    for place_ in order:
        x, y = frame.project(place_.lon, place_.lat)
        name_size = size * (1.15 if place_.capital else 1.0)
        font = SANS_BOLD if place_.capital else SANS
        detail = " · ".join(t for t in (place_.date, place_.note) if t)
        detail_size = size * 0.78
        w = max(
            text_width(place_.name, font, name_size),
            text_width(detail, SANS, detail_size) if detail else 0,
        )
        h = name_size * 1.05 + (detail_size * 1.15 if detail else 0)
        box = place(x, y, w, h, size * 0.75, taken, line_segments, bounds, clearance=size * 0.6)
        taken.append(box)
        label_boxes.append(box)
        right_aligned = box[2] <= x
        anchor = "end" if right_aligned else ("middle" if box[0] < x < box[2] else "start")
        tx = box[2] if anchor == "end" else (x if anchor == "middle" else box[0])
        _halo_string(
            drawing, tx, box[3] - name_size * 0.82, place_.name, font, name_size, ink, anchor
        )
        if detail:
            colour = palette.color(palette.RED, grey) if place_.date else muted
            _halo_string(
                drawing, tx, box[1] + detail_size * 0.25, detail, SANS, detail_size, colour, anchor
            )

    for label in panel.labels:
        x, y = frame.project(label.lon, label.lat)
        font = SANS_ITALIC if label.style == "water" else SANS
        colour = palette.color(
            palette.WATER_TEXT if label.style == "water" else palette.MUTED, grey
        )
        text = label.text.upper() if label.style == "country" else label.text
        lsize = size * (0.95 if label.style == "water" else 0.9)
        w = text_width(text, font, lsize)
        string = String(
            0, 0, text, fontName=font, fontSize=lsize, fillColor=colour, textAnchor="middle"
        )
        group = Group(string)
        group.translate(x, y)
        group.rotate(label.angle)
        drawing.add(group)
        if label.angle % 180 == 0:
            box = (x - w / 2, y - lsize * 0.25, x + w / 2, y + lsize * 0.8)
        else:
            box = (x - lsize * 0.8, y - w / 2, x + lsize * 0.25, y + w / 2)
        label_boxes.append(box)

    drawing.add(Rect(0, 0, width, height, fillColor=None, strokeColor=ink, strokeWidth=size * 0.08))
    alt = _alt_text(panel)
    return Graphic(drawing, label_boxes, alt)


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
            fillColor=palette.color(palette.LAND),
            fillOpacity=0.82,
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


def _graticule(
    drawing: Drawing, panel: MapPanel, frame: MapFrame, size: float, grey: bool
) -> list[_DegreeLabel]:
    """Meridians and parallels every whole degree, and their labels for the bottom and left
    edges (in a darker blue than the lines, to keep 4.5:1 contrast on land and sea). The
    labels are returned, not drawn: one that the scale bar or legend would cover is left
    out rather than shown cut in half."""
    colour = palette.color(palette.WATER_LINE, grey)
    label_colour = palette.color(palette.WATER_TEXT, grey)
    label_size = size * 0.7
    ext = panel.extent
    steps = [i / 20 for i in range(21)]
    lines: list[tuple[list[tuple[float, float]], tuple[float, float], str]] = []
    for lon in range(math.ceil(ext.west), math.floor(ext.east) + 1):
        x, _y = frame.project(lon, ext.south)
        points = [(lon, ext.south + (ext.north - ext.south) * t) for t in steps]
        lines.append((points, (x + size * 0.2, size * 0.35), f"{lon}°E"))
    for lat in range(math.ceil(ext.south), math.floor(ext.north) + 1):
        _x, y = frame.project(ext.west, lat)
        points = [(ext.west + (ext.east - ext.west) * t, lat) for t in steps]
        lines.append((points, (size * 0.3, y + size * 0.2), f"{lat}°N"))
    labels = []
    for points, (label_x, label_y), label in lines:
        drawing.add(
            PolyLine(
                frame.project_many(points),
                strokeColor=colour,
                strokeWidth=size * 0.03,
                strokeOpacity=0.35,
            )
        )
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


def _scale_bar(drawing: Drawing, frame: MapFrame, size: float, grey: bool) -> Box:
    """A bar of a round number of km, about a fifth of the map's width."""
    ink = palette.color(palette.INK, grey)
    target_m = frame.width / 5 * frame.metres_per_point()
    km = max(1, target_m / 1000)
    magnitude = 10 ** math.floor(math.log10(km))
    nice = max(m * magnitude for m in (1, 2, 5) if m * magnitude <= km)
    length = nice * 1000 * frame.scale
    x0, y0 = size * 1.2, size * 1.8
    h = size * 0.35
    drawing.add(
        Rect(
            x0 - size * 0.5,
            y0 - size * 0.7,
            length + size * 3.5,
            size * 2.4,
            fillColor=palette.color(palette.PAPER),
            strokeColor=None,
            fillOpacity=0.85,
        )
    )
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
    for x, text in ((x0, "0"), (x0 + half, f"{nice / 2:g}"), (x0 + length, f"{nice:g} km")):
        drawing.add(
            String(
                x,
                y0 + h + size * 0.3,
                text,
                fontName=SANS,
                fontSize=size * 0.7,
                fillColor=ink,
                textAnchor="start" if text.endswith("km") else "middle",
            )
        )
    return (x0 - size * 0.5, y0 - size * 0.7, x0 + length + size * 3, y0 + size * 1.7)


def _north_arrow(
    drawing: Drawing,
    panel: MapPanel,
    frame: MapFrame,
    width: float,
    height: float,
    size: float,
    grey: bool,
) -> Box:
    ink = palette.color(palette.INK, grey)
    cx, cy = width - size * 2, height - size * 3.2
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
            "N",
            fontName=SANS_BOLD,
            fontSize=size * 0.9,
            fillColor=ink,
            textAnchor="middle",
        )
    )
    return (cx - size * 1.2, cy - size * 1.5, cx + size * 1.2, cy + size * 2.4)


def _legend(
    drawing: Drawing, panel: MapPanel, width: float, size: float, grey: bool, bottom: float
) -> Box:
    """Legend in the lower right: one row per line style used, towns, modern borders."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for line in panel.lines:
        if line.style not in seen:
            seen.add(line.style)
            rows.append((line.style, line.name))
    if panel.places:
        rows.append(("town", "Town, with the date it was taken"))
    if "borders" in panel.layers:
        rows.append(("modern", "Modern borders, for orientation"))
    lsize = size * 0.8
    row_h = lsize * 1.6
    key_w = size * 2.4
    text_w = max(text_width(text, SANS, lsize) for _k, text in rows) if rows else 0
    box_w = key_w + text_w + size * 1.6
    box_h = row_h * len(rows) + size * 0.8
    x0 = width - box_w - size * 0.8
    y0 = bottom
    drawing.add(
        Rect(
            x0,
            y0,
            box_w,
            box_h,
            fillColor=palette.color(palette.PAPER),
            strokeColor=palette.color(palette.RULE, grey),
            strokeWidth=0.5,
            fillOpacity=0.92,
        )
    )
    ink = palette.color(palette.INK, grey)
    for index, (key, text) in enumerate(rows):
        y = y0 + box_h - size * 0.4 - (index + 0.5) * row_h
        kx = x0 + size * 0.6
        if key == "front":
            style = _line_style(
                MapLine(name="x", style="front", points=[(0, 0), (0, 1)]), GraphicStyle(size, grey)
            )
            drawing.add(Line(kx, y, kx + key_w - size * 0.4, y, **style))
        elif key == "advance":
            drawing.add(_arrow([kx, y, kx + key_w - size * 0.4, y], ink, size * 0.22, size * 0.9))
        elif key in ("border", "modern"):
            drawing.add(
                Line(
                    kx,
                    y,
                    kx + key_w - size * 0.4,
                    y,
                    strokeColor=palette.color(palette.MUTED, grey),
                    strokeWidth=size * 0.07,
                    strokeDashArray=[size * 0.5, size * 0.35],
                )
            )
        else:
            drawing.add(
                Circle(
                    kx + key_w / 2 - size * 0.2,
                    y,
                    size * 0.3,
                    fillColor=palette.color(palette.PAPER),
                    strokeColor=ink,
                    strokeWidth=size * 0.1,
                )
            )
        drawing.add(
            String(kx + key_w, y - lsize * 0.35, text, fontName=SANS, fontSize=lsize, fillColor=ink)
        )
    return (x0, y0, x0 + box_w, y0 + box_h)


def _alt_text(panel: MapPanel) -> str:
    towns = ", ".join(f"{p.name} ({p.date})" if p.date else p.name for p in panel.places)
    lines = "; ".join(line.name for line in panel.lines if line.style != "advance")
    return f"Map: {panel.title}. Places: {towns}. Lines: {lines}."
