"""The visitor handout: the exhibition on one sheet for the office printer, either an A4
page printed on both sides or a tri-fold leaflet (A4 landscape, both sides, folded in
three), made from the same YAML as the posters and the booklet.

The handout is laid out as "parts", each on a page of its own size: the two sides of the
A4 sheet, or the six panels of the tri-fold. A part whose content runs onto a second
page does not fit, and the build says which and by how much. The tri-fold's panels are
then placed side by side on the two A4 sides in folding order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from vitrina.adapters.weasyprint import page_boxes
from vitrina.builders.base import BuildContext
from vitrina.builders.booklet_parts import GraphicMark
from vitrina.builders.reuse import ReusedPdf, graphic_inputs
from vitrina.draw import GraphicStyle, draw_panel
from vitrina.errors import BuildError, Location
from vitrina.finish.marks import add_crop_marks
from vitrina.finish.pdfpages import place_pages
from vitrina.model.exhibit import PanelEntry
from vitrina.output import Note, Output
from vitrina.render.pdf import used_height_mm
from vitrina.resolve.layouts import render_template

A4_MM = (210.0, 297.0)
#: Labels on the handout's map and timeline (pt), so that the smallest print (map
#: graticule at 0.7, timeline details at 0.9 of it) stays at 5.5 pt or more. The tri-fold's
#: narrow panel sets the timeline smaller to hold every event.
GRAPHIC_FONT_PT = {"map": 8.0, "timeline": 8.0}
TRIFOLD_TIMELINE_PT = 6.5


@dataclass(frozen=True)
class Part:
    """One page-sized part of the handout and the blocks in each of its columns."""

    name: str
    label: str
    width_mm: float
    height_mm: float
    margin_mm: float
    columns: tuple[tuple[str, ...], ...]

    @property
    def content_width_mm(self) -> float:
        gaps = 7.0 * (len(self.columns) - 1)
        return (self.width_mm - 2 * self.margin_mm - gaps) / len(self.columns)

    @property
    def content_height_mm(self) -> float:
        return self.height_mm - 2 * self.margin_mm


#: The A4 sheet: title, introduction, summaries, objects and people on the front; map,
#: reading and visiting details beside the timeline on the back.
SHEET = (
    Part("front", "front", *A4_MM, 12.0, (("title", "intro", "summaries", "objects", "people"),)),
    Part("back", "back", *A4_MM, 12.0, (("map", "reading", "details"), ("timeline",))),
)

#: The tri-fold, in reading order: the cover; on opening it, the introduction (behind the
#: cover) beside the flap's summaries; on opening the flap, map and timeline; the back
#: panel with visiting details and reading is read last. The inside flap is 3 mm narrower
#: so it folds in clear of the spine; the panel printed behind it (inside right) matches.
TRIFOLD = (
    Part("cover", "front cover", 100.0, 210.0, 8.0, (("cover",),)),
    Part("flap", "inside flap", 97.0, 210.0, 8.0, (("summaries",),)),
    Part("back", "back panel", 100.0, 210.0, 8.0, (("details", "reading"),)),
    Part("inside-left", "inside left panel", 100.0, 210.0, 8.0, (("intro", "objects"),)),
    Part("inside-middle", "inside middle panel", 100.0, 210.0, 8.0, (("map", "people"),)),
    Part("inside-right", "inside right panel", 97.0, 210.0, 8.0, (("timeline",),)),
)
#: Where each tri-fold part sits on the two A4 landscape sides, left to right (x in mm).
#: Outside: flap | back | cover. Inside: inside left | middle | right (behind the flap).
TRIFOLD_SIDES = (
    (("flap", 0.0), ("back", 97.0), ("cover", 197.0)),
    (("inside-left", 0.0), ("inside-middle", 100.0), ("inside-right", 200.0)),
)

#: The exhibition panels whose text each block shows (to name them when a part overflows).
BLOCK_PANELS = {
    "summaries": "every panel's summary or lede",
    "intro": "the introduction",
    "people": "the roster",
    "objects": "the objects on show",
    "reading": "further reading",
    "details": "visiting details",
}


def _first(context: BuildContext, kind: str) -> PanelEntry | None:
    return next((e for e in context.exhibit.panels if e.kind == kind), None)


def _graphic_boxes(
    context: BuildContext, parts: tuple[Part, ...], grey: bool
) -> list[tuple[PanelEntry, float, float, GraphicStyle]]:
    """The map and the timeline to draw, each with the box of the column it sits in."""
    boxes = []
    for kind, share in (("map", 0.5), ("timeline", 0.8)):
        font_pt = GRAPHIC_FONT_PT[kind]
        if kind == "timeline" and parts is TRIFOLD:
            font_pt = TRIFOLD_TIMELINE_PT
        style = GraphicStyle(font_pt=font_pt, grey=grey, language=context.language)
        entry = _first(context, kind)
        part = next((p for p in parts if any(kind in column for column in p.columns)), None)
        if entry is None or part is None:
            continue
        boxes.append((entry, part.content_width_mm, part.content_height_mm * share, style))
    return boxes


#: The tri-fold cover's picture: at most this high (mm), under the title, above the dates.
COVER_ART_MM = 88.0


def _cover_box(
    context: BuildContext, grey: bool
) -> tuple[Any, tuple[PanelEntry, float, float, GraphicStyle] | None]:
    """What the tri-fold's cover shows under its title: the first object on show that has
    an image, else the map, with the box it is drawn for (None, None when neither)."""
    for entry in context.exhibit.panels:
        for item in getattr(entry.panel, "items", []):
            if getattr(item, "image", None):
                return item, None
    entry = _first(context, "map")
    if entry is None:
        return None, None
    style = GraphicStyle(
        font_pt=GRAPHIC_FONT_PT["map"], grey=grey, language=context.exhibit.exhibition.language
    )
    return None, (entry, TRIFOLD[0].content_width_mm, COVER_ART_MM, style)


def _drawn(box: tuple[PanelEntry, float, float, GraphicStyle]) -> Any:
    """A panel's graphic drawn into a box: narrower when it came out too tall."""
    entry, width, height, style = box
    graphic = draw_panel(entry.panel, width, height, style)
    if graphic is not None and graphic.height_mm > height:
        graphic = draw_panel(entry.panel, width * height / graphic.height_mm, height, style)
    return graphic


