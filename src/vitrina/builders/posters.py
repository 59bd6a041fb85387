"""Posters: one PDF per panel, one page each, laid out on a grid the whole series shares.

A visitor walks past the posters in a row, so everything that frames the content is the
same on every poster of one paper size: margins, the eyebrow line, the title's size and
the height of its zone (so the rule under it sits at one height), and the foot. Only the
content area differs, and it is *fitted both ways*: the body size is searched between a
floor and a ceiling so the text fills the area, and the graphic or the objects' images
then grow into whatever room is left, so no poster ends in an empty band. The search is
bounded (``MAX_PROBES`` layouts at most), because each WeasyPrint layout costs time.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from vitrina.adapters.weasyprint import page_boxes
from vitrina.builders import poster_memory
from vitrina.builders.base import BuildContext, light_edged, people_of
from vitrina.dependencies import note_file
from vitrina.draw import GraphicStyle, draw_panel
from vitrina.draw.fonts import SANS, SERIF_BOLD, wrap
from vitrina.errors import BuildError, Location
from vitrina.finish.marks import add_crop_marks
from vitrina.model.common import PageSize, parse_page_size
from vitrina.model.exhibit import PanelEntry
from vitrina.output import Note, Output
from vitrina.resolve.layouts import render_template

#: Body size on an A1 poster; other sizes scale with the paper's short side.
A1_BODY_PT = 32.0
#: The fitted body size may grow to this multiple of the nominal size for short texts.
CEILING_RATIO = 1.5
#: The search steps the body size in half points.
STEP_PT = 0.5
#: At most this many trial layouts per poster (besides the final one).
MAX_PROBES = 6
#: At most this many layouts to share the room a short text leaves between its blocks.
SPREAD_PROBES = 3
#: The share of the room a text-only poster still leaves that goes under its head (the
#: rest goes above its last block, standing on the foot line).
HEAD_SHARE = 0.5
#: Spread to its most, a short text's leading opens this much (1.38 → 1.58).
SPREAD_LEADING = 0.2
#: A line of body text holds at most this many characters (a short text set in fewer,
#: wider columns); the body serif's average character is this share of its size.
MAX_MEASURE = 78
MIN_MEASURE = 45
#: Set on that wider measure, a short text may grow to this multiple of the nominal size.
WIDE_CEILING_RATIO = 1.75
AVERAGE_EM = 0.44
#: A text stands beside its graphic (a timeline, or on a landscape poster) only when it
#: is at least this long; shorter, it goes under the graphic.
BESIDE_MIN_CHARS = 300
#: At most this many more layouts to fill the text column beside a graphic.
BESIDE_PROBES = 5
#: The lede relative to the nominal body size: one size for the whole series, like the
#: title (a lede that grew and shrank with each panel's fitted body would not), unless
#: a short text's body is set so large that the lede must grow to stay above it.
LEDE_RATIO = 1.3
LEDE_OVER_BODY = 1.12
#: Graphic labels relative to the nominal body size (19.2 pt on A1: captions ≥ 18 pt).
GRAPHIC_RATIO = 0.6
#: Charts and timelines grow their labels to fill their field, up to the nominal body
#: size (32 pt on A1: never larger than the text beside them), or with no text on the
#: poster up to 1.2 times it, found in this many bisection steps.
GROWING_KINDS = ("chart", "timeline")
MAX_LABEL_GROWTH = 1 / GRAPHIC_RATIO
MAX_LABEL_GROWTH_ALONE = 1.2 / GRAPHIC_RATIO
GROWTH_PROBES = 5
#: The series title on A1 and its smallest size when titles are long (≥ 72 pt at A1).
A1_TITLE_PT = 104.0
A1_TITLE_FLOOR_PT = 72.0
TITLE_LINE_HEIGHT = 1.05
#: The title in another language: its size against the title's, and its line height.
SECOND_TITLE_RATIO = 0.4
SECOND_TITLE_LINE_HEIGHT = 1.1
#: Captions, graphic labels, credits and source lines: a share of the body size, never
#: under 18 pt at A1 (scaled with the paper), the least for reading at a step away.
A1_SMALL_PT = 18.0
SMALL_RATIO = 0.62
#: Eyebrow and foot: fixed sizes relative to the nominal body, the same on every poster.
EYEBROW_RATIO = 0.72
FOOT_RATIO = 0.6
#: A trial fits only with this much to spare (mm): the final layout on the real page can
#: balance its columns a line differently.
FIT_MARGIN_MM = 1.0
#: Room left unfilled that needs no further work (mm).
SLACK_MM = 4.0
MM_PER_PT = 25.4 / 72
MM_PER_PX = 25.4 / 96


@dataclass(frozen=True)
class PosterGrid:
    """The fixed frame of every poster of one paper size: margins, zones and their type."""

    page: PageSize
    bleed_mm: float
    title_pt: float
    title_lines: int
    second_lines: int = 0
    """Lines the longest title in the other languages takes (0: one language), set right
    under the title inside the title zone, so the zone ends at the same height on every
    poster of the series."""

    @property
    def landscape(self) -> bool:
        return self.page.width_mm > self.page.height_mm * 1.05

    @property
    def scale(self) -> float:
        """How much larger than A1 the paper is (by its short side)."""
        return min(self.page.width_mm, self.page.height_mm) / 594

    @property
    def unit_pt(self) -> float:
        """The nominal body size for this paper."""
        return A1_BODY_PT * self.scale

    @property
    def margin_mm(self) -> float:
        return round(min(self.page.width_mm, self.page.height_mm) * 0.065, 1)

    @property
    def foot_pt(self) -> float:
        return self.unit_pt * FOOT_RATIO

    @property
    def foot_mm(self) -> float:
        """The bottom margin: the foot's rule and its one line, then the margin."""
        return round(self.margin_mm + self.foot_pt * MM_PER_PT * 2.6, 1)

    @property
    def content_width_mm(self) -> float:
        return self.page.width_mm - 2 * self.margin_mm

    @property
    def content_height_mm(self) -> float:
        return self.page.height_mm - self.margin_mm - self.foot_mm

    @property
    def gutter_mm(self) -> float:
        return round(self.content_width_mm * 0.045, 1)

    def css(
        self,
        body_pt: float,
        probe: bool,
        columns: int = 0,
        spread_mm: float = 0,
        last_mm: float = 0,
        last_block: str = "",
        head_share: float = 0.0,
    ) -> str:
        """The page and the fixed zones; ``probe`` lays out on a page four times as tall
        with the content at its natural height, so its height can be measured;
        ``columns`` (when not 0) sets how many columns the body text runs in, and
        ``spread_mm`` is added to the space between the content's blocks and ``last_mm``
        above ``last_block`` (see `_last_block`), so that it sits on the foot line, but
        for ``head_share`` of it, which goes under the head."""
        page_height = self.page.height_mm * (4 if probe else 1)
        eyebrow = self.unit_pt * EYEBROW_RATIO
        title_zone = self.title_pt * TITLE_LINE_HEIGHT * self.title_lines
        second = self.title_pt * SECOND_TITLE_RATIO
        if self.second_lines:
            title_zone += second * (SECOND_TITLE_LINE_HEIGHT * self.second_lines + 0.15)
        lede = max(self.unit_pt * LEDE_RATIO, body_pt * LEDE_OVER_BODY)
        rules = [
            f"@page {{ size: {self.page.width_mm}mm {page_height}mm; "
            f"margin: {self.margin_mm}mm {self.margin_mm}mm {self.foot_mm}mm; "
            f"background: #f7f3ea; bleed: {self.bleed_mm}mm; "
            "@bottom-center { content: element(posterfoot); "
            f"width: {self.content_width_mm:.1f}mm; vertical-align: top; "
            f"padding-top: {self.foot_pt * 0.5:.2f}pt; }} }}",
            f"html {{ font-size: {body_pt:.2f}pt; }}",
            f".poster-foot {{ position: running(posterfoot); font-size: {self.foot_pt:.2f}pt; }}",
            f".poster .eyebrow {{ font-size: {eyebrow:.2f}pt; height: {eyebrow * 1.4:.2f}pt; }}",
            f".poster .panel-title {{ font-size: {self.title_pt:.2f}pt; "
            f"line-height: {TITLE_LINE_HEIGHT}; margin: 0; overflow: visible; }}",
            f".poster .title-zone {{ height: {title_zone:.2f}pt; "
            f"margin: {eyebrow * 0.5:.2f}pt 0 0; overflow: hidden; }}",
            f".poster .lede {{ font-size: {lede:.2f}pt; }}",
            f".poster .lede.lede-second {{ font-size: {lede * 0.8:.2f}pt; }}",
            f".poster .panel-title-second {{ font-size: {second:.2f}pt; "
            f"line-height: {SECOND_TITLE_LINE_HEIGHT}; }}",
            f".poster .panel-head {{ padding-bottom: {self.unit_pt * 0.5:.2f}pt; "
            f"border-bottom-width: {self.unit_pt * 0.12:.2f}pt; "
            f"margin-bottom: {self.unit_pt * 0.9:.2f}pt; }}",
            f".poster .panel-body, .poster .columns {{ column-gap: {self.gutter_mm}mm; "
            f"gap: {self.gutter_mm}mm; }}",
            f".poster .object-row {{ gap: {self.gutter_mm}mm; }}",
        ]
        small = max(A1_SMALL_PT * self.scale, body_pt * SMALL_RATIO)
        rules.append(
            ".poster .object-caption, .poster figcaption, .poster .source-line, "
            ".poster .person .role, .poster .person .other-names, .poster .person .note, "
            ".poster .pull-quote footer, .poster .group-title, .poster .fpo-mark "
            f"{{ font-size: {small:.2f}pt; }}"
        )
        beside = max(small, body_pt * 0.8)
        rules.append(f".poster.media-beside .object-caption {{ font-size: {beside:.2f}pt; }}")
        if spread_mm or last_mm:
            rules.append(
                _spread_css(
                    self.unit_pt,
                    body_pt,
                    spread_mm,
                    columns == 1,
                    last_mm * (1 - head_share),
                    last_block,
                    last_mm * head_share,
                )
            )
        if columns:
            rules.append(f".poster .panel .panel-body .columns {{ column-count: {columns}; }}")
        if not probe:
            rules.append(f".poster .panel {{ height: {self.content_height_mm:.2f}mm; }}")
        return "\n".join(rules) + "\n"


