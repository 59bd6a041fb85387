"""What each fill colour of a content stream paints: text (and how large, in points on the
page) or areas (and how large). The CMYK conversion needs it: small grey text is better in
one ink (K only) and a large solid black needs more than one (rich black), while the same
RGB value used elsewhere converts as usual.

The reading is deliberately simple: the current transformation is followed through q/Q
and cm, text size through Tf and Tm, and an area is the bounding box of a filled path.
It walks each operator once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
#: Operators that set the fill colour (a new use starts after each).
FILL_COLOUR = {b"rg", b"g", b"k", b"sc", b"scn", b"cs"}
TEXT_SHOW = {b"Tj", b"TJ", b"'", b'"'}
PATH_FILL = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
PATH_POINTS = {b"m": 2, b"l": 2, b"c": 6, b"v": 4, b"y": 4}


@dataclass
class FillUse:
    """What one fill colour painted until the next one was set."""

    text_pt: float = 0.0
    """The largest text shown in it (points on the page); 0 for none."""
    area_pt2: float = 0.0
    """The largest filled area (bounding box, square points on the page)."""


def _multiply(a: Matrix, b: Matrix) -> Matrix:
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def _scale(m: Matrix) -> float:
    """How much the matrix scales lengths (the square root of its determinant)."""
    return abs(m[0] * m[3] - m[1] * m[2]) ** 0.5


def fill_uses(operations: Sequence[tuple[Any, bytes]]) -> dict[int, FillUse]:
    """For each fill-colour operator (by index), what it painted."""
    uses: dict[int, FillUse] = {}
    current: FillUse | None = None
    ctm, stack = IDENTITY, []
    text_matrix, font_size = IDENTITY, 0.0
    path: list[tuple[float, float]] = []
    for index, (operands, operator) in enumerate(operations):
        if operator in FILL_COLOUR:
            if operator != b"cs":
                current = uses.setdefault(index, FillUse())
        elif operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop() if stack else IDENTITY
        elif operator == b"cm" and len(operands) == 6:
            ctm = _multiply(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
        elif operator == b"Tf" and len(operands) == 2:
            font_size = abs(float(operands[1]))
        elif operator == b"Tm" and len(operands) == 6:
            text_matrix = tuple(float(v) for v in operands)  # type: ignore[assignment]
        elif operator in TEXT_SHOW and current is not None:
            size = font_size * _scale(text_matrix) * _scale(ctm)
            current.text_pt = max(current.text_pt, size)
        elif operator == b"re" and len(operands) == 4:
            x, y, w, h = (float(v) for v in operands)
            path += [(x, y), (x + w, y + h)]
        elif operator in PATH_POINTS and len(operands) == PATH_POINTS[operator]:
            path.append((float(operands[-2]), float(operands[-1])))
        elif operator in PATH_FILL or operator in (b"n", b"S", b"s"):
            if operator in PATH_FILL and current is not None and path:
                xs, ys = [p[0] for p in path], [p[1] for p in path]
                area = (max(xs) - min(xs)) * (max(ys) - min(ys)) * _scale(ctm) ** 2
                current.area_pt2 = max(current.area_pt2, area)
            path = []
    return uses