def _halves_for(split: bool) -> Callable[..., list[list[Any]]]:
    """The template's `halves(items, by)`: two runs of items of about equal size for the
    sheet's two columns, or all items in one run on the narrow tri-fold panels. ``by`` is
    "text" (panels, by the length of the summary shown) or "count"."""

    def weight_of(by: str) -> Callable[[Any], float]:
        if by == "text":
            return lambda entry: 60 + len(entry.panel.summary or entry.panel.lede or "")
        return lambda _item: 1.0

    def halves(items: list[Any], by: str) -> list[list[Any]]:
        weight = weight_of(by)
        items = list(items)
        if not split or len(items) < 2:
            return [items]
        total = sum(weight(item) for item in items)
        running, cut = 0.0, len(items)
        for index, item in enumerate(items):
            if running + weight(item) / 2 > total / 2:
                cut = max(1, index)
                break
            running += weight(item)
        return [items[:cut], items[cut:]]

    return halves


#: The blocks that may move between the tri-fold's inside left and middle panels, in
#: reading order, and the class of each one's outermost box.
INSIDE_BLOCKS = {"intro": "h-intro", "objects": "h-objects", "map": "h-map", "people": "h-people"}
INSIDE_PARTS = ("inside-left", "inside-middle")


def _block_heights(document: Any) -> dict[str, float]:
    """The height (mm, margins included) of each inside block as laid out."""
    heights = dict.fromkeys(INSIDE_BLOCKS, 0.0)
    classes = {css: name for name, css in INSIDE_BLOCKS.items()}
    for page in document.pages:
        for box in page_boxes(page):
            element = getattr(box, "element", None)
            if element is None or getattr(box, "element_tag", None) is None:
                continue
            for css in (element.get("class") or "").split():
                if css in classes and hasattr(box, "margin_height"):
                    heights[classes[css]] += box.margin_height() * 25.4 / 96
    return heights


