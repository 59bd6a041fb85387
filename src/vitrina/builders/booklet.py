"""The booklet: an A5 catalogue with cover, contents, one section per panel, sources and
colophon."""

from __future__ import annotations

from functools import cached_property
from typing import Any, TypeVar

from markupsafe import Markup

from vitrina.builders.base import BuildContext, light_edged
from vitrina.builders.booklet_fit import Scaled, fit_graphic, media_css, media_limits
from vitrina.builders.booklet_parts import GraphicMark, graphics_in, split_parts, with_graphics
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
        maker = BookletMaker(own)
        pdf, notes = maker.make()
        outputs.append(Output(own.folder / own.output_name("booklet.pdf"), pdf, notes, "booklet"))
        outputs += maker.memory
        if own.variant_spec.press_sheets:
            page = parse_page_size(own.exhibit.exhibition.booklet.size)
            outputs.append(_imposed(pdf, page, own))
    return outputs


def booklet_pdf(context: BuildContext) -> tuple[bytes, list[Note]]:
    """The booklet's PDF, and notes on its pages and padding."""
    return BookletMaker(context).make()


class BookletMaker:
    """One booklet (one language, one variant): laid out whole, or by sections from what
    the last build remembered (booklet_sections)."""

    def __init__(self, context: BuildContext):
        self.context = context
        exhibition = context.exhibit.exhibition
        self.page = parse_page_size(exhibition.booklet.size)
        top, outside, bottom, inside = MARGINS_MM
        self.width_mm = self.page.width_mm - outside - inside
        self.height_mm = self.page.height_mm - top - bottom
        self.style = GraphicStyle(font_pt=GRAPHIC_FONT_PT, language=context.language)
        self.panels = {entry.id: entry for entry in context.exhibit.panels}
        self.captions = {entry.id for entry in context.exhibit.panels if entry.kind == "captions"}
        self.page_css = (
            f"@page {{ size: {self.page.css}; margin: {top}mm {outside}mm {bottom}mm "
            f"{inside}mm; bleed: {BLEED_MM}mm; }}\n"
            f"@page :left {{ margin-left: {outside}mm; margin-right: {inside}mm; }}\n"
        )
        self.names = {
            **context.template_context(),
            "booklet_title": exhibition.booklet.title or exhibition.title,
            # White-edged images get a hairline on the white page, as on the posters.
            "keyline_images": light_edged(context.exhibit.panels, context.exhibit.root),
        }
        self.identity = f"booklet:{context.language}:{exhibition.title}"
        self.memory: list[Output] = []
        """What this booklet leaves for the next build (its plan and PDF)."""
        self._drawn: dict[str, Any] = {}

    @cached_property
    def stylesheets(self) -> list[Any]:
        """The booklet's styles, parsed when a layout needs them (WeasyPrint is loaded
        then: a booklet taken back whole from the last build never loads it)."""
        return [
            *self.context.stylesheets("base.css", "booklet.css"),
            self.context.session.css_string(self.page_css),
        ]

    # The HTML, with each graphic as a mark until a layout needs it.
    def html(self, numbers: dict[str, int] | None = None) -> str:
        def page_of(name: str) -> Markup:
            if numbers is None or name not in numbers:
                return Markup("")
            return Markup(' data-page="{}"').format(numbers[name])

        graphics = {
            entry.id: GraphicMark(entry.id)
            for entry in self.context.exhibit.panels
            if entry.panel.graphic
        }
        return render_template(
            self.context.env,
            "booklet.html",
            {**self.names, "graphics": graphics, "page_of": page_of},
        )

    def graphic(self, name: str) -> Any:
        """A panel's graphic as first drawn (once per booklet)."""
        if name not in self._drawn:
            entry = self.panels[name]
            self._drawn[name] = _graphic(entry, self.width_mm, self.height_mm, self.style)
        return self._drawn[name]

    def layout(self, html: str) -> tuple[Any, dict[str, Any]]:
        """A document laid out, again (up to ``FIT_LAYOUTS`` times) when a graphic parted
        from its section's head (booklet_fit); and the graphics as drawn in it."""
        context = self.context
        graphics = {name: self.graphic(name) for name in graphics_in(html)}
        limits: dict[str, float] = {}
        for attempt in range(FIT_LAYOUTS):
            svgs = {name: graphic.svg() for name, graphic in graphics.items() if graphic}
            fit_css = media_css(limits, self.captions)
            fit = [context.session.css_string(fit_css)] if fit_css else []
            laid_out = context.session.render(
                with_graphics(html, svgs), self.stylesheets + fit, **context.render_options
            )
            if attempt == FIT_LAYOUTS - 1:
                break
            new = {
                name: height
                for name, height in media_limits(laid_out.pages).items()
                if name in self.panels and height < limits.get(name, float("inf")) - 0.5
            }
            if not new:
                break
            limits.update(new)
            for name, height in new.items():
                if name not in graphics:
                    continue
                panel = self.panels[name].panel
                graphic, scale = fit_graphic(
                    lambda w, h, panel=panel: draw_panel(panel, w, h, self.style),
                    self.width_mm,
                    height,
                )
                graphics[name] = Scaled(graphic, scale) if graphic and scale < 1 else graphic
        return laid_out, graphics

    def fillers(self, count: int) -> list[Any]:
        """``count`` notes pages, laid out apart from the booklet."""
        return self.filler_document(count).pages if count else []

    def filler_document(self, count: int) -> Any:
        """A document of ``count`` notes pages."""
        context = self.context
        notes_html = render_template(
            context.env,
            "booklet-notes.html",
            {**self.names, "lines": int(self.height_mm / 8.5) - 2},
        )
        return context.session.render(
            f'<html lang="{context.language}"><body>{notes_html * count}</body></html>',
            self.stylesheets,
            **context.render_options,
        )

    def make(self) -> tuple[bytes, list[Note]]:
        """The booklet's PDF and notes; ``memory`` holds what the next build may reuse."""
        from vitrina.builders import booklet_sections as sections

        html = self.html()
        parts = None if self.context.variant_spec.tagged else split_parts(html)
        made = None
        if parts is not None:
            made = sections.Sectioned(self, parts).again()
        if made is None:
            made = self.whole(html, parts)
        pdf, pages, padding, graphic_notes = made
        notes = [Note(f"{pages} pages")]
        if padding:
            notes.append(Note(padding))
        notes += [Note.from_data(data) for data in graphic_notes]
        return self.context.coloured(pdf), notes

    def whole(self, html: str, parts: Any) -> tuple[bytes, int, str, list[dict[str, str]]]:
        """The booklet laid out as one document; its plan remembered when it has parts."""
        laid_out, graphics = self.layout(html)
        missing = -len(laid_out.pages) % 4
        fillers = self.fillers(missing)
        back = _back_cover_start(laid_out.pages)
        pages, padding = pad_to_fold(laid_out.pages, back, fillers)
        pdf = self.context.plain_pdf(laid_out.copy(pages), self.identity)
        notes = [
            note.to_data() for graphic in graphics.values() if graphic for note in graphic.notes
        ]
        if parts is not None:
            from vitrina.builders import booklet_sections as sections

            sections.Sectioned(self, parts).remember_whole(
                laid_out.pages, pdf, graphics, back, missing
            )
        return pdf, len(pages), padding, notes


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
    padded = [*pages[:back], *fillers[:missing], *pages[back:]]
    return padded, padding_note(missing, back < len(pages))


def padding_note(missing: int, before_back: bool) -> str:
    """What the curator is told of the notes pages added."""
    plural = "s" if missing > 1 else ""
    where = "before the back cover" if before_back else "at the end"
    return f"{missing} notes page{plural} added {where}"


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
