"""The booklet: an A5 catalogue with cover, contents, one section per panel, sources and
colophon."""

from __future__ import annotations

from typing import Any, TypeVar

from vitrina.builders.base import BuildContext
from vitrina.builders.booklet_fit import Scaled, fit_graphic, media_css, media_limits
from vitrina.draw import GraphicStyle, draw_panel
from vitrina.model.common import PageSize, parse_page_size
from vitrina.model.exhibit import PanelEntry
from vitrina.output import Note, Output
from vitrina.resolve.layouts import render_template

#: Page margins in mm: top, outside, bottom, inside (gutter).
MARGINS_MM = (18.0, 15.0, 20.0, 19.0)
GRAPHIC_FONT_PT = 8.0
#: Bleed around every booklet page (mm): what touches the trim (the cover's flood) runs
#: this far past it, as on the posters; the imposed sheets keep it on their outer edges.
BLEED_MM = 3.0

#: How many times the booklet is laid out at most: once, and again after graphics parted
#: from their section's head are redrawn to fit under it (booklet_fit).
FIT_LAYOUTS = 3

Page = TypeVar("Page")


def build(context: BuildContext, panel: PanelEntry | None = None) -> list[Output]:
    """The reading booklet and, in variants with press sheets (not the archive, which
    keeps the reading copy only), its imposed press sheets: one of each per language of
    the exhibition (`booklet-lt.pdf`, `booklet-en.pdf`)."""
    outputs = []
    for language in context.languages:
        own = context.in_language(language)
        pdf, notes = booklet_pdf(own)
        outputs.append(Output(own.folder / own.output_name("booklet.pdf"), pdf, notes, "booklet"))
        if own.variant_spec.press_sheets:
            page = parse_page_size(own.exhibit.exhibition.booklet.size)
            outputs.append(_imposed(pdf, page, own))
    return outputs


def booklet_pdf(context: BuildContext) -> tuple[bytes, list[Note]]:
    """The booklet's PDF, and notes on its pages and padding. It is laid out again (up to
    ``FIT_LAYOUTS`` times) when a graphic parted from its section's head (booklet_fit)."""
    exhibition = context.exhibit.exhibition
    page = parse_page_size(exhibition.booklet.size)
    top, outside, bottom, inside = MARGINS_MM
    width_mm = page.width_mm - outside - inside
    height_mm = page.height_mm - top - bottom
    style = GraphicStyle(font_pt=GRAPHIC_FONT_PT, language=context.language)
    panels = {entry.id: entry for entry in context.exhibit.panels}
    graphics = {
        entry.id: _graphic(entry, width_mm, height_mm, style)
        for entry in context.exhibit.panels
        if entry.panel.graphic
    }
    captions = {entry.id for entry in context.exhibit.panels if entry.kind == "captions"}

    page_css = (
        f"@page {{ size: {page.css}; margin: {top}mm {outside}mm {bottom}mm {inside}mm; "
        f"bleed: {BLEED_MM}mm; }}\n"
        f"@page :left {{ margin-left: {outside}mm; margin-right: {inside}mm; }}\n"
    )
    page_style = context.session.css_string(page_css)
    stylesheets = [*context.stylesheets("base.css", "booklet.css"), page_style]
    names = {
        **context.template_context(),
        "booklet_title": exhibition.booklet.title or exhibition.title,
    }
    limits: dict[str, float] = {}
    for attempt in range(FIT_LAYOUTS):
        html = render_template(context.env, "booklet.html", {**names, "graphics": graphics})
        fit_css = media_css(limits, captions)
        fit = [context.session.css_string(fit_css)] if fit_css else []
        laid_out = context.session.render(html, stylesheets + fit, **context.render_options)
        if attempt == FIT_LAYOUTS - 1:
            break
        new = {
            name: height
            for name, height in media_limits(laid_out.pages).items()
            if name in panels and height < limits.get(name, float("inf")) - 0.5
        }
        if not new:
            break
        limits.update(new)
        for name, height in new.items():
            if name not in graphics:
                continue
            panel = panels[name].panel
            graphic, scale = fit_graphic(
                lambda w, h, panel=panel: draw_panel(panel, w, h, style), width_mm, height
            )
            graphics[name] = Scaled(graphic, scale) if graphic and scale < 1 else graphic
    missing = -len(laid_out.pages) % 4
    fillers = []
    if missing:
        notes_html = render_template(
            context.env, "booklet-notes.html", {**names, "lines": int(height_mm / 8.5) - 2}
        )
        fillers = context.session.render(
            f'<html lang="{context.language}"><body>{notes_html * missing}</body></html>',
            stylesheets,
            **context.render_options,
        ).pages
    pages, padding = pad_to_fold(laid_out.pages, _back_cover_start(laid_out.pages), fillers)
    document = laid_out.copy(pages)
    pdf = context.write_pdf(document, f"booklet:{context.language}:{exhibition.title}")
    notes = [Note(f"{len(pages)} pages")]
    if padding:
        notes.append(Note(padding))
    notes += [note for graphic in graphics.values() if graphic for note in graphic.notes]
    return pdf, notes


