"""What a poster's fitting search settled on, kept for the next build (vitrina.memory).

A poster's build spends most of its time in trial layouts: each search for the largest
body size that fits takes up to MAX_PROBES of them. After a small edit the answer is
almost always the same size, or a half point off, so the next build starts from it and
confirms it in one or two layouts (it fits, and a half point more does not) instead of
searching again. What is remembered is only where to look: an answer that no longer holds
sends the search back to the full search, and a damaged or foreign file is ignored.

The confirmed size is the one the full search gives because both rest on the same fact:
a poster that fits at one size fits at every smaller one, so "fits, and half a point more
does not" has one answer. Only the searches for a size are remembered; the steps after
them (the media grown into the room left, the space spread between blocks) are measured
from the confirmed layout as the full search measures them, and a text set beside a graphic
still looks for its column's fill in full (its test is not one-sided).
"""

from __future__ import annotations

import json
import math
from typing import Any

from vitrina.memory import memory_output
from vitrina.output import Output

#: The layout of a poster's memory file; another one is ignored.
FORMAT = 1
#: A poster's memory is a few numbers: a larger file is not ours, and is not read.
MAX_BYTES = 4096
#: At most this many searches are remembered per poster (a poster runs three at most).
MAX_SEARCHES = 8


def memory_name(variant: str, panel_id: str) -> str:
    """The name a poster's memory is kept under (one file per poster and variant)."""
    return f"posters/{variant}/{panel_id}.json"


def parse(data: bytes | None) -> dict[str, float | None]:
    """The body size (pt) each named search settled on, from a memory file's bytes (None:
    not even its smallest size fitted); {} for none, a damaged file, another format; a
    value that is not a size is left out."""
    if data is None or len(data) > MAX_BYTES:
        return {}
    try:
        parsed: Any = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return {}
    if not isinstance(parsed, dict) or parsed.get("format") != FORMAT:
        return {}
    settled = parsed.get("settled")
    if not isinstance(settled, dict):
        return {}
    sizes: dict[str, float | None] = {}
    for name, value in list(settled.items())[:MAX_SEARCHES]:
        if value is None:
            sizes[str(name)] = None
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        elif math.isfinite(value) and 0 < value < 10_000:
            sizes[str(name)] = float(value)
    return sizes


def output(variant: str, panel_id: str, settled: dict[str, float | None]) -> Output:
    """The memory output of a poster: the body size each named search settled on."""
    data = {"format": FORMAT, "settled": dict(sorted(settled.items())[:MAX_SEARCHES])}
    return memory_output(memory_name(variant, panel_id), json.dumps(data).encode() + b"\n")
