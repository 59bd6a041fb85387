"""The booklet: an A5 catalogue with cover, contents, one section per panel, sources and
colophon."""

from __future__ import annotations

from vitrina.builders.base import BuildContext
from vitrina.draw import GraphicStyle, draw_panel
from vitrina.finish.imposition import impose
from vitrina.finish.marks import LENGTH_MM, OFFSET_MM
from vitrina.model.common import PageSize, parse_page_size
from vitrina.output import Output
from vitrina.resolve.layouts import render_template

#: Page margins in mm: top, outside, bottom, inside (gutter).
MARGINS_MM = (18.0, 15.0, 20.0, 19.0)
GRAPHIC_FONT_PT = 8.0


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

    def render(blank_pages: int):  # noqa: ANN202
        html = render_template(
            context.env,
            "booklet.html",
            {
                **context.template_context(),
                "graphics": graphics,
                "booklet_title": exhibition.booklet.title or exhibition.title,
                "blank_pages": blank_pages,
            },
        )
        return context.session.render(html, stylesheets, **context.render_options)

    page_css = (
        f"@page {{ size: {page.css}; margin: {top}mm {outside}mm {bottom}mm {inside}mm; }}\n"
        f"@page :left {{ margin-left: {outside}mm; margin-right: {inside}mm; }}\n"
    )
    stylesheets = [
        *context.stylesheets("base.css", "booklet.css"),
        context.session.css_string(page_css),
    ]
    document = render(0)
    # A folded booklet has a multiple of 4 pages: blank pages go before the colophon, which
    # stays on the last page. Rendering again keeps contents and page numbers right.
    missing = -len(document.pages) % 4
    if missing:
        document = render(missing)
    pdf = context.write_pdf(document, f"booklet:{exhibition.title}")
    notes = [f"{len(document.pages)} pages"]
    if missing:
        notes.append(f"{missing} blank page{'s' if missing > 1 else ''} added before the colophon")
    outputs = [Output(context.folder / "booklet.pdf", pdf, notes, "booklet")]
    if context.variant != "archive":  # the archive keeps the reading copy only
        outputs.append(_imposed(pdf, page, context))
    return outputs


def _imposed(pdf: bytes, page: PageSize, context: BuildContext) -> Output:
    """The booklet two-up on press sheets in saddle-stitch order, with marks if there is room."""
    settings = context.exhibit.exhibition.booklet.imposition
    sheet = parse_page_size(settings.sheet, "landscape")
    room = min(sheet.width_mm - 2 * page.width_mm, sheet.height_mm - page.height_mm) / 2
    marks = settings.marks and room >= OFFSET_MM + LENGTH_MM
    imposed = impose(pdf, (sheet.width_mm, sheet.height_mm), settings.creep_mm, marks)
    notes = [f"saddle-stitch sheets on {sheet.name}"]
    if settings.marks and not marks:
        notes.append("no room for marks outside the trim on this sheet")
    return Output(context.folder / "booklet-imposed.pdf", imposed, notes, "imposed")