def _spread_css(
    unit_pt: float,
    body_pt: float,
    spread_mm: float,
    one_column: bool,
    last_mm: float,
    last_block: str,
    head_mm: float,
) -> str:
    """More space between the blocks of a short text and more leading in it (up to
    SPREAD_LEADING more when the space reaches its cap), so that it fills the poster as a
    composed whole (the head, the paragraphs, the quote and the source line standing
    apart) and its last block sits on the foot line, instead of ending in an empty band."""
    head = unit_pt * 0.9 * MM_PER_PT + spread_mm + head_mm
    # A quote that ends the text keeps its source line close under it, as one foot block.
    sources = body_pt * 0.9 * MM_PER_PT
    if last_block != "quote":
        sources += spread_mm + (last_mm if last_block == "sources" else 0)
    quote_top = spread_mm + (last_mm if last_block == "quote" else 0)
    text_top = last_mm if last_block == "text" else 0
    leading = 1.38 + SPREAD_LEADING * min(1.0, spread_mm / _spread_cap(body_pt, 1.5))
    person = body_pt * 0.4 * MM_PER_PT + spread_mm / 2
    quote = max(unit_pt * LEDE_RATIO, body_pt * LEDE_OVER_BODY) * 1.25
    # Paragraphs stand apart only in one column: in several, the space would open at
    # the head of a column and stagger the columns.
    text = ".poster .panel-body .text" if one_column else ".poster .panel-body .text:not(.columns)"
    return (
        f".poster .panel-head {{ margin-bottom: {head:.2f}mm; }}\n"
        f"{text} p + p, {text} p + h3, "
        f".poster .panel-body .pull-quote {{ margin-top: {spread_mm:.2f}mm; }}\n"
        f".poster .source-line {{ margin-top: {sources:.2f}mm; }}\n"
        # The quote of a short text is set as display type, as large as the lede.
        f".poster .story .pull-quote {{ font-size: {quote:.2f}pt; }}\n"
        f".poster .story .pull-quote:last-child {{ margin-top: {quote_top:.2f}mm; }}\n"
        + (f".poster .panel-body > .text {{ margin-top: {text_top:.2f}mm; }}\n" if text_top else "")
        + f".poster .panel-body .text {{ line-height: {leading:.3f}; }}\n"
        f".poster .people-list .person {{ padding: {person:.2f}mm 0; }}"
    )


