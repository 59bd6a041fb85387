"""The booklet: an A5 catalogue with cover, contents, one section per panel, sources and
colophon."""

from __future__ import annotations

from pathlib import Path

from vitrina.builders.base import BuildContext, Output
from vitrina.draw import GraphicStyle, draw_panel
from vitrina.model.common import parse_page_size
from vitrina.resolve.layouts import render_template

#: Page margins in mm: top, outside, bottom, inside (gutter).
MARGINS_MM = (18.0, 15.0, 20.0, 19.0)
GRAPHIC_FONT_PT = 7.0


def build(context: BuildContext) -> list[Output]:
    exhibition = context.exhibit.exhibition
    page = parse_page_size(exhibition.booklet.size)
    top, outside, bottom, inside = MARGINS_MM
    width_mm = page.width_mm - outside - inside
    height_mm = page.height_mm - top - bottom
    style = GraphicStyle(font_pt=GRAPHIC_FONT_PT)
    graphics = {}
    for entry in context.exhibit.panels:
        if not entry.panel.graphic:
            continue
        box_height = height_mm * (0.6 if entry.kind == "timeline" else 0.55)
        graphic = draw_panel(entry.panel, width_mm, box_height, style)
        if graphic is not None and graphic.height_mm > height_mm * 0.8:
            graphic = draw_panel(
                entry.panel,
                width_mm * height_mm * 0.8 / graphic.height_mm,
                height_mm * 0.8,
                style,
            )
        graphics[entry.id] = graphic
    html = render_template(
        context.env,
        "booklet.html",
        {
            **context.template_context(),
            "graphics": graphics,
            "booklet_title": exhibition.booklet.title or exhibition.title,
        },
    )
    page_css = (
        f"@page {{ size: {page.css}; margin: {top}mm {outside}mm {bottom}mm {inside}mm; }}\n"
        f"@page :left {{ margin-left: {outside}mm; margin-right: {inside}mm; }}\n"
    )
    document = context.session.render(
        html,
        [*context.stylesheets("base.css", "booklet.css"), context.session.css_string(page_css)],
    )
    pdf = context.session.write(
        document, identity=f"booklet:{exhibition.title}", epoch=context.epoch
    )
    return [Output(Path("booklet.pdf"), pdf, [f"{len(document.pages)} pages"])]
