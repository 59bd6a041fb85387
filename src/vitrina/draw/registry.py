"""The graphic registry: panel kind → drawer function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.graphics.shapes import Drawing

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
    with reportlab_unchecked():  # (a command has it off already, from its start)
        graphic = drawer(panel, width_mm * MM, height_mm * MM, style)
        curl_quotes(graphic.drawing, style.language)
    return graphic