def _spread_cap(body_pt: float, lines: float) -> float:
    """The most space (mm) spread between two blocks: ``lines`` lines of body text."""
    return body_pt * 1.38 * lines * MM_PER_PT


def poster_page(entry: PanelEntry, context: BuildContext) -> PageSize:
    settings = context.exhibit.exhibition.posters
    own = entry.panel.poster
    return parse_page_size(own.size or settings.size, own.orientation or settings.orientation)


def _page_key(page: PageSize) -> tuple[float, float]:
    return (round(page.width_mm, 1), round(page.height_mm, 1))


def series_grid(entry: PanelEntry, context: BuildContext) -> PosterGrid:
    """The grid of ``entry``'s poster, shared by every poster of the same paper size: the
    title size is the largest (up to the nominal) at which every title of the series fits
    in two lines, and the title zone is as many lines tall as the longest title needs."""
    page = poster_page(entry, context)
    titles = tuple(
        other.panel.title
        for other in context.exhibit.panels
        if _page_key(poster_page(other, context)) == _page_key(page)
    )
    bleed = context.exhibit.exhibition.posters.bleed_mm
    probe = PosterGrid(page, bleed, 0, 1)
    title_pt, lines = _series_title(titles, probe.content_width_mm, probe.scale)
    # Each poster's titles in the other languages, where they differ, one under another.
    seconds = [
        tuple(own.title for _code, own in context.seconds(other) if own.title != other.panel.title)
        for other in context.exhibit.panels
        if _page_key(poster_page(other, context)) == _page_key(page)
    ]
    width_pt = probe.content_width_mm / MM_PER_PT * 0.94
    second_lines = max(
        (
            sum(len(wrap(t, SANS, title_pt * SECOND_TITLE_RATIO, width_pt)) for t in own)
            for own in seconds
        ),
        default=0,
    )
    return PosterGrid(page, bleed, title_pt, lines, second_lines)


@cache
def _series_title(titles: tuple[str, ...], width_mm: float, scale: float) -> tuple[float, int]:
    """Title size and zone height in lines for a series of titles (measured with the
    title font's own widths, a little narrower than the measure to be safe)."""
    width_pt = width_mm / MM_PER_PT * 0.94
    size = A1_TITLE_PT * scale
    floor = A1_TITLE_FLOOR_PT * scale
    while True:
        lines = max(len(wrap(title, SERIF_BOLD, size, width_pt)) for title in titles)
        if lines <= 2 or size <= floor:
            return size, lines
        size = max(floor, size - 4 * scale)


@dataclass
class Probe:
    """One trial layout: the body size and media height tried, and what it measured."""

    body_pt: float
    media_mm: float
    document: Any
    used_mm: float
    body_mm: float
    media_box_mm: float
    fits: bool
    text_mm: float = 0.0
    """How tall the text column's content is (a flex row stretches the column's own box
    to the graphic's height, so only its content says how full it is)."""
    columns: int = 0
    """The body text's columns it was laid out in (0: the stylesheet's own count)."""
    spread_mm: float = 0.0
    """The space added between the content's blocks."""
    last_mm: float = 0.0
    """The space added above the last block (the source line)."""


@dataclass
class PosterPlan:
    """How a kind's content area is laid out: its media (a graphic or the objects'
    images), how large the media may start and grow, and whether the media stands beside
    the text (its height is the content row's) or above it (its height adds to the text's)."""

    media_min_mm: float = 0.0
    media_max_mm: float = 0.0
    beside: bool = False
    make_media: Callable[[float], dict[str, Any]] = field(default=lambda _h: {})
    drawn_height: Callable[[float], float] = field(default=lambda h: h)
    """The height the media actually takes for a box height (a graphic keeps its shape)."""

    @property
    def has_media(self) -> bool:
        return self.media_max_mm > 0


def _image_aspects(entry: PanelEntry, root: Path) -> list[float]:
    """Height ÷ width of each object's image (a placeholder frame counts as 3:4)."""
    from PIL import Image

    aspects = []
    for item in entry.panel.items:
        if item.image is None:
            aspects.append(0.75)
            continue
        note_file(root / item.image)
        with Image.open(root / item.image) as image:
            width, height = image.size
        aspects.append(height / max(width, 1))
    return aspects


