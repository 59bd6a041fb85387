"""Bar charts of amounts, with a log axis when the values span orders of magnitude."""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Drawing, Line, Rect, String

from vitrina.draw import palette
from vitrina.draw.fonts import SANS, SANS_BOLD, text_width, wrap
from vitrina.draw.registry import Graphic, GraphicStyle, register
from vitrina.model.panels import ChartPanel

#: Bars of the same group share a colour; greys and patterns stand in when printing grey.
GROUP_COLOURS = (palette.RED, palette.INK, palette.MUTED, palette.WATER_LINE)


def use_log_scale(panel: ChartPanel) -> bool:
    values = [bar.value for bar in panel.bars]
    if panel.scale == "log":
        return True
    if panel.scale == "linear":
        return False
    return max(values) / min(values) > 100


def format_amount(value: float) -> str:
    """100000000 → '100 million'; 200000 → '200,000'; 10 → '10'."""
    if value >= 1_000_000:
        millions = value / 1_000_000
        text = f"{millions:,.0f}" if millions == int(millions) else f"{millions:,.1f}"
        return f"{text} million"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def _axis(panel: ChartPanel, log: bool) -> tuple[float, float, list[float]]:
    values = [bar.value for bar in panel.bars]
    if log:
        low = 10 ** math.floor(math.log10(min(values)))
        high = 10 ** math.ceil(math.log10(max(values)))
        if high == low:
            high *= 10
        ticks = [10**e for e in range(round(math.log10(low)), round(math.log10(high)) + 1)]
        return low, high, ticks
    high = max(values)
    step = 10 ** math.floor(math.log10(high))
    for factor in (1, 2, 5):
        if high / (step * factor) <= 6:
            step *= factor
            break
    top = math.ceil(high / step) * step
    return 0.0, top, [i * step for i in range(int(top / step) + 1)]


@register("chart")
def draw_chart(panel: ChartPanel, width: float, height: float, style: GraphicStyle) -> Graphic:
    """Horizontal bars, labels on the left, value at the end of each bar, decade grid."""
    size = style.font_pt
    grey = style.grey
    log = use_log_scale(panel)
    low, high, ticks = _axis(panel, log)

    label_width = min(width * 0.38, max(text_width(b.label, SANS, size) for b in panel.bars) + size)
    label_lines = [wrap(b.label, SANS, size, label_width - size) for b in panel.bars]
    row = max(size * 3.2, max(len(lines) for lines in label_lines) * size * 1.25 + size * 1.4)
    groups = list(dict.fromkeys(b.group for b in panel.bars if b.group))
    legend_h = size * 2.2 if groups else 0
    axis_h = size * 2.6
    natural = len(panel.bars) * row + axis_h + legend_h + size
    height = natural  # a chart takes the room its bars need, no more
    drawing = Drawing(width, height)
    boxes: list[tuple[float, float, float, float]] = []

    x0 = label_width
    value_room = text_width("100 million", SANS_BOLD, size) + size * 0.8
    x1 = width - value_room

    def x_of(value: float) -> float:
        if log:
            return x0 + (math.log10(value) - math.log10(low)) / (
                math.log10(high) - math.log10(low)
            ) * (x1 - x0)
        return x0 + (value - low) / (high - low) * (x1 - x0)

    top = height - legend_h - size * 0.5
    bottom = top - len(panel.bars) * row
    # Grid and tick labels.
    for tick in ticks:
        x = x_of(tick)
        drawing.add(
            Line(x, bottom, x, top, strokeColor=palette.color(palette.RULE, grey), strokeWidth=0.5)
        )
        label = format_amount(tick)
        drawing.add(
            String(
                x,
                bottom - size * 1.3,
                label,
                fontName=SANS,
                fontSize=size * 0.8,
                fillColor=palette.color(palette.MUTED, grey),
                textAnchor="middle",
            )
        )
    drawing.add(
        String(
            x0,
            bottom - size * 2.4,
            f"{panel.unit}, {'logarithmic scale' if log else 'linear scale'}",
            fontName=SANS,
            fontSize=size * 0.8,
            fillColor=palette.color(palette.MUTED, grey),
        )
    )
    # Bars.
    for index, (bar, lines) in enumerate(zip(panel.bars, label_lines, strict=True)):
        y_mid = top - (index + 0.5) * row
        bar_h = row * 0.42
        group_index = groups.index(bar.group) if bar.group in groups else 0
        fill = palette.color(GROUP_COLOURS[group_index % len(GROUP_COLOURS)], grey)
        x_end = max(x_of(bar.value), x0 + 1.5)
        drawing.add(
            Rect(x0, y_mid - bar_h / 2, x_end - x0, bar_h, fillColor=fill, strokeColor=None)
        )
        if grey and group_index:
            # Hatch later groups so they differ from the first without colour.
            step = size * 0.6
            x = x0 + step
            while x < x_end:
                drawing.add(
                    Line(
                        x,
                        y_mid - bar_h / 2,
                        x,
                        y_mid + bar_h / 2,
                        strokeColor=palette.color(palette.PAPER),
                        strokeWidth=0.6,
                    )
                )
                x += step
        block_h = len(lines) * size * 1.2
        for line_no, text in enumerate(lines):
            y = y_mid + block_h / 2 - size * 0.95 - line_no * size * 1.2
            drawing.add(
                String(
                    0,
                    y,
                    text,
                    fontName=SANS,
                    fontSize=size,
                    fillColor=palette.color(palette.INK, grey),
                )
            )
        boxes.append((0, y_mid - block_h / 2, label_width - size, y_mid + block_h / 2))
        value_text = format_amount(bar.value)
        vx = x_end + size * 0.4
        drawing.add(
            String(
                vx,
                y_mid - size * 0.35,
                value_text,
                fontName=SANS_BOLD,
                fontSize=size,
                fillColor=palette.color(palette.INK, grey),
            )
        )
        boxes.append(
            (
                vx,
                y_mid - size * 0.4,
                vx + text_width(value_text, SANS_BOLD, size),
                y_mid + size * 0.75,
            )
        )
        if bar.date:
            dx = vx
            drawing.add(
                String(
                    dx,
                    y_mid - size * 1.35,
                    bar.date,
                    fontName=SANS,
                    fontSize=size * 0.75,
                    fillColor=palette.color(palette.MUTED, grey),
                )
            )
    # Legend.
    if groups:
        x = 0.0
        y = height - size * 1.3
        for group_index, group in enumerate(groups):
            fill = palette.color(GROUP_COLOURS[group_index % len(GROUP_COLOURS)], grey)
            drawing.add(Rect(x, y, size * 0.9, size * 0.9, fillColor=fill, strokeColor=None))
            drawing.add(
                String(
                    x + size * 1.3,
                    y + size * 0.1,
                    group,
                    fontName=SANS,
                    fontSize=size * 0.9,
                    fillColor=palette.color(palette.INK, grey),
                )
            )
            x += size * 1.3 + text_width(group, SANS, size * 0.9) + size * 1.8
    alt = (
        "Bar chart, "
        + ("logarithmic scale: " if log else ": ")
        + "; ".join(f"{b.label}: {format_amount(b.value)} {panel.unit}" for b in panel.bars)
    )
    return Graphic(drawing, boxes, alt)
