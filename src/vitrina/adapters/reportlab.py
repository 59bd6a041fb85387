"""ReportLab's SVG as ``renderSVG`` writes it, edited as text.

vitrina draws with ReportLab and hands WeasyPrint the SVG, which needs fixing first; the
fixes are regular expressions over ReportLab's output, so they depend on its exact form:
an XML prolog and DOCTYPE before ``<svg``; ``<svg width="…" height="…"`` first; paint
written ``fill: None`` (Python's None, which WeasyPrint reads as black); fonts named
``font-family: Helvetica-Bold;`` (ReportLab's names); ``stroke-width: 0.1`` in points; a
``<title>`` and ``<desc>`` pair. Every such pattern is here, with one function each.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_PROLOG = re.compile(r"^.*?(<svg\b)", re.DOTALL)
_NONE = re.compile(r"\b(fill|stroke)\s*:\s*None\b")
_FONT = re.compile(r"font-family:\s*([A-Za-z-]+)\s*;")
_SIZE = re.compile(r'<svg width="[^"]*" height="[^"]*"')
_STROKE_WIDTH = re.compile(r"stroke-width\s*:\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)")
_TITLE_DESC = re.compile(r"\s*<title>.*?</title>\s*<desc>.*?</desc>", re.DOTALL)


def drawing_svg(drawing: Any) -> str:
    """The SVG text ReportLab writes for a Drawing."""
    from reportlab.graphics import renderSVG

    return renderSVG.drawToString(drawing)


def drop_prolog(svg: str) -> str:
    """Everything before ``<svg`` (XML declaration, DOCTYPE) removed, for inline HTML."""
    return _PROLOG.sub(r"\1", svg, count=1)


def none_paint(svg: str) -> str:
    """``fill: None`` and ``stroke: None`` written as CSS's ``none``."""
    return _NONE.sub(lambda m: f"{m[1]}: none", svg)


def map_fonts(svg: str, css: Callable[[str], str | None]) -> str:
    """Each ``font-family: Name;`` replaced by ``css(Name)``, or kept when that is None."""

    def replace(match: re.Match[str]) -> str:
        return css(match[1]) or match[0]

    return _FONT.sub(replace, svg)


def map_stroke_widths(svg: str, written: Callable[[float], str | None]) -> str:
    """Each ``stroke-width: W`` replaced by ``written(W)``, or kept when that is None."""

    def replace(match: re.Match[str]) -> str:
        return written(float(match[1])) or match[0]

    return _STROKE_WIDTH.sub(replace, svg)


def set_size(svg: str, attributes: str) -> str:
    """The ``<svg width=… height=…`` head replaced by ``<svg`` + ``attributes``."""
    return _SIZE.sub(lambda _m: f"<svg {attributes}", svg, count=1)


def set_title(svg: str, title: str) -> str:
    """ReportLab's ``<title>``/``<desc>`` pair replaced by one ``<title>`` (escaped text)."""
    return _TITLE_DESC.sub(lambda _m: f"<title>{title}</title>", svg, count=1)