def balanced_inside(parts: tuple[Part, ...], heights: dict[str, float]) -> tuple[Part, ...]:
    """The tri-fold with its inside blocks shared between the left and middle panels so
    that the fuller of the two is as empty as it can be (the built-in split put the map
    and a roster in the middle beside a half-empty left panel); each panel keeps the
    blocks' reading order and the introduction opens the left. Parts are unchanged when
    the blocks are not the built-in ones or no other split is better by a millimetre."""
    named = {part.name: part for part in parts}
    if not all(name in named for name in INSIDE_PARTS):
        return parts
    left, middle = (named[name] for name in INSIDE_PARTS)
    if len(left.columns) != 1 or len(middle.columns) != 1:
        return parts
    if sorted(left.columns[0] + middle.columns[0]) != sorted(INSIDE_BLOCKS):
        return parts
    order = list(INSIDE_BLOCKS)
    room = min(left.content_height_mm, middle.content_height_mm)

    def fuller(on_left: tuple[str, ...]) -> float:
        height = sum(heights[b] for b in on_left)
        return max(height, sum(heights.values()) - height)

    splits = [  # the introduction stays first, on the panel a reader opens to
        tuple(block for bit, block in enumerate(order) if mask >> bit & 1)
        for mask in range(1, 1 << len(order), 2)
    ]
    best = min(splits, key=fuller)
    if fuller(best) > room or fuller(best) >= fuller(left.columns[0]) - 1.0:
        return parts
    rest = tuple(block for block in order if block not in best)
    changed = {
        left.name: replace(left, columns=(best,)),
        middle.name: replace(middle, columns=(rest,)),
    }
    return tuple(changed.get(part.name, part) for part in parts)


def _page_css(parts: tuple[Part, ...]) -> str:
    rules = []
    for part in parts:
        rules.append(
            f"@page {part.name} {{ size: {part.width_mm:g}mm {part.height_mm:g}mm; "
            f"margin: {part.margin_mm:g}mm; }}\n"
            f".hpanel-{part.name} {{ page: {part.name}; }}\n"
            f".hpanel-{part.name} .h-cover {{ height: {part.content_height_mm - 0.5:.1f}mm; }}\n"
        )
    return "".join(rules)


def _overrun_mm(part: Part, render: Callable[[tuple[Part, ...]], Any]) -> float:
    """How far (mm) a part's content runs past its page: laid out again alone on a page
    tall enough to hold it all, and measured."""
    tall = replace(part, height_mm=part.height_mm * 20)
    document = render((tall,))
    used = used_height_mm(document.pages[0]) - part.margin_mm
    return used - part.content_height_mm


def _check_fit(
    document: Any,
    parts: tuple[Part, ...],
    render: Callable[[tuple[Part, ...]], Any],
    context: BuildContext,
) -> None:
    """Fail, naming the part, what it shows and the overrun, if a part does not fit its
    page: it ran onto a second page, or (a column of a flex row does not break) past its
    foot."""
    pages_of: dict[str, list[int]] = {}
    for number, page in enumerate(document.pages):
        for key in page.anchors:
            if key.startswith("hp-"):
                pages_of.setdefault(key[3:], []).append(number)
    for part in parts:
        pages = pages_of.get(part.name, [])
        if not pages:
            continue
        bottom = used_height_mm(document.pages[pages[0]]) - part.margin_mm
        if len(pages) == 1 and bottom <= part.content_height_mm + 0.5:
            continue
        over = _overrun_mm(part, render)
        blocks = [b for column in part.columns for b in column]
        showing = ", ".join(BLOCK_PANELS.get(b, b) for b in blocks)
        raise BuildError(
            f"the handout's {part.label} ({showing}) does not fit: it is over by about "
            f"{max(over, 1):.0f} mm of the {part.content_height_mm:.0f} mm available",
            Location(context.exhibit.documents[0].path),
            hint="give the longest panels a shorter 'summary:', shorten the introduction, "
            "or choose the other handout: format in exhibition.yaml",
        )


def build(context: BuildContext, panel: PanelEntry | None = None) -> list[Output]:
    """The visitor handout (one job for the whole exhibition: ``panel`` is None), one per
    language of the exhibition (`handout-lt.pdf`, `handout-en.pdf`)."""
    return [
        output
        for language in context.languages
        for output in _handout(context.in_language(language))
    ]


