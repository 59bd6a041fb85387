"""Typographic quotes and apostrophes for the words inside graphics.

The text around a graphic gets them from Markdown's typographer and the templates; the
graphics draw strings themselves, so the same marks (vitrina.resolve.typography, in the
exhibition's language) are put in here, once, over a finished drawing.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, String

from vitrina.resolve.typography import DEFAULT_LANGUAGE, typographic

__all__ = ["curl_quotes", "typographic"]


def curl_quotes(node: Drawing | Group, language: str | None = DEFAULT_LANGUAGE) -> None:
    """Set typographic quotes in every string of a drawing, groups included (dates are
    not rejoined: the drawing's lines are already set)."""
    for item in getattr(node, "contents", []):
        if isinstance(item, String):
            item.text = typographic(item.text, language, dates=False)
        elif isinstance(item, Group):
            curl_quotes(item, language)
