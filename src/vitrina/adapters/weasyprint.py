"""WeasyPrint's internals vitrina reads: the laid-out boxes of a page.

``Document.pages[n]`` is public, but its box tree is kept in ``Page._page_box``; vitrina
reads it to measure how far the content reaches (fitting posters and the handout). Boxes
carry ``element_tag``, ``position_y``, ``height`` and ``margin_height()`` (CSS px).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def page_boxes(page: Any) -> Iterator[Any]:
    """Every box laid out on a WeasyPrint page, the page box first."""
    return page._page_box.descendants()