def _handout(context: BuildContext) -> list[Output]:
    """The handout in the context's language, and its memory: laid out again only when
    its HTML (with its drawings), styles or pages changed (builders.reuse)."""
    settings = context.exhibit.exhibition.handout
    grey = settings.grey or context.grey
    parts = TRIFOLD if settings.format == "trifold" else SHEET
    boxes = {
        entry.id: (entry, w, h, style)
        for entry, w, h, style in _graphic_boxes(context, parts, grey)
    }
    cover_item, cover_box = _cover_box(context, grey) if parts is TRIFOLD else (None, None)
    map_entry, timeline_entry = _first(context, "map"), _first(context, "timeline")
    values = {
        **context.template_context(),
        "handout_format": settings.format,
        "graphics": {name: GraphicMark(name) for name in boxes},
        "map_entry": map_entry if map_entry and map_entry.id in boxes else None,
        "timeline_entry": (
            timeline_entry if timeline_entry and timeline_entry.id in boxes else None
        ),
        "roster_entries": [e for e in context.exhibit.panels if e.kind == "roster"],
        "objects": [
            (entry, item)
            for entry in context.exhibit.panels
            for item in getattr(entry.panel, "items", [])
        ],
        "reading": context.exhibit.cited_sources()[: settings.reading],
        "halves": _halves_for(settings.format == "sheet"),
        "cover_item": cover_item,
        "cover_graphic": GraphicMark("cover") if cover_box else None,
    }
    name = context.output_name("handout.pdf")
    reused = ReusedPdf(context, f"handout/{context.variant}-{name.removesuffix('.pdf')}")
    root = context.exhibit.root
    key = reused.key(
        render_template(context.env, "handout.html", {**values, "parts": parts}),
        *(
            text
            for box in [*boxes.values(), *([cover_box] if cover_box else [])]
            for text in graphic_inputs(box[0], root, box[1:])
        ),
        *(
            context.layouts.find(f"css/{style}").read_text(encoding="utf-8")
            for style in ("base.css", "handout.css")
        ),
        _page_css(parts),
        repr((settings.format, grey)),
    )
    kept = reused.get(key)
    if kept is not None:
        return [Output(context.folder / name, kept[0], kept[1], "handout")]
    graphics = {name: _drawn(box) for name, box in boxes.items()}
    values["graphics"] = graphics
    values["cover_graphic"] = _drawn(cover_box) if cover_box else None
    base_styles = context.stylesheets("base.css", "handout.css")

    def render(chosen: tuple[Part, ...]) -> Any:
        html = render_template(context.env, "handout.html", {**values, "parts": chosen})
        page_css = context.session.css_string(_page_css(chosen))
        return context.session.render(html, [*base_styles, page_css], **context.render_options)

    document = render(parts)
    if parts is TRIFOLD:
        balanced = balanced_inside(parts, _block_heights(document))
        if balanced is not parts:
            parts, document = balanced, render(balanced)
    _check_fit(document, parts, render, context)
    trifold = settings.format == "trifold"
    # How to print it, for the printer dialog: a portrait sheet turns over its long edge,
    # the landscape tri-fold over its short edge.
    duplex = "DuplexFlipShortEdge" if trifold else "DuplexFlipLongEdge"
    pdf = context.write_pdf(
        document,
        f"handout:{context.language}:{context.exhibit.exhibition.title}",
        grey=grey,
        viewer={"Duplex": duplex},
    )
    notes = [Note("A4, both sides" if not trifold else "tri-fold: A4 landscape, both sides")]
    if trifold:
        index = {part.name: number for number, part in enumerate(parts)}
        sides = [[(index[name], x, 0.0) for name, x in side] for side in TRIFOLD_SIDES]
        pdf = place_pages(pdf, (A4_MM[1], A4_MM[0]), sides)
        if context.variant_spec.marks_beyond_trim:  # fold and crop marks off the sheet
            folds = [[x for _name, x in side[1:]] for side in TRIFOLD_SIDES]
            pdf = add_crop_marks(pdf, 0.0, folds)
            notes.append(Note("crop and fold marks outside the A4 trim"))
    if grey:
        notes.append(Note("greyscale"))
    notes += [note for graphic in graphics.values() if graphic for note in graphic.notes]
    return [Output(context.folder / name, pdf, notes, "handout"), *reused.keep(key, pdf, notes)]