def object_columns(
    count: int, aspects: list[float], caption_chars: list[int], grid: PosterGrid
) -> int:
    """How many objects to a row: the count (1 to 5) that gives the images the most room,
    estimated from the captions' lengths at the nominal caption size and the space a
    panel head leaves. One object stands large beside its caption."""
    if count <= 1:
        return 1
    small_mm = max(A1_SMALL_PT * grid.scale, grid.unit_pt * SMALL_RATIO) * MM_PER_PT
    room = grid.content_height_mm * 0.7  # the rest: the head, the source line
    best, best_area = 1, -1.0
    for columns in range(2, min(count, 5) + 1):
        cell = (grid.content_width_mm - (columns - 1) * grid.gutter_mm) / columns
        rows = [range(i, min(i + columns, count)) for i in range(0, count, columns)]
        text = 0.0
        for row in rows:
            lines = max(math.ceil(caption_chars[i] * small_mm * 0.5 / cell) + 3 for i in row)
            text += lines * small_mm * 1.3 + small_mm * 2
        frame = (room - text) / len(rows)
        if frame <= 0:
            continue
        area = sum(min(cell, frame / a) ** 2 * a for a in aspects)
        if area > best_area:
            best, best_area = columns, area
    if best_area < 0:
        return min(count, 5)
    return best


def _captions_plan(entry: PanelEntry, grid: PosterGrid, context: BuildContext) -> PosterPlan:
    aspects = _image_aspects(entry, context.exhibit.root)
    count = len(aspects)
    chars = [
        len(item.title) + len(item.caption) + len(item.credit or "") + len(item.rights or "")
        for item in entry.panel.items
    ]
    columns = object_columns(count, aspects, chars, grid)
    rows = math.ceil(count / columns)
    width = grid.content_width_mm
    # One object stands beside its caption; more share the width in columns.
    cell = width * 0.55 if columns == 1 else (width - (columns - 1) * grid.gutter_mm) / columns
    tallest = max(aspects) * cell
    chunks = [list(range(i, min(i + columns, count))) for i in range(0, count, columns)]

    keylines = light_edged([entry], context.exhibit.root)

    def media(height: float) -> dict[str, Any]:
        frame = height / rows
        sizes = {}
        for index, aspect in enumerate(aspects):
            # Each image as large as its cell's box allows, keeping its shape.
            image_width = min(cell, frame / aspect)
            sizes[index] = (round(image_width, 2), round(image_width * aspect, 2))
        return {
            "keyline_images": keylines,
            "object_rows": [[(index, entry.panel.items[index]) for index in row] for row in chunks],
            "object_columns": columns,
            "image_height_mm": round(frame, 2),
            "image_sizes": sizes,
        }

    # The media height is the sum of the rows' image boxes.
    return PosterPlan(
        media_min_mm=rows * min(cell * 0.45, tallest),
        media_max_mm=rows * min(tallest, grid.content_height_mm * 0.8),
        beside=columns == 1,
        make_media=media,
    )


def _graphic_plan(
    entry: PanelEntry, grid: PosterGrid, language: str = "en", also: tuple = ()
) -> PosterPlan:
    width, height = grid.content_width_mm, grid.content_height_mm
    body = getattr(entry.panel, "body", None) or ""
    has_text = bool(body)
    # A text of a few lines beside a tall graphic would fill a corner of its column:
    # it goes under the graphic instead.
    beside = len(body) >= BESIDE_MIN_CHARS and (grid.landscape or entry.kind == "timeline")
    graphic_width = width * (0.58 if grid.landscape else 0.56) if beside else width
    style = GraphicStyle(font_pt=grid.unit_pt * GRAPHIC_RATIO, language=language, also=also)

    @cache
    def draw(box_height: float) -> Any:
        if entry.kind in GROWING_KINDS:
            return _grown_graphic(entry, graphic_width, box_height, style)
        graphic = draw_panel(entry.panel, graphic_width, box_height, style)
        if graphic is None:
            return None
        if graphic.height_mm > box_height * 1.001:
            # Too tall for its box (a tall map): draw it narrower, keeping its shape.
            narrower = graphic_width * box_height / graphic.height_mm
            return draw_panel(entry.panel, narrower, box_height, style)
        if graphic.height_mm < box_height * 0.85:
            # A graphic that takes only the room it needs (a chart of a few bars): draw it
            # again with larger labels so that it fills more of its box.
            factor = min(2.0, box_height / graphic.height_mm)
            for _ in range(2):  # labels wrap, so the height grows faster than the type
                larger = replace(style, font_pt=style.font_pt * factor)
                bigger = draw_panel(entry.panel, graphic_width, box_height, larger)
                if bigger is None or factor <= 1.05:
                    break
                if bigger.height_mm <= box_height * 1.001:
                    return bigger
                factor = max(1.0, factor * box_height / bigger.height_mm * 0.97)
        return graphic

    def media(box_height: float) -> dict[str, Any]:
        return {"graphic": draw(round(box_height, 1))}

    def drawn(box_height: float) -> float:
        graphic = draw(round(box_height, 1))
        return graphic.height_mm if graphic is not None else box_height

    share = {"map": 0.45, "timeline": 0.5}.get(entry.kind, 0.32)
    # A graphic without text under it may take all the room the head leaves.
    most = 0.86 if beside or not has_text else 0.7
    return PosterPlan(
        media_min_mm=height * (0.5 if beside else share),
        media_max_mm=height * most,
        beside=beside,
        make_media=media,
        drawn_height=drawn,
    )


