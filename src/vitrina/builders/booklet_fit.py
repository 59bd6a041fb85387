"""Keeping a booklet section's head with its first graphic or object.

WeasyPrint keeps a box whole (``break-inside: avoid``) by moving it to the next page, so a
section whose map is taller than the space left under its title ends one page with the
title and lede alone and starts the next with the map (the sample's booklet had four such
pages out of twenty). A designer shrinks the graphic to the space left instead, or, when
that would make it too small, takes the title and lede over with it.

This module reads a laid-out booklet (WeasyPrint's page boxes) and says, for every panel
whose head and first graphic or object were parted, how tall the graphic may be drawn on
the next layout so both share a page. The builder redraws those graphics (or limits the
object's image in CSS) and lays the booklet out again, a bounded number of times.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vitrina.adapters.weasyprint import page_box, page_boxes

MM_PER_PX = 25.4 / 96
#: A graphic is shrunk to the space left under its head only down to this share of the
#: height it was drawn at; below that the head moves to the next page with it instead.
MIN_SHARE = 0.6
#: Nor below this height (mm): a map or timeline smaller than this on an A5 page is unreadable.
MIN_HEIGHT_MM = 45.0
#: A graphic that cannot be redrawn small enough is scaled down, but not below this,
MIN_SCALE = 0.8
#: nor so far that its smallest words print under the booklet's smallest type (the
#: preflight's limit, pt) or its finest lines under what a press holds (pt).
MIN_PRINT_PT = 5.5
MIN_LINE_PT = 0.25
#: Room kept free under a shrunk graphic (mm): a redrawn graphic's legend or a caption can
#: take a line more than before.
SAFETY_MM = 3.0
#: What is shrunk inside a section's first graphic or object: the drawing, the image or
#: the for-placement-only frame.
_INNER = ("svg", "img")
_INNER_CLASSES = ("fpo", "object-frame")


@dataclass
class _Placed:
    page: int
    top: float
    bottom: float


@dataclass
class _Section:
    head: _Placed | None = None
    media: _Placed | None = None
    inner_px: float = 0.0


def _classes(box: Any) -> list[str]:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return []
    return (element.get("class") or "").split()


def _sections(pages: list[Any]) -> dict[str, _Section]:
    """Each panel section's head (section number to lede) and first graphic or object:
    the page each is on and their top and bottom (px)."""
    found: dict[str, _Section] = {}
    for index, page in enumerate(pages):
        for box in page_boxes(page):
            element = getattr(box, "element", None)
            if getattr(box, "element_tag", None) != "section" or element is None:
                continue
            name = element.get("id") or ""
            if not name.startswith("panel-"):
                continue
            section = found.setdefault(name.removeprefix("panel-"), _Section())
            _read_section(box, index, section)
    return found


def _read_section(box: Any, page: int, section: _Section) -> None:
    for child in box.descendants():
        if not hasattr(child, "position_y"):
            continue
        classes = _classes(child)
        top, bottom = child.position_y, child.position_y + child.margin_height()
        if "chapter-number" in classes and section.head is None:
            section.head = _Placed(page, top, bottom)
        elif "panel-head" in classes:
            if section.head is None or section.head.page != page:
                section.head = _Placed(page, top, bottom)
            else:
                section.head.bottom = bottom
        elif section.media is None and ({"graphic", "object"} & set(classes)):
            section.media = _Placed(page, top, bottom)
            section.inner_px = _inner_height(child)


def _inner_height(media: Any) -> float:
    for box in media.descendants():
        tag = str(getattr(box, "element_tag", None) or "").rpartition("}")[2]
        if tag in _INNER or set(_classes(box)) & set(_INNER_CLASSES):
            return float(box.height or 0.0)
    return 0.0


def _content_bottom(page: Any) -> float:
    box = page_box(page)
    return box.content_box_y() + box.height


def _content_height(page: Any) -> float:
    return page_box(page).height


def media_limits(pages: list[Any]) -> dict[str, float]:
    """For each panel (by id) whose head ended a page and whose first graphic or object
    began the next: the height (mm) to draw the graphic, image or frame at so it fits
    under the head; or, when that is under ``MIN_SHARE`` of its height or
    ``MIN_HEIGHT_MM``, the height at which head and graphic fit one page together (only
    if they do not already)."""
    limits: dict[str, float] = {}
    for name, section in _sections(pages).items():
        head, media = section.head, section.media
        if head is None or media is None or section.inner_px <= 0:
            continue
        media_px = media.bottom - media.top
        frame_px = media_px - section.inner_px  # caption, legend rows, margins
        safety = SAFETY_MM / MM_PER_PX
        if media.page == head.page + 1:
            room = _content_bottom(pages[head.page]) - head.bottom - frame_px - safety
            floor = max(MIN_SHARE * section.inner_px, MIN_HEIGHT_MM / MM_PER_PX)
            if room >= floor:
                limits[name] = room * MM_PER_PX
                continue
        together = _content_height(pages[media.page]) - (head.bottom - head.top) - frame_px - safety
        if media.page != head.page and together < section.inner_px:
            limits[name] = max(together, MIN_HEIGHT_MM / MM_PER_PX) * MM_PER_PX
    return limits


def fit_graphic(
    draw: Callable[[float, float], Any], width_mm: float, limit_mm: float
) -> tuple[Any, float]:
    """A graphic redrawn to be at most ``limit_mm`` high, and the scale (≤ 1) it still has
    to be shown at. Drawers take the height they need (a timeline's events, a chart's bars,
    a map's shape at that width): a map is drawn narrower, and what still does not fit is
    scaled down, but never below ``MIN_SCALE`` nor below the scale at which its smallest
    words or finest lines would no longer print."""
    graphic = draw(width_mm, limit_mm)
    for _ in range(3):  # bounded: each try narrows the width in proportion
        if graphic is None or graphic.height_mm <= limit_mm:
            return graphic, 1.0
        narrower = draw(width_mm * limit_mm / graphic.height_mm, limit_mm)
        if narrower is None or narrower.height_mm >= graphic.height_mm - 0.5:
            break
        width_mm, graphic = narrower.width_mm, narrower
    if graphic is None or graphic.height_mm <= limit_mm:
        return graphic, 1.0
    return graphic, max(MIN_SCALE, _smallest_scale(graphic), limit_mm / graphic.height_mm)


def _smallest_scale(graphic: Any) -> float:
    """The smallest scale at which the graphic's words and lines still print (1 when its
    finest print is already at the limit, as a map's graticule is)."""
    from reportlab.graphics.shapes import Group, String

    fonts: list[float] = []
    strokes: list[float] = []
    stack = [graphic.drawing]
    while stack:  # bounded by the drawing's own size
        node = stack.pop()
        for item in getattr(node, "contents", []):
            if isinstance(item, String):
                fonts.append(item.fontSize)
            elif isinstance(item, Group):
                stack.append(item)
            elif getattr(item, "strokeColor", None) is not None and getattr(item, "strokeWidth", 0):
                strokes.append(item.strokeWidth)
    return max(
        MIN_PRINT_PT / min(fonts) if fonts else 0.0,
        MIN_LINE_PT / min(strokes) if strokes else 0.0,
    )


@dataclass
class Scaled:
    """A graphic shown smaller than drawn: its SVG's width and height say so (WeasyPrint
    sizes an inline SVG by those attributes, not by CSS), its drawing scales with them."""

    graphic: Any
    scale: float

    @property
    def width_mm(self) -> float:
        return self.graphic.width_mm * self.scale

    @property
    def height_mm(self) -> float:
        return self.graphic.height_mm * self.scale

    @property
    def notes(self) -> list[str]:
        return self.graphic.notes

    def svg(self) -> str:
        return _SVG_SIZE.sub(
            f'<svg width="{self.width_mm:.2f}mm" height="{self.height_mm:.2f}mm"',
            self.graphic.svg(),
            count=1,
        )


_SVG_SIZE = re.compile(r'<svg width="[^"]*" height="[^"]*"')


def media_css(limits: dict[str, float], captions: set[str]) -> str:
    """CSS that holds the first object's image or frame of the captions panels in
    ``captions`` to its limit (graphics are redrawn, or ``Scaled``, instead)."""
    rules = []
    for name, height in sorted(limits.items()):
        if name not in captions:
            continue
        # The first object, or the first row of two where objects stand two to a row.
        first = (
            f"#panel-{name}:not(.many-objects) figure.object:first-of-type, "
            f"#panel-{name}.many-objects figure.object:nth-of-type(-n+2)"
        )
        rules.append(
            f"{_each(first, '.fpo')} {{ height: {height:.1f}mm; }}\n"
            f"{_each(first, '.object-image')} {{ max-height: {height:.1f}mm; }}"
        )
    return "\n".join(rules)


def _each(selectors: str, descendant: str) -> str:
    """``descendant`` inside each of a comma-separated list of selectors."""
    return ", ".join(f"{selector} {descendant}" for selector in selectors.split(", "))