def _graphic(entry: Any, width_mm: float, height_mm: float, style: GraphicStyle) -> Any:
    """A panel's graphic as first drawn: about half the text area high (a timeline a
    little more), and never over four fifths of it."""
    box_height = height_mm * (0.6 if entry.kind == "timeline" else 0.55)
    graphic = draw_panel(entry.panel, width_mm, box_height, style)
    if graphic is not None and graphic.height_mm > height_mm * 0.8:
        graphic = draw_panel(
            entry.panel, width_mm * height_mm * 0.8 / graphic.height_mm, height_mm * 0.8, style
        )
    return graphic


def _back_cover_start(pages: list[Any]) -> int:
    """The index of the page where the back cover (with the colophon) begins; past the
    last page if there is none, as in a layout of the curator's own without it."""
    for index, page in enumerate(pages):
        if "colophon" in page.anchors:
            return index
    return len(pages)


def pad_to_fold(pages: list[Page], back: int, fillers: list[Page]) -> tuple[list[Page], str]:
    """The booklet's pages padded to a multiple of 4 with notes pages (laid out apart from
    the booklet), in front of the back cover, which starts at index ``back`` (at the end
    when there is none), and a note saying so.

    The back cover stays the last page; every page in front of the padding keeps its
    side. The booklet is laid out only once: the contents do not list the back cover and
    the notes pages carry no page number, so nothing printed changes.
    """
    missing = -len(pages) % 4
    if not missing:
        return list(pages), ""
    if len(fillers) < missing:
        raise ValueError(f"{missing} notes pages needed, {len(fillers)} given")
    plural = "s" if missing > 1 else ""
    where = "before the back cover" if back < len(pages) else "at the end"
    padded = [*pages[:back], *fillers[:missing], *pages[back:]]
    return padded, f"{missing} notes page{plural} added {where}"


def _imposed(pdf: bytes, page: PageSize, context: BuildContext) -> Output:
    """The booklet two-up on press sheets in saddle-stitch order, with marks if there is room."""
    from vitrina.finish.imposition import impose  # pypdf: not needed for the booklet itself
    from vitrina.finish.marks import LENGTH_MM, OFFSET_MM

    settings = context.exhibit.exhibition.booklet.imposition
    sheet = parse_page_size(settings.sheet, "landscape")
    room = min(sheet.width_mm - 2 * page.width_mm, sheet.height_mm - page.height_mm) / 2
    marks = settings.marks and room >= max(OFFSET_MM, BLEED_MM) + LENGTH_MM
    imposed = impose(pdf, (sheet.width_mm, sheet.height_mm), settings.creep_mm, marks, BLEED_MM)
    notes = [Note(f"saddle-stitch sheets on {sheet.name}")]
    if room < BLEED_MM:
        notes.append(Note("no room for the full bleed on this sheet: ask for a larger one (SRA4)"))
    if settings.marks and not marks:
        notes.append(Note("no room for marks outside the trim on this sheet"))
    name = context.output_name("booklet-imposed.pdf")
    return Output(context.folder / name, imposed, notes, "imposed")
