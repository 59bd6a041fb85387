"""The graphic registry: panel kind → drawer function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.graphics.shapes import Drawing

from vitrina.draw.bilingual import joined_words
from vitrina.draw.svg import drawing_to_svg
from vitrina.draw.typography import curl_quotes
from vitrina.model.panels import PanelBase
from vitrina.output import Note
from vitrina.process import reportlab_unchecked

MM = 72 / 25.4  # points per millimetre


@dataclass(frozen=True)
class GraphicStyle:
    """How big and in what colours to draw: one YAML, many sizes."""

    font_pt: float = 9.0
    """Size of ordinary labels in points; titles and small print scale from it."""
    grey: bool = False
    """Draw for black-and-white printing: no colour, distinctions by line and pattern."""
    language: str = "en"
    """The language of vitrina's own words in the graphic (axis, scale, compass points),
    of its dates and numbers, and of its quotation marks."""
    fill: bool = False
    """Take the whole box: a chart's rows share out the height it is given (up to 2.5
    times their own), where otherwise a chart takes only the room its bars need. A poster's
    graphic fills its field; a booklet's stays compact."""
    also: tuple[tuple[str, PanelBase], ...] = field(default=(), compare=False, hash=False)
    """The same panel in the exhibition's other languages, as (language, panel) pairs (on
    a bilingual poster): every word the graphic draws from the YAML is given in them too,
    after the primary language's (see ``vitrina.draw.bilingual``)."""


@dataclass
class Graphic:
    """A drawn graphic: the ReportLab drawing plus the boxes of its labels (for checks)."""

    drawing: Drawing
    label_boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    alt: str = ""
    notes: list[Note] = field(default_factory=list)
    """What the drawer could not do cleanly (a label it had to overprint), for the build's
    report: a curator can act on each."""

    @property
    def width_mm(self) -> float:
        return self.drawing.width / MM

    @property
    def height_mm(self) -> float:
        return self.drawing.height / MM

    def svg(self) -> str:
        return drawing_to_svg(self.drawing, self.alt)


Drawer = Callable[[PanelBase, float, float, GraphicStyle], Graphic]
DRAWERS: dict[str, Drawer] = {}


def register(kind: str) -> Callable[[Drawer], Drawer]:
    """Decorator: register a drawer for a panel kind."""

    def wrap(func: Drawer) -> Drawer:
        DRAWERS[kind] = func
        return func

    return wrap


def draw_panel(
    panel: PanelBase, width_mm: float, height_mm: float, style: GraphicStyle
) -> Graphic | None:
    """The panel's graphic at the given box size, or None for kinds without one."""
    drawer = DRAWERS.get(panel.kind)
    if drawer is None:
        return None
    for language, other in style.also:
        panel = _with_second_words(panel, other, language)
    with reportlab_unchecked():  # (a command has it off already, from its start)
        graphic = drawer(panel, width_mm * MM, height_mm * MM, style)
        curl_quotes(graphic.drawing, style.language)
    return graphic


def _with_second_words(panel: PanelBase, other: PanelBase, language: str) -> PanelBase:
    """The short words of a map (its legend, its lines' and layers' names) and of a chart
    (its legend: the bars' groups) followed by their ``language`` version, as
    "Front line / Fronto linija" (a bilingual poster draws one graphic); other kinds, and
    versions that do not match item for item, are left as they are. The words set on the
    map itself (a place's name and note, a line's label, a free label), a chart's bars
    and a timeline's events are set by the drawers, which give them lines of their own."""
    from vitrina.model.panels import ChartPanel, MapPanel

    def joined(first: str | None, second: str | None) -> str | None:
        return joined_words(first, second, language)

    if isinstance(panel, MapPanel) and isinstance(other, MapPanel):
        if len(other.lines) != len(panel.lines) or len(other.layers) != len(panel.layers):
            return panel
        lines = [
            line.model_copy(update={"name": joined(line.name, own.name)})
            for line, own in zip(panel.lines, other.lines, strict=True)
        ]
        layers = [  # a copy keeps the shapes read from the layer's GeoJSON file
            layer.model_copy(update={"name": joined(layer.name, own.name)})
            if hasattr(layer, "name") and hasattr(own, "name")
            else layer
            for layer, own in zip(panel.layers, other.layers, strict=True)
        ]
        legend = panel.legend.model_copy(
            update={
                key: joined(getattr(panel.legend, key), getattr(other.legend, key))
                for key in ("places", "capitals", "borders")
            }
        )
        return panel.model_copy(update={"lines": lines, "layers": layers, "legend": legend})
    if isinstance(panel, ChartPanel) and isinstance(other, ChartPanel):
        if len(other.bars) != len(panel.bars):
            return panel
        bars = [
            bar.model_copy(update={"group": joined(bar.group, own.group)})
            for bar, own in zip(panel.bars, other.bars, strict=True)
        ]
        return panel.model_copy(update={"bars": bars})
    return panel
