"""Stage 4 — draw: vector graphics (ReportLab) from a panel's data.

Each graphic kind registers a drawer under the panel kind it serves; the
render stage asks ``draw_panel`` for an SVG sized in millimetres.
"""

from vitrina.draw.registry import (
    DRAWERS,
    Graphic,
    GraphicStyle,
    draw_panel,
    register,
)

__all__ = ["DRAWERS", "Graphic", "GraphicStyle", "draw_panel", "register"]

# Importing the drawers registers them.
from vitrina.draw import chart, map, timeline  # noqa: E402,F401
