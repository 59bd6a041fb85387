"""Stage 4 — draw: vector graphics (ReportLab) from a panel's data.

Each graphic kind registers a drawer under the panel kind it serves; the
render stage asks ``draw_panel`` for an SVG sized in millimetres.
"""

from reportlab import rl_config

# ReportLab checks every attribute set on a shape against its type (a help while writing
# drawing code, half the time of drawing a map); vitrina's drawers are covered by tests.
# This must be set before reportlab.graphics.shapes is first imported.
rl_config.shapeChecking = 0

from vitrina.draw.registry import (  # noqa: E402
    DRAWERS,
    Graphic,
    GraphicStyle,
    draw_panel,
    register,
)

__all__ = ["DRAWERS", "Graphic", "GraphicStyle", "draw_panel", "register"]

# Importing the drawers registers them.
from vitrina.draw import chart, map, timeline  # noqa: E402,F401
