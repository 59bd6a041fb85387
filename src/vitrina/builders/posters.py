"""Posters: one PDF per panel, exactly one page each, fitted down to a floor type size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vitrina.builders.base import BuildContext, people_of
from vitrina.draw import GraphicStyle, draw_panel
from vitrina.errors import BuildError, Location
from vitrina.finish.marks import add_crop_marks
from vitrina.model.common import PageSize, parse_page_size
from vitrina.output import Output
from vitrina.render.pdf import used_height_mm
from vitrina.resolve.layouts import render_template
from vitrina.validate import PanelEntry

#: Body size on an A1 poster; other sizes scale with the paper's short side.
A1_BODY_PT = 32.0
#: Each fitting step shrinks the type by this factor.
FIT_STEP = 0.95
#: Graphic labels relative to the body size (19.2 pt on A1: captions ≥ 18 pt).
GRAPHIC_RATIO = 0.6


@dataclass(frozen=True)
class PosterGeometry:
    """Page, margins and type size of one poster, in mm and pt."""

    page: PageSize
    body_pt: float
    bleed_mm: float = 3.0

    @property
    def margin_mm(self) -> float:
        return round(min(self.page.width_mm, self.page.height_mm) * 0.07, 1)

    @property
    def foot_mm(self) -> float:
        """Room at the bottom for the running foot (source line, exhibition line)."""
        return self.margin_mm + self.body_pt * 2.9 * 25.4 / 72

    @property
    def content_width_mm(self) -> float:
        return self.page.width_mm - 2 * self.margin_mm

    @property
    def content_height_mm(self) -> float:
        return self.page.height_mm - self.margin_mm - self.foot_mm

    def page_css(self) -> str:
        return (
            f"@page {{ size: {self.page.css}; margin: {self.margin_mm}mm {self.margin_mm}mm "
            f"{self.foot_mm:.1f}mm; background: #f7f3ea; bleed: {self.bleed_mm}mm; "
            "@bottom-center { content: element(posterfoot); "
            f"width: {self.content_width_mm:.1f}mm; "
            f"vertical-align: top; padding-top: {self.body_pt * 0.4:.1f}pt; }} }}\n"
            f"html {{ font-size: {self.body_pt:.2f}pt; }}\n"
            ".poster-foot { position: running(posterfoot); }\n"
        )


def poster_page(entry: PanelEntry, context: BuildContext) -> PageSize:
    settings = context.exhibit.exhibition.posters
    own = entry.panel.poster
    return parse_page_size(own.size or settings.size, own.orientation or settings.orientation)


def graphic_box(kind: str, geometry: PosterGeometry) -> tuple[float, float]:
    """Width and height (mm) of a panel's graphic on the poster."""
    width, height = geometry.content_width_mm, geometry.content_height_mm
    if kind == "timeline":
        return width * 0.56, height * 0.62
    if kind == "map":
        return width, height * 0.52
    return width, height * 0.3


def _graphic(entry: PanelEntry, geometry: PosterGeometry, label_pt: float) -> Any:
    """The panel's graphic at this poster's size (None for text kinds). Its labels keep
    ``label_pt`` when the text is fitted down: the graphic's box does not shrink with the
    type, and its smallest print must stay readable from a step away."""
    if not entry.panel.graphic:
        return None
    width, height = graphic_box(entry.kind, geometry)
    style = GraphicStyle(font_pt=label_pt)
    graphic = draw_panel(entry.panel, width, height, style)
    if graphic is not None and graphic.height_mm > height:
        # Too tall for its box (a tall map): draw it narrower, keeping its shape.
        graphic = draw_panel(entry.panel, width * height / graphic.height_mm, height, style)
    return graphic


def render_poster(entry: PanelEntry, context: BuildContext) -> Output:
    exhibition = context.exhibit.exhibition
    page = poster_page(entry, context)
    bleed = exhibition.posters.bleed_mm
    full = PosterGeometry(page, A1_BODY_PT * min(page.width_mm, page.height_mm) / 594, bleed)
    floor = exhibition.posters.min_body_pt * full.body_pt / A1_BODY_PT
    stylesheets = context.stylesheets("base.css", "poster.css")
    base_context = context.template_context()
    scale = 1.0
    while True:
        geometry = PosterGeometry(page, full.body_pt * scale, bleed)
        graphic = _graphic(entry, geometry, full.body_pt * GRAPHIC_RATIO)
        html = render_template(
            context.env,
            "poster.html",
            {
                **base_context,
                "entry": entry,
                "panel": entry.panel,
                "people": people_of(entry.panel),
                "graphic": graphic,
            },
        )
        document = context.session.render(
            html,
            [*stylesheets, context.session.css_string(geometry.page_css())],
            **context.render_options,
        )
        if len(document.pages) == 1:
            break
        used = (len(document.pages) - 1) * geometry.content_height_mm + used_height_mm(
            document.pages[-1]
        )
        at_floor = geometry.body_pt <= floor + 1e-6
        if at_floor:
            over = used - geometry.content_height_mm
            raise BuildError(
                f"the panel '{entry.id}' does not fit on one {page.name} poster even with "
                f"body text at {geometry.body_pt:.1f} pt: it is over by about {over:.0f} mm "
                f"of the {geometry.content_height_mm:.0f} mm available",
                Location(entry.doc.path),
                hint="shorten the text, choose a larger poster size, or lower "
                "posters: min_body_pt in exhibition.yaml",
            )
        # Text area grows with the square of the type size: jump near the size that fits,
        # then step down; never below the floor (tried last, once).
        estimate = scale * (geometry.content_height_mm / max(used, 1e-6)) ** 0.5
        scale = max(min(scale * FIT_STEP, estimate), floor / full.body_pt)
    notes = list(graphic.notes) if graphic is not None else []
    if scale < 1.0:
        notes.append(f"type fitted down to {geometry.body_pt:.1f} pt to fit one page")
    pdf = context.write_pdf(document, f"poster:{entry.id}:{exhibition.title}")
    if exhibition.posters.crop_marks:
        pdf = add_crop_marks(pdf, bleed)
    return Output(
        context.folder / "posters" / f"{entry.id}.pdf", pdf, notes, "poster", entry.doc.path
    )


def build(context: BuildContext) -> list[Output]:
    """Every panel's poster."""
    return [render_poster(entry, context) for entry in context.exhibit.panels]