def _grown_graphic(entry: PanelEntry, width_mm: float, box_mm: float, style: GraphicStyle) -> Any:
    """A chart or a timeline drawn to fill its box both ways: its labels as large as lets
    its natural height (what its rows and labels need) still fit the box, up to
    MAX_LABEL_GROWTH times the series' label size (MAX_LABEL_GROWTH_ALONE with no text on
    the poster; a bisection of GROWTH_PROBES steps),
    then drawn to the box's full height (a chart's rows and bars share out the rest)."""

    def natural(factor: float) -> Any:
        # A timeline stretches to any box: asked for none, it gives its own height.
        box = 0.0 if entry.kind == "timeline" else box_mm
        return draw_panel(
            entry.panel, width_mm, box, replace(style, font_pt=style.font_pt * factor)
        )

    alone = not getattr(entry.panel, "body", None)
    low, high = 1.0, MAX_LABEL_GROWTH_ALONE if alone else MAX_LABEL_GROWTH
    first = natural(high)
    if first is None:
        return None
    if first.height_mm > box_mm * 0.97:
        for _ in range(GROWTH_PROBES):
            middle = (low + high) / 2
            if natural(middle).height_mm <= box_mm * 0.97:
                low = middle
            else:
                high = middle
        factor = low
    else:
        factor = high
    grown = replace(style, font_pt=style.font_pt * factor, fill=True)
    return draw_panel(entry.panel, width_mm, box_mm, grown)


def poster_plan(entry: PanelEntry, grid: PosterGrid, context: BuildContext) -> PosterPlan:
    if entry.kind == "captions":
        return _captions_plan(entry, grid, context)
    if entry.panel.graphic:
        also = tuple(context.seconds(entry))
        return _graphic_plan(entry, grid, context.language, also)
    return PosterPlan()


def _element_boxes(page: Any) -> dict[str, tuple[float, float]]:
    """Top and bottom (mm) of the boxes the fit needs: the panel, its body, its media, and
    the deepest box inside the panel (the running foot is laid out in the page margin,
    outside the panel's boxes)."""
    panel = next(
        (
            box
            for box in page_boxes(page)
            if "panel" in _classes(box) and getattr(box, "element_tag", "") == "article"
        ),
        None,
    )
    if panel is None:
        return {"deepest": (0.0, 0.0)}
    found = {"panel": (panel.position_y * MM_PER_PX, 0.0)}
    deepest = panel.position_y
    for box in panel.descendants():
        if not hasattr(box, "position_y"):
            continue
        bottom = box.position_y + box.margin_height()
        for name in ("panel-body", "media"):
            if name not in found and name in _classes(box):
                found[name] = (box.position_y * MM_PER_PX, bottom * MM_PER_PX)
        if box.height:
            deepest = max(deepest, bottom)
    found["deepest"] = (0.0, deepest * MM_PER_PX)
    # The innermost box of the first text block (a flex item is wrapped in a box of the
    # same element, stretched to the row's height).
    text = next((box for box in panel.descendants() if "text" in _classes(box)), None)
    while text is not None and any("text" in _classes(child) for child in text.children):
        text = next(child for child in text.children if "text" in _classes(child))
    if text is not None and hasattr(text, "children"):
        bottom = max(
            (
                box.position_y + box.margin_height()
                for child in text.children  # descendants() starts with the box itself
                for box in child.descendants()
                if hasattr(box, "position_y") and box.height
            ),
            default=text.position_y,
        )
        found["text"] = (text.position_y * MM_PER_PX, bottom * MM_PER_PX)
    return found


def _classes(box: Any) -> list[str]:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return []
    return (element.get("class") or "").split()


