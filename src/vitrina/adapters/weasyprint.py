"""WeasyPrint's internals vitrina reads: the laid-out boxes of a page.

``Document.pages[n]`` is public, but its box tree is kept in ``Page._page_box``; vitrina
reads it to measure how far the content reaches (fitting posters, the booklet's sections
and the handout). Boxes carry ``element``, ``element_tag``, ``position_y``, ``height``,
``margin_height()`` and ``content_box_y()`` (CSS px).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def page_box(page: Any) -> Any:
    """The root box of a WeasyPrint page (its ``height`` is the page's content height)."""
    return page._page_box


def page_boxes(page: Any) -> Iterator[Any]:
    """Every box laid out on a WeasyPrint page, the page box first."""
    return page._page_box.descendants()
