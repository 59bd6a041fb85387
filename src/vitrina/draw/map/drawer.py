"""The map drawer: the order in which a map is built up, each step in its own module.

Bottom to top: base geography (``base``), the exhibition's GeoJSON layers (``layers``),
the graticule (``graticule``), the data lines (``lines``); then the furniture
(``furniture``: legend, scale bar, north arrow), which names keep clear of; then the
markers and names (``places``, ``names``), the frame, and a legend set under a small map
(``legend``). The order matters twice: later things are drawn over earlier ones, and
every name is placed clear of what was placed before it.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Rect

from vitrina.draw import palette
from vitrina.draw.labels import Box, Segment
from vitrina.draw.map.base import draw_base
from vitrina.draw.map.furniture import draw_furniture
from vitrina.draw.map.graticule import graticule
from vitrina.draw.map.layers import own_layer
from vitrina.draw.map.legend import with_legend_below
from vitrina.draw.map.lines import draw_lines
from vitrina.draw.map.names import draw_free_labels, draw_line_labels
from vitrina.draw.map.places import draw_markers, draw_place_names, marker_boxes
from vitrina.draw.projection import MapFrame
from vitrina.draw.registry import Graphic, GraphicStyle, register
from vitrina.model.panels import MapPanel
from vitrina.output import Note, NoteKind


@register("map")
def draw_map(panel: MapPanel, width: float, height: float, style: GraphicStyle) -> Graphic:
    """The map at ``width`` points; its height follows from the projected extent."""
    size = style.font_pt
    grey = style.grey
    panel = within_extent(panel)
    frame = MapFrame.fit(panel.extent, panel.projection, width)
    height = frame.height
    drawing = Drawing(width, height)
    notes: list[tuple[str, bool]] = []  # names not placed cleanly: (what, left out?)
    # Compass letters in every language of the poster ('Š/N'), where they differ.
    languages = (style.language, *(code for code, _other in style.also))

    soft = draw_base(drawing, panel, frame, style)  # labels keep off these when they can
    hard: list[Segment] = []  # the exhibition's own lines: labels never cross them
    for own in panel.own_layers:
        # A label may stand inside an area (on its halo), so area outlines are soft.
        (hard if own.style in ("line", "dashed") else soft).extend(
            own_layer(drawing, own, frame, size, grey)
        )
    degree_labels = (
        graticule(drawing, panel, frame, size, grey, languages)
        if "graticule" in panel.base_layers
        else []
    )
    hard.extend(draw_lines(drawing, panel, frame, style))

    margin = size * 0.4
    bounds: Box = (margin, margin, width - margin, height - margin)
    markers = marker_boxes(panel, frame, size)
    furniture = draw_furniture(drawing, panel, frame, style, markers, hard, degree_labels)
    taken = furniture.taken

    draw_markers(drawing, panel, frame, size, grey)
    taken.extend(markers)
    label_boxes = draw_line_labels(
        drawing, panel, frame, size, grey, taken, bounds, notes, style.also
    )
    label_boxes += draw_place_names(
        drawing,
        panel,
        frame,
        size,
        grey,
        taken,
        list(label_boxes),
        markers,
        hard,
        soft,
        bounds,
        notes,
        style.also,
    )
    label_boxes += draw_free_labels(
        drawing, panel, frame, size, grey, taken, hard, bounds, notes, style.also
    )

    ink = palette.color(palette.INK, grey)
    drawing.add(Rect(0, 0, width, height, fillColor=None, strokeColor=ink, strokeWidth=size * 0.08))
    if furniture.legend_below:
        drawing, label_boxes = with_legend_below(
            drawing, furniture.legend_rows, label_boxes, size, grey
        )
    graphic = Graphic(drawing, label_boxes, _alt_text(panel))
    graphic.notes = [
        Note(
            f"map '{panel.title}': {what} "
            + (
                "has no room clear of the other names, markers, scale bar and legend at "
                "this size, so it is left out: shorten it, move it or give the map more room"
                if left_out
                else "could not be placed clear of the lines; it is printed across one: "
                "move it, shorten it or enlarge the map"
            ),
            NoteKind.GRAPHIC_LABEL,
        )
        for what, left_out in notes
    ]
    return graphic


def within_extent(panel: MapPanel) -> MapPanel:
    """The panel without the places, free labels and lines that lie outside its extent
    (`check` warns about each): their markers would fall off the map while their names
    were pushed in at its edge, naming open sea."""
    ext = panel.extent
    places = [p for p in panel.places if ext.contains(p.lon, p.lat)]
    labels = [label for label in panel.labels if ext.contains(label.lon, label.lat)]
    lines = [ln for ln in panel.lines if ext.meets_line([(lon, lat) for lat, lon in ln.points])]
    if (len(places), len(labels), len(lines)) == (
        len(panel.places),
        len(panel.labels),
        len(panel.lines),
    ):
        return panel
    return panel.model_copy(update={"places": places, "labels": labels, "lines": lines})


def _alt_text(panel: MapPanel) -> str:
    """The map in words, for the PDF's alternative text."""
    towns = ", ".join(f"{p.name} ({p.date})" if p.date else p.name for p in panel.places)
    lines = "; ".join(line.name for line in panel.lines if line.style != "advance")
    return f"Map: {panel.title}. Places: {towns}. Lines: {lines}."