class _Layouts:
    """One poster's trial layouts: the grid, the plan and the WeasyPrint layout of the
    panel at a body size and a media height, measured on a tall page (shared by the
    build's fitting search and `vitrina check`'s test at the floor)."""

    def __init__(self, entry: PanelEntry, context: BuildContext):
        exhibition = context.exhibit.exhibition
        self.entry = entry
        self.context = context
        self.grid = series_grid(entry, context)
        self.plan = poster_plan(entry, self.grid, context)
        self.floor = max(8.0, exhibition.posters.min_body_pt * self.grid.scale)
        self.nominal = self.grid.unit_pt
        self.ceiling = max(self.floor, self.nominal * CEILING_RATIO)
        self.available = self.grid.content_height_mm
        self.probes: list[Probe] = []
        self.layouts = 0  # WeasyPrint layouts made (a trial repeated is not laid out again)
        self._trials: dict[tuple[float, ...], Probe] = {}
        self.columns = 0  # the body text's columns: 0 for the stylesheet's own count
        self.spread_mm = 0.0  # space added between the content's blocks
        self.last_mm = 0.0  # and above the last one
        self.last_block = _last_block(entry, self.plan)
        self._stylesheets = context.stylesheets("base.css", "poster.css")
        self._base_context = {
            **context.template_context(),
            "entry": entry,
            "seconds": context.seconds(entry),
            "panel": entry.panel,
            "people": people_of(entry.panel),
            "graphic": None,
            "poster_layout": "landscape" if self.grid.landscape else "portrait",
            "media_beside": self.plan.beside,
        }

    def layout(self, body_pt: float, media_mm: float, probe: bool) -> Any:
        context = self.context
        self.layouts += 1
        html = render_template(
            context.env, "poster.html", {**self._base_context, **self.plan.make_media(media_mm)}
        )
        return context.session.render(
            html,
            [
                *self._stylesheets,
                context.session.css_string(
                    self.grid.css(
                        body_pt,
                        probe,
                        self.columns,
                        self.spread_mm,
                        self.last_mm,
                        self.last_block,
                        0.0 if self.plan.has_media else HEAD_SHARE,
                    )
                ),
            ],
            **context.render_options,
        )

    def trial(self, body_pt: float, media_mm: float) -> Probe:
        """The trial layout at ``body_pt`` and ``media_mm`` (with the columns and spread
        set on self), measured; one asked for again is taken from the first, and counted
        again among the probes, so a search's budget does not depend on it."""
        key = (body_pt, media_mm, self.columns, self.spread_mm, self.last_mm)
        known = self._trials.get(key)
        if known is not None:
            self.probes.append(known)
            return known
        result = self._measure(body_pt, media_mm)
        self._trials[key] = result
        return result

    def _measure(self, body_pt: float, media_mm: float) -> Probe:
        document = self.layout(body_pt, media_mm, probe=True)
        boxes = _element_boxes(document.pages[0])
        panel_top = boxes.get("panel", (0.0, 0.0))[0]
        used = boxes["deepest"][1] - panel_top
        body = boxes.get("panel-body", (0.0, 0.0))
        media = boxes.get("media", (0.0, 0.0))
        result = Probe(
            body_pt,
            media_mm,
            document,
            used,
            body[1] - body[0],
            media[1] - media[0],
            used <= self.available - FIT_MARGIN_MM,
            boxes.get("text", (0.0, 0.0))[1] - boxes.get("text", (0.0, 0.0))[0],
            self.columns,
            self.spread_mm,
            self.last_mm,
        )
        self.probes.append(result)
        return result

    def overflow_error(self, result: Probe) -> BuildError:
        """The panel does not fit even at ``result`` (the floor): by how much, and what to do."""
        over = result.used_mm - self.available
        return BuildError(
            f"the panel '{self.entry.id}' does not fit on one {self.grid.page.name} poster "
            f"even with body text at {result.body_pt:.1f} pt: it is over by about "
            f"{over:.0f} mm of the {self.available:.0f} mm available",
            Location(self.entry.doc.path),
            hint=_overflow_hint(self.entry),
        )


def _last_block(entry: PanelEntry, plan: PosterPlan) -> str:
    """The block that the room a poster leaves goes above, so that it and what follows
    stand on the foot line: a story's closing quote, the text under a chart or a map,
    else the source line ("" when there is none)."""
    panel = entry.panel
    if entry.kind == "story" and getattr(panel, "quotes", None):
        return "quote"
    text_under = plan.has_media and not plan.beside and bool(getattr(panel, "body", None))
    if text_under and entry.kind in ("chart", "map"):
        return "text"
    return "sources" if panel.sources else ""


def check_fits(entry: PanelEntry, context: BuildContext) -> None:
    """Raise the build's own error when ``entry``'s poster would not fit even at the floor
    size: one trial layout at the floor with the media at their smallest, the very test
    the build's search ends with, so `check` and `build` cannot disagree."""
    trials = _Layouts(entry, context)
    result = trials.trial(_snap(trials.floor), trials.plan.media_min_mm)
    if not result.fits:
        raise trials.overflow_error(result)


