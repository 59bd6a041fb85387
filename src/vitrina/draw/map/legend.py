"""The map's legend: one row per symbol the map uses, in the exhibition's own words, set
in a corner of the map or, when it would hide too much of a small map, in columns on the
paper beneath it."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String

from vitrina.draw import palette
from vitrina.draw.bilingual import SECOND_FONT, differs, own_words
from vitrina.draw.fonts import SANS, text_width, wrap
from vitrina.draw.labels import Box
from vitrina.draw.map.layers import LAYER_COLOURS, hatching, layer_line_style
from vitrina.draw.map.lines import arrow, line_style
from vitrina.draw.registry import GraphicStyle
from vitrina.model.panels import MapLayer, MapLine, MapPanel

#: A legend larger than this share of the map's area is set under the map.
LEGEND_SHARE = 0.1


@dataclass(frozen=True)
class LegendRow:
    """One row of the legend: which key to draw and the exhibition's words for it."""

    key: str  # a MapLine style, "layer", "town", "capital" or "modern"
    text: str
    layer: MapLayer | None = None
    seconds: tuple[str, ...] = ()
    """The words in the exhibition's other languages (a bilingual poster), where they
    differ: set under the first, in the second language's italic."""


#: A legend row's words as lines of (text, font, colour key: "ink" or "second").
Block = list[tuple[str, str, str]]


def legend_rows(panel: MapPanel, also: tuple[tuple[str, MapPanel], ...] = ()) -> list[LegendRow]:
    """One row per symbol the map uses, in the words the exhibition gives (and in its
    other languages, ``also``, where a version matches the panel item for item)."""
    versions = [
        other
        for _language, other in also
        if isinstance(other, MapPanel)
        and len(other.lines) == len(panel.lines)
        and len(other.layers) == len(panel.layers)
    ]
    languages = [language for language, other in also if other in versions]

    def seconds(first: str, texts: list[str | None]) -> tuple[str, ...]:
        return tuple(
            own_words(text or "", language)
            for language, text in zip(languages, texts, strict=True)
            if differs(first, text)
        )

    rows: list[LegendRow] = []
    seen: set[tuple[str, str]] = set()
    for index, line in enumerate(panel.lines):
        if (line.style, line.name) not in seen:
            seen.add((line.style, line.name))
            own = seconds(line.name, [v.lines[index].name for v in versions])
            rows.append(LegendRow(line.style, line.name, seconds=own))
    for index, layer in enumerate(panel.layers):
        if isinstance(layer, MapLayer):
            names = [getattr(v.layers[index], "name", None) for v in versions]
            rows.append(LegendRow("layer", layer.name, layer, seconds(layer.name, names)))
    legend = panel.legend
    for key, field, shown in (
        ("capital", "capitals", any(p.capital for p in panel.places)),
        ("town", "places", any(not p.capital for p in panel.places)),
        ("modern", "borders", "borders" in panel.base_layers),
    ):
        text = getattr(legend, field)
        if text and shown:
            own = seconds(text, [getattr(v.legend, field) for v in versions])
            rows.append(LegendRow(key, text, seconds=own))
    return rows


def _block(row: LegendRow, lsize: float, limit: float) -> Block:
    """The row's words wrapped to ``limit``: its own, then its other languages'."""
    lines = [(t, SANS, "ink") for t in wrap(row.text, SANS, lsize, limit) or [row.text]]
    for text in row.seconds:
        lines += [(t, SECOND_FONT, "second") for t in wrap(text, SECOND_FONT, lsize, limit)]
    return lines


def _legend_lines(rows: list[LegendRow], size: float, width: float) -> list[Block]:
    lsize = size * 0.8
    limit = max(width * 0.42 - size * 4, size * 8)
    return [_block(row, lsize, limit) for row in rows]


def legend_size(rows: list[LegendRow], size: float, width: float) -> tuple[float, float]:
    """Width and height of the legend box on a map ``width`` points wide."""
    lsize = size * 0.8
    lines = _legend_lines(rows, size, width)
    text_w = max(text_width(t, font, lsize) for block in lines for t, font, _c in block)
    key_w = size * 2.4
    count = sum(len(block) for block in lines)
    return key_w + text_w + size * 1.6, lsize * 1.25 * count + size * 0.55 * len(rows) + size * 0.8


def draw_legend(drawing: Drawing, rows: list[LegendRow], box: Box, size: float, grey: bool) -> None:
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


def with_legend_below(
    drawing: Drawing, rows: list[LegendRow], boxes: list[Box], size: float, grey: bool
) -> tuple[Drawing, list[Box]]:
    """The map moved up, with the legend in columns on the paper beneath it."""
    width = drawing.width
    lsize = size * 0.8
    key_w = size * 2.4
    columns = max(1, min(3, int(width // (size * 18)), len(rows)))
    col_w = width / columns
    limit = col_w - key_w - size * 1.2
    blocks = [_block(row, lsize, limit) for row in rows]
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


def _legend_row(
    drawing: Drawing,
    row: LegendRow,
    block: Block,
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
    colours = {
        "ink": palette.color(palette.INK, grey),
        "second": palette.color(palette.SECOND, grey),
    }
    for line_no, (text, font, colour) in enumerate(block):
        drawing.add(
            String(
                kx + key_w,
                first - lsize * 0.35 - line_no * lsize * 1.25,
                text,
                fontName=font,
                fontSize=lsize,
                fillColor=colours[colour],
            )
        )


def _legend_key(
    drawing: Drawing, row: LegendRow, kx: float, y: float, key_w: float, size: float, grey: bool
) -> None:
    """The row's symbol, drawn as the map draws it."""
    ink = palette.color(palette.INK, grey)
    end = kx + key_w - size * 0.4
    if row.key in ("front", "border"):
        style = line_style(
            MapLine(name="x", style=row.key, points=[(0, 0), (0, 1)]), GraphicStyle(size, grey)
        )
        drawing.add(Line(kx, y, end, y, **style))
    elif row.key == "advance":
        drawing.add(arrow([kx, y, end, y], ink, size * 0.22, size * 0.9))
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
            drawing.add(Line(kx, y, end, y, **layer_line_style(layer, colour, size)))
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
                for hatch in hatching(ring, size * 0.55):
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
