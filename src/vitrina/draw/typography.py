"""Typographic quotes and apostrophes for the words inside graphics.

The text around a graphic gets them from Markdown's typographer; the graphics draw
strings themselves, so the same marks are put in here, once, over a finished drawing.
"""

from __future__ import annotations

import re

from reportlab.graphics.shapes import Drawing, Group, String

_OPENS_AFTER = re.compile(r"(^|[\s(\[{\u2013\u2014/-])$")


def typographic(text: str) -> str:
    """Straight quotes and apostrophes as curly ones: "x" → “x”, 'x' → ‘x’, it's → it’s."""
    if '"' not in text and "'" not in text:
        return text
    out: list[str] = []
    for index, char in enumerate(text):
        before = text[:index]
        opening = bool(_OPENS_AFTER.search(before[-1:] if before else ""))
        if char == '"':
            out.append("\u201c" if opening else "\u201d")
        elif char == "'":
            out.append("\u2018" if opening else "\u2019")
        else:
            out.append(char)
    return "".join(out)


def curl_quotes(node: Drawing | Group) -> None:
    """Set typographic quotes in every string of a drawing, groups included."""
    for item in getattr(node, "contents", []):
        if isinstance(item, String):
            item.text = typographic(item.text)
        elif isinstance(item, Group):
            curl_quotes(item)