def render_poster(entry: PanelEntry, context: BuildContext) -> list[Output]:
    """The poster of ``entry``, and what its fitting settled on for the next build
    (vitrina.builders.poster_memory)."""
    exhibition = context.exhibit.exhibition
    trials = _Layouts(entry, context)
    grid, plan, floor, nominal, ceiling = (
        trials.grid,
        trials.plan,
        trials.floor,
        trials.nominal,
        trials.ceiling,
    )
    available = trials.available
    probes = trials.probes
    layout, trial = trials.layout, trials.trial
    # Where the last build's searches settled (none for `build --force`): each search
    # first confirms its own answer, and searches in full only when it no longer holds.
    remembered = poster_memory.parse(
        context.memory.read(poster_memory.memory_name(context.variant, entry.id))
    )
    settled: dict[str, float | None] = {}

    def search(
        name: str, low: float, high: float, media_mm: float, start: Probe | None = None
    ) -> Probe | None:
        """The largest body size on the half-point grid in [low, high] that fits, or None;
        ``start`` is a trial already made (that fits) to aim the first guess from. The
        size it settles on is remembered under ``name`` for the next build."""
        low, high = _snap(low), _snap(high)
        if name in remembered:
            held, confirmed = _confirm(trial, remembered[name], low, high, media_mm)
            if held:
                settled[name] = None if confirmed is None else confirmed.body_pt
                return confirmed
        best: Probe | None = None
        failed = high + STEP_PT
        guess = high if start is None else min(high, max(low, _aim(start, available)))
        limit = len(probes) + MAX_PROBES
        while len(probes) < limit:
            result = trial(guess, media_mm)
            if result.fits:
                best = result
            else:
                failed = guess
            top = failed - STEP_PT
            bottom = best.body_pt + STEP_PT if best else low
            if top < bottom:
                # Proven the largest that fits (a half point more did not, or it is the
                # top), or that not even ``low`` fits: the answer the next build can
                # confirm in one or two layouts.
                settled[name] = best.body_pt if best is not None else None
                break
            aim = _aim(result, available)
            # When by the estimate not even the floor would do, try the floor at once.
            guess = low if best is None and aim < low else min(max(aim, bottom), top)
            if best is None and not result.fits and len(probes) == limit - 1:
                guess = low  # the last chance: the floor itself
        return best

    media = plan.media_min_mm
    best = search("first", floor, nominal if plan.has_media else ceiling, media)
    if best is None:
        result = trial(_snap(floor), media) if probes[-1].body_pt > _snap(floor) else probes[-1]
        if not result.fits:
            raise trials.overflow_error(result)
        best = result
    if plan.has_media and available - best.used_mm > SLACK_MM:
        grown = _grown_media(plan, best, available)
        if grown > media + 0.5:
            media = grown
            result = trial(best.body_pt, media)
            if not result.fits:  # drawn a little taller than asked: take the excess off
                drawn = plan.drawn_height(media)
                overflow = result.used_mm - (available - FIT_MARGIN_MM)
                media = max(plan.media_min_mm, drawn - overflow - 0.5)
                result = trial(best.body_pt, media)
            if result.fits:
                best = result
            else:
                media = best.media_mm
        if available - best.used_mm > SLACK_MM and best.body_pt < ceiling:
            better = search("larger", best.body_pt + STEP_PT, ceiling, media, best)
            if better is not None:
                best = better
        if plan.beside and best.media_box_mm - best.text_mm > SLACK_MM:
            best = _fill_beside(trial, plan, best, ceiling, available)
    if entry.kind == "story" and available - best.used_mm > SLACK_MM:
        best = _fewer_columns(trials, search, best, media)
    if not plan.has_media and available - best.used_mm > SLACK_MM:
        best = _spread(trials, best)
    elif plan.has_media and not plan.beside:
        best = _on_foot_line(trials, best)
    body_pt = best.body_pt
    trials.columns, trials.spread_mm, trials.last_mm = best.columns, best.spread_mm, best.last_mm
    document = layout(body_pt, best.media_mm, probe=False)
    # Columns balanced in a box of fixed height can break a line later than on the tall
    # trial page: step down (at most twice) rather than spill onto a second page.
    for _ in range(2):
        if len(document.pages) == 1 or body_pt - STEP_PT < floor:
            break
        body_pt -= STEP_PT
        document = layout(body_pt, best.media_mm, probe=False)
    if len(document.pages) != 1:
        raise BuildError(
            f"the panel '{entry.id}' measured as fitting at {best.body_pt:.1f} pt but laid "
            f"out on {len(document.pages)} pages; this is a fault in vitrina's poster layout",
            Location(entry.doc.path),
            hint="shorten the text a little to work around it, and report the panel",
        )
    final_graphic = plan.make_media(best.media_mm).get("graphic")
    notes = list(final_graphic.notes) if final_graphic is not None else []
    notes.append(
        Note(
            f"layout: body {body_pt:.1f} pt, title {grid.title_pt:.1f} pt, "
            f"{available - best.used_mm:.0f} mm of {available:.0f} mm left "
            f"({trials.layouts} layouts)"
        )
    )
    pdf = context.write_pdf(document, f"poster:{entry.id}:{exhibition.title}")
    if exhibition.posters.crop_marks:
        pdf = add_crop_marks(pdf, grid.bleed_mm)
    poster = Output(
        context.folder / "posters" / f"{entry.id}.pdf", pdf, notes, "poster", entry.doc.path
    )
    return [poster, poster_memory.output(context.variant, entry.id, settled)]


def _confirm(
    trial: Callable[[float, float], Probe],
    hint: float | None,
    low: float,
    high: float,
    media_mm: float,
) -> tuple[bool, Probe | None]:
    """Whether the answer a search remembered still holds, and its trial: ``hint`` is
    still the largest size on the half-point grid in [low, high] that fits when it fits
    and a half point more does not (or it is ``high``), which is what the full search
    proves of its answer; a ``hint`` of None (nothing fitted) holds when ``low`` does not
    fit. (False, None) when it does not hold (an edit moved the answer, or the hint is
    from another paper or setting): the caller searches in full."""
    if hint is None:
        return (not trial(low, media_mm).fits, None)
    if hint != _snap(hint) or not low <= hint <= high:
        return False, None
    result = trial(hint, media_mm)
    if not result.fits:
        return False, None
    if hint + STEP_PT <= high and trial(hint + STEP_PT, media_mm).fits:
        return False, None
    return True, result


def _fewer_columns(
    trials: _Layouts,
    search: Callable[[str, float, float, float, Probe | None], Probe | None],
    best: Probe,
    media: float,
) -> Probe:
    """A short text at the ceiling size in two columns (three on a landscape poster) ends
    in an empty band, and at that size its columns are narrow (about 30 characters to a
    line). A studio sets it larger on a wider measure: the fewest columns whose lines stay
    between MIN_MEASURE and MAX_MEASURE characters (or that hold its longest paragraph on
    one line), as large as fits up to WIDE_CEILING_RATIO; kept when it is set larger or
    fills more of the height, else the columns stand."""
    grid = trials.grid
    columns = 3 if grid.landscape else 2
    longest = max((len(p) for p in str(trials.entry.panel.body).split("\n\n")), default=0)
    for fewer in range(1, columns):
        width_pt = (grid.content_width_mm - (fewer - 1) * grid.gutter_mm) / fewer / MM_PER_PT
        high = min(trials.nominal * WIDE_CEILING_RATIO, width_pt / (AVERAGE_EM * MIN_MEASURE))
        low = math.ceil(width_pt / (AVERAGE_EM * MAX_MEASURE) / STEP_PT) * STEP_PT
        if longest * AVERAGE_EM * high <= width_pt:
            low = trials.floor  # every paragraph a line or less: no measure to keep
        if low <= high:
            break
    else:
        return best
    trials.columns = fewer
    wider = search("fewer-columns", max(low, trials.floor), high, media, None)
    if wider is not None and wider.body_pt >= best.body_pt:
        fuller = wider.used_mm > best.used_mm
        if fuller or wider.body_pt > best.body_pt:
            return wider
    trials.columns = 0
    return best


