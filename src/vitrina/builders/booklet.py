"""The booklet: an A5 catalogue with cover, contents, one section per panel, sources and
colophon."""

from __future__ import annotations

from typing import Any, TypeVar

from vitrina.builders.base import BuildContext
from vitrina.draw import GraphicStyle, draw_panel
from vitrina.model.common import PageSize, parse_page_size
from vitrina.output import Output
from vitrina.resolve.layouts import render_template

#: Page margins in mm: top, outside, bottom, inside (gutter).
MARGINS_MM = (18.0, 15.0, 20.0, 19.0)
GRAPHIC_FONT_PT = 8.0
#: Bleed around every booklet page (mm): what touches the trim (the cover's flood) runs
#: this far past it, as on the posters; the imposed sheets keep it on their outer edges.
BLEED_MM = 3.0
#: A blank page for padding, laid out on its own with nothing but the page size (so with no
#: running head or page number, whatever the curator's own stylesheets say).
BLANK_PAGE = '<div style="break-before: page; height: 1mm"></div>'

Page = TypeVar("Page")


def build(context: BuildContext) -> list[Output]:
    """The reading booklet and, except in the archive variant, its imposed press sheets:
    one of each per language of the exhibition (`booklet-lt.pdf`, `booklet-en.pdf`)."""
    outputs = []
    for language in context.languages:
        own = context.in_language(language)
        pdf, notes = booklet_pdf(own)
        outputs.append(Output(own.folder / own.output_name("booklet.pdf"), pdf, notes, "booklet"))
        if own.variant != "archive":  # the archive keeps the reading copy only
            page = parse_page_size(own.exhibit.exhibition.booklet.size)
            outputs.append(_imposed(pdf, page, own))
    return outputs


def booklet_pdf(context: BuildContext) -> tuple[bytes, list[str]]:
    """The booklet's PDF, laid out once, and notes on its pages and padding."""
    exhibition = context.exhibit.exhibition
    page = parse_page_size(exhibition.booklet.size)
    top, outside, bottom, inside = MARGINS_MM
    width_mm = page.width_mm - outside - inside
    height_mm = page.height_mm - top - bottom
    style = GraphicStyle(font_pt=GRAPHIC_FONT_PT, language=context.language)
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

    page_css = (
        f"@page {{ size: {page.css}; margin: {top}mm {outside}mm {bottom}mm {inside}mm; "
        f"bleed: {BLEED_MM}mm; }}\n"
        f"@page :left {{ margin-left: {outside}mm; margin-right: {inside}mm; }}\n"
    )
    page_style = context.session.css_string(page_css)
    stylesheets = [*context.stylesheets("base.css", "booklet.css"), page_style]
    html = render_template(
        context.env,
        "booklet.html",
        {
            **context.template_context(),
            "graphics": graphics,
            "booklet_title": exhibition.booklet.title or exhibition.title,
        },
    )
    laid_out = context.session.render(html, stylesheets, **context.render_options)
    missing = -len(laid_out.pages) % 4
    blanks = []
    if missing:
        blank_html = f"<html><body>{BLANK_PAGE * missing}</body></html>"
        blanks = context.session.render(blank_html, [page_style], **context.render_options).pages
    pages, padding = pad_to_fold(laid_out.pages, _colophon_start(laid_out.pages), blanks)
    document = laid_out.copy(pages)
    pdf = context.write_pdf(document, f"booklet:{context.language}:{exhibition.title}")
    notes = [f"{len(pages)} pages"]
    if padding:
        notes.append(padding)
    notes += [note for graphic in graphics.values() if graphic for note in graphic.notes]
    return pdf, notes


def _colophon_start(pages: list[Any]) -> int:
    """The index of the page where the colophon begins (the last page if there is none,
    as in a layout of the curator's own without it)."""
    for index, page in enumerate(pages):
        if "colophon" in page.anchors:
            return index
    return len(pages) - 1


def pad_to_fold(pages: list[Page], colophon: int, blanks: list[Page]) -> tuple[list[Page], str]:
    """The booklet's pages padded to a multiple of 4 with blank pages (laid out apart from
    the booklet), and a note saying where they went.

    The colophon starts on a left page (even number), so when it takes one page the booklet
    is short by 0 or 2 pages, and two blank pages in front of it keep it on the left, as
    the last page. A colophon running over more pages can leave an odd number missing:
    those blank pages go at the very end, which keeps every page on its side. Either way
    the booklet is laid out only once (the contents do not list the colophon and its page
    has no number, so nothing printed changes).
    """
    missing = -len(pages) % 4
    if not missing:
        return list(pages), ""
    if len(blanks) < missing:
        raise ValueError(f"{missing} blank pages needed, {len(blanks)} given")
    plural = "s" if missing > 1 else ""
    if missing % 2 == 0:
        padded = [*pages[:colophon], *blanks[:missing], *pages[colophon:]]
        return padded, f"{missing} blank page{plural} added before the colophon"
    return [*pages, *blanks[:missing]], f"{missing} blank page{plural} added at the end"


def _imposed(pdf: bytes, page: PageSize, context: BuildContext) -> Output:
    """The booklet two-up on press sheets in saddle-stitch order, with marks if there is room."""
    from vitrina.finish.imposition import impose  # pypdf: not needed for the booklet itself
    from vitrina.finish.marks import LENGTH_MM, OFFSET_MM

    settings = context.exhibit.exhibition.booklet.imposition
    sheet = parse_page_size(settings.sheet, "landscape")
    room = min(sheet.width_mm - 2 * page.width_mm, sheet.height_mm - page.height_mm) / 2
    marks = settings.marks and room >= max(OFFSET_MM, BLEED_MM) + LENGTH_MM
    imposed = impose(pdf, (sheet.width_mm, sheet.height_mm), settings.creep_mm, marks, BLEED_MM)
    notes = [f"saddle-stitch sheets on {sheet.name}"]
    if room < BLEED_MM:
        notes.append("no room for the full bleed on this sheet: ask for a larger one (SRA4)")
    if settings.marks and not marks:
        notes.append("no room for marks outside the trim on this sheet")
    name = context.output_name("booklet-imposed.pdf")
    return Output(context.folder / name, imposed, notes, "imposed")