def _spread(trials: _Layouts, best: Probe) -> Probe:
    """A text too short to fill the poster even at the ceiling size: share the room left
    out between its blocks (under the head, between paragraphs, before the quote and the
    source line, between the people of a roster), at most a line and a half each (three
    lines between people, who are ruled off from each other), in at
    most SPREAD_PROBES layouts, each aimed by the last; what is still left goes above the
    last block (the quote, or the source line), so the poster ends on its foot line (one
    layout more)."""
    target = trials.available - FIT_MARGIN_MM - SLACK_MM / 2
    # A roster's people are ruled off from each other: their rows may open wider.
    cap = _spread_cap(best.body_pt, 3.0 if trials.entry.kind == "roster" else 1.5)
    spread, found = 0.0, best
    gain_per_mm = 4.0  # a first guess: about four gaps
    for _ in range(SPREAD_PROBES):
        spread = min(cap, spread + (target - found.used_mm) / gain_per_mm)
        if spread <= found.spread_mm + 0.5:
            break
        trials.spread_mm = spread
        result = trials.trial(found.body_pt, found.media_mm)
        gain_per_mm = max(1.0, (result.used_mm - found.used_mm) / (spread - found.spread_mm))
        if not result.fits:
            spread = found.spread_mm
            continue
        found = result
        if target - found.used_mm < SLACK_MM or spread >= cap:
            break
    trials.spread_mm = 0.0
    return _on_foot_line(trials, found)


def _on_foot_line(trials: _Layouts, best: Probe) -> Probe:
    """What room is still left goes above the last block (see `_last_block`): the quote
    and the source line under it, or a chart's text, stand on the foot line, where they
    stand on every poster filled to its foot (one layout more). On a poster of text
    alone, HEAD_SHARE of it goes under the head instead, so the text stands clear of
    both and no one band of white holds it all."""
    left = trials.available - FIT_MARGIN_MM - SLACK_MM / 2 - best.used_mm
    if left <= SLACK_MM or not trials.last_block:
        return best
    trials.spread_mm, trials.last_mm = best.spread_mm, left
    result = trials.trial(best.body_pt, best.media_mm)
    trials.spread_mm = trials.last_mm = 0.0
    return result if result.fits else best


def _fill_beside(
    trial: Callable[[float, float], Probe],
    plan: PosterPlan,
    best: Probe,
    ceiling: float,
    available: float,
) -> Probe:
    """Beside a graphic grown to the full height, the text column can end half-way down,
    leaving an empty block under it: find the largest body (up to the ceiling) whose head
    and text column fill the height with the graphic at its smallest, then draw the
    graphic as tall as that column, in at most BESIDE_PROBES more layouts. Kept only if
    the column and the graphic then end about together; else the first layout stands."""
    low, high = best.body_pt + STEP_PT, _snap(ceiling)
    small = plan.media_min_mm
    found: Probe | None = None
    # The text's area grows with the square of its size.
    guess = _snap(best.body_pt * math.sqrt(best.media_box_mm / max(best.text_mm, 1e-6)))
    for _ in range(BESIDE_PROBES - 1):
        if low > high:
            break
        guess = min(max(guess, low), high)
        result = trial(guess, small)
        if result.fits and result.text_mm >= result.media_box_mm:
            found, low = result, guess + STEP_PT
        else:
            high = guess - STEP_PT
        guess = _snap((low + high) / 2)
    if found is None:
        return best
    head = found.used_mm - max(found.text_mm, found.media_box_mm)
    # A caption under the graphic, from the layout where the graphic set the row's height.
    extras = max(0.0, best.media_box_mm - best.media_mm)
    tall = min(plan.media_max_mm, available - FIT_MARGIN_MM - head - extras - 0.5)
    result = trial(found.body_pt, max(small, tall))
    # The text grows a line at a time: a column within a tenth of the graphic's height
    # is as full as the search can make it.
    if result.fits and abs(result.text_mm - result.media_box_mm) <= result.media_box_mm * 0.1:
        return result
    return best


def _grown_media(plan: PosterPlan, best: Probe, available: float) -> float:
    """The media height that takes up the room the best trial left."""
    spare = available - FIT_MARGIN_MM - best.used_mm
    if plan.beside:
        # Beside the text the media can be as tall as the body row, plus the spare room,
        # less what is not media in its column (a caption under a graphic).
        extras = max(0.0, best.media_box_mm - best.media_mm)
        target = best.body_mm + spare - extras
    else:
        target = best.media_mm + spare
    return min(plan.media_max_mm, max(plan.media_min_mm, target))


def _aim(result: Probe, available: float) -> float:
    """The body size that would just fill the height: the text's area grows with the square
    of its size, the media's height stays."""
    fixed = min(result.media_box_mm, available * 0.9)
    ratio = (available - fixed) / max(result.used_mm - fixed, 1e-6)
    return _snap(result.body_pt * math.sqrt(max(ratio, 0.01)))


def _snap(value: float) -> float:
    return math.floor(value / STEP_PT + 1e-6) * STEP_PT


def _overflow_hint(entry: PanelEntry) -> str:
    if entry.kind == "captions" and len(entry.panel.items) > 1:
        return (
            "shorten the captions, move some objects to a second captions panel, or give "
            "this panel a larger poster under poster: size"
        )
    return (
        "shorten the text, give this panel a larger poster under poster: size, or lower "
        "posters: min_body_pt in exhibition.yaml"
    )


def build(context: BuildContext, panel: PanelEntry | None = None) -> list[Output]:
    """The poster of ``panel`` (one job per panel), or every panel's."""
    entries = [panel] if panel is not None else context.exhibit.panels
    return [output for entry in entries for output in render_poster(entry, context)]
