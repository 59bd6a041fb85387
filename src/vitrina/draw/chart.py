"""Bar charts of amounts, with a log axis when the values span orders of magnitude."""

from __future__ import annotations

import math

from babel.numbers import format_compact_decimal, format_decimal
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String

from vitrina.draw import palette
from vitrina.draw.bilingual import SECOND_FONT, differs, own_words
from vitrina.draw.fonts import SANS, SANS_BOLD, text_width, wrap
from vitrina.draw.registry import Graphic, GraphicStyle, register
from vitrina.i18n.catalogues import words
from vitrina.i18n.formats import format_number, locale_of
from vitrina.model.panels import ChartPanel

#: Lines of words, each (text, font, colour).
Lines = list[tuple[str, str, object]]

#: Bars of the same group share a colour; greys and patterns stand in when printing grey.
GROUP_COLOURS = (palette.RED, palette.INK, palette.MUTED, palette.WATER_LINE)


def use_log_scale(panel: ChartPanel) -> bool:
    values = [bar.value for bar in panel.bars]
    if panel.scale == "log":
        return True
    if panel.scale == "linear":
        return False
    return max(values) / min(values) > 100


def format_amount(value: float, language: str = "en", in_words: bool = True) -> str:
    """100000000 → '100 million'; 200000 → '200,000'; 10 → '10'; 0.1 → '0.1' — in the
    language's own words and digit grouping ('100 milijonų', '200 000', '0,1'). Not
    ``in_words``, millions are written in digits too ('100,000,000'): a chart read in
    two languages gives every reader numbers they can read."""
    if value >= 1_000_000 and in_words:
        millions = value / 1_000_000
        digits = 0 if millions == int(millions) else 1
        return format_compact_decimal(
            value, format_type="long", locale=locale_of(language), fraction_digits=digits
        )
    if value < 1:
        return format_decimal(value, locale=locale_of(language))
    return format_number(value, language, 0 if value == int(value) else 2)


def _axis(panel: ChartPanel, log: bool) -> tuple[float, float, list[float]]:
    values = [bar.value for bar in panel.bars]
    if log:
        # The axis starts a decade below the smallest value when that value is itself a
        # power of ten, so no bar has zero length.
        smallest = min(values)
        low = 10 ** math.floor(math.log10(smallest))
        if smallest <= low * 1.0001:
            low /= 10
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


def _runs_width(runs: Lines, size: float) -> float:
    """The width of runs set one after the other on a line, a space apart."""
    return sum(text_width(t, font, size) for t, font, _c in runs) + text_width(" ", SANS, size) * (
        len(runs) - 1
    )


def _legend_rows(groups: list[Lines], size: float, width: float) -> int:
    rows, x = 1, 0.0
    for group in groups:
        entry_w = size * 1.3 + _runs_width(group, size * 0.9)
        if x > 0 and x + entry_w > width:
            rows, x = rows + 1, 0.0
        x += entry_w + size * 1.8
    return rows


def thin_ticks(positions: list[float], widths: list[float], space: float) -> list[int]:
    """Indices of the tick labels to print: every k-th, the smallest k for which no two
    printed labels (centred at ``positions``, ``widths`` wide) come closer than
    ``space``."""
    count = len(positions)
    for step in range(1, count + 1):
        shown = list(range(0, count, step))
        if all(
            positions[b] - widths[b] / 2 - (positions[a] + widths[a] / 2) >= space
            for a, b in zip(shown, shown[1:], strict=False)
        ):
            return shown
    return [0]


@register("chart")
def draw_chart(panel: ChartPanel, width: float, height: float, style: GraphicStyle) -> Graphic:
    """Horizontal bars, labels on the left, the value at the end of each bar with its date
    and note under it, a grid that stops short of every word."""
    size = style.font_pt
    grey = style.grey
    _ = words(style.language).gettext
    in_words = not style.also  # a bilingual chart writes its amounts in digits only

    def amount(value: float) -> str:
        return format_amount(value, style.language, in_words)

    paper = palette.color(palette.PAPER)
    muted = palette.color(palette.MUTED, grey)
    ink = palette.color(palette.INK, grey)
    log = use_log_scale(panel)
    low, high, ticks = _axis(panel, log)

    second = palette.color(palette.SECOND, grey)
    # Each bar's words in the other languages, where they differ: its label under its
    # label, its date and note under its date and note, in the second language's italic.
    versions = [
        (language, other.bars)
        for language, other in style.also
        if isinstance(other, ChartPanel) and len(other.bars) == len(panel.bars)
    ]
    own_labels = [
        [own_words(bars[i].label, language) for language, bars in versions]
        for i in range(len(panel.bars))
    ]
    own_labels = [
        [t for t in texts if differs(bar.label, t)]
        for bar, texts in zip(panel.bars, own_labels, strict=True)
    ]
    own_details = [
        [
            " · ".join(
                own_words(t, language)
                for t, first in ((bars[i].date, bar.date), (bars[i].note, bar.note))
                if differs(first, t)
            )
            for language, bars in versions
        ]
        for i, bar in enumerate(panel.bars)
    ]
    label_width = min(
        width * 0.38,
        max(
            [text_width(b.label, SANS, size) for b in panel.bars]
            + [text_width(t, SECOND_FONT, size) for texts in own_labels for t in texts]
        )
        + size,
    )

    def lines_of(texts: list[str], font: str, colour, font_size: float, room: float) -> Lines:  # noqa: ANN001
        return [(line, font, colour) for t in texts if t for line in wrap(t, font, font_size, room)]

    label_lines = [
        lines_of([b.label], SANS, ink, size, label_width - size)
        + lines_of(own, SECOND_FONT, second, size, label_width - size)
        for b, own in zip(panel.bars, own_labels, strict=True)
    ]
    detail_size = size * 0.8
    details = [" · ".join(t for t in (b.date, b.note) if t) for b in panel.bars]
    value_w = max(text_width(amount(b.value), SANS_BOLD, size) for b in panel.bars)
    detail_w = max(
        [text_width(d, SANS, detail_size) for d in details if d]
        + [text_width(d, SECOND_FONT, detail_size) for own in own_details for d in own if d],
        default=0,
    )
    value_room = min(max(value_w, detail_w), width * 0.3) + size * 0.8
    detail_lines = [
        lines_of([d], SANS, muted, detail_size, value_room - size * 0.8)
        + lines_of(own, SECOND_FONT, second, detail_size, value_room - size * 0.8)
        for d, own in zip(details, own_details, strict=True)
    ]
    text_rows = max(len(lines) for lines in label_lines) * size * 1.25
    detail_rows = max((len(d) for d in detail_lines), default=0) * detail_size * 1.2
    row = max(size * 3.2, text_rows + size * 1.4, size * 1.6 + detail_rows + size * 0.9)
    groups = list(dict.fromkeys(b.group for b in panel.bars if b.group))
    # Each group's name, and after it its name in the other languages, in their italic.
    group_words: list[Lines] = []
    for group in groups:
        first = next(i for i, b in enumerate(panel.bars) if b.group == group)
        others = [
            own_words(bars[first].group or "", language)
            for language, bars in versions
            if differs(group, bars[first].group)
        ]
        texts = [group, *others]
        group_words.append(
            [
                (text + (" /" if number < len(texts) - 1 else ""), *style_of)
                for number, (text, style_of) in enumerate(
                    zip(texts, [(SANS, ink)] + [(SECOND_FONT, second)] * len(others), strict=True)
                )
            ]
        )
    legend_h = _legend_rows(group_words, size, width) * size * 1.5 + size * 0.7 if groups else 0
    axis_words = _axis_words(panel, style, log, width - label_width, size * 0.8)
    axis_h = size * 2.6 + (len(axis_words) - 1) * size * 0.8 * 1.2
    natural = len(panel.bars) * row + axis_h + legend_h + size
    bar_h = min(row * 0.42, size * 1.3)
    if style.fill and height > natural:
        # The rows share out the room (up to 2.5 times their height), the bars thicken.
        row = min(row * 2.5, row + (height - natural) / len(panel.bars))
        bar_h = min(row * 0.45, size * 2.6)
        natural = len(panel.bars) * row + axis_h + legend_h + size
    height = natural  # a chart takes the room its bars need, or is given, no more
    drawing = Drawing(width, height)
    boxes: list[tuple[float, float, float, float]] = []

    x0 = label_width
    x1 = width - value_room

    def x_of(value: float) -> float:
        if log:
            return x0 + (math.log10(value) - math.log10(low)) / (
                math.log10(high) - math.log10(low)
            ) * (x1 - x0)
        return x0 + (value - low) / (high - low) * (x1 - x0)

    top = height - legend_h - size * 0.5
    bottom = top - len(panel.bars) * row
    # Grid, and tick labels thinned to the room they have.
    tick_size = size * 0.8
    grid = Group()  # filled in at the end, when every word's box is known
    drawing.add(grid)
    labels = [amount(t) for t in ticks]
    widths = [text_width(t, SANS, tick_size) for t in labels]
    for index in thin_ticks([x_of(t) for t in ticks], widths, size * 0.8):
        x = min(max(x_of(ticks[index]), widths[index] / 2), width - widths[index] / 2)
        drawing.add(
            String(
                x,
                bottom - size * 1.3,
                labels[index],
                fontName=SANS,
                fontSize=tick_size,
                fillColor=muted,
                textAnchor="middle",
            )
        )
        boxes.append(
            (
                x - widths[index] / 2,
                bottom - size * 1.3 - tick_size * 0.25,
                x + widths[index] / 2,
                bottom - size * 1.3 + tick_size * 0.8,
            )
        )
    for number, line in enumerate(axis_words):
        x = x0
        for text, font, colour in line:
            drawing.add(
                String(
                    x,
                    bottom - size * 2.4 - number * tick_size * 1.2,
                    text,
                    fontName=font,
                    fontSize=tick_size,
                    fillColor=colour,
                )
            )
            x += text_width(f"{text} ", font, tick_size)  # (SVG drops a run's own spaces)
    # Bars.
    for index, (bar, lines) in enumerate(zip(panel.bars, label_lines, strict=True)):
        y_mid = top - (index + 0.5) * row
        y_bar = y_mid + (detail_size * 0.6 if detail_lines[index] else 0)
        group_index = groups.index(bar.group) if bar.group in groups else 0
        fill = palette.color(GROUP_COLOURS[group_index % len(GROUP_COLOURS)], grey)
        x_end = x_of(bar.value)
        drawing.add(
            Rect(x0, y_bar - bar_h / 2, x_end - x0, bar_h, fillColor=fill, strokeColor=None)
        )
        if grey and group_index:
            # Hatch later groups so they differ from the first without colour.
            step = size * 0.6
            x = x0 + step
            while x < x_end:
                drawing.add(
                    Line(
                        x,
                        y_bar - bar_h / 2,
                        x,
                        y_bar + bar_h / 2,
                        strokeColor=paper,
                        strokeWidth=0.6,
                    )
                )
                x += step
        block_h = len(lines) * size * 1.2
        for line_no, (text, font, colour) in enumerate(lines):
            y = y_mid + block_h / 2 - size * 0.95 - line_no * size * 1.2
            drawing.add(String(0, y, text, fontName=font, fontSize=size, fillColor=colour))
        boxes.append((0, y_mid - block_h / 2, label_width - size, y_mid + block_h / 2))
        value_text = amount(bar.value)
        vx = x_end + size * 0.4
        drawing.add(
            String(
                vx,
                y_bar - size * 0.35,
                value_text,
                fontName=SANS_BOLD,
                fontSize=size,
                fillColor=ink,
            )
        )
        boxes.append(
            (
                vx,
                y_bar - size * 0.6,
                vx + text_width(value_text, SANS_BOLD, size),
                y_bar + size * 0.75,
            )
        )
        # Date and note under the bar's end, on paper so no gridline runs through them.
        dy = y_bar - bar_h / 2 - detail_size * 1.05
        for text, font, colour in detail_lines[index]:
            drawing.add(
                String(
                    x0 + size * 0.2,
                    dy,
                    text,
                    fontName=font,
                    fontSize=detail_size,
                    fillColor=colour,
                )
            )
            boxes.append(
                (
                    x0 + size * 0.2,
                    dy - detail_size * 0.25,
                    x0 + size * 0.2 + text_width(text, font, detail_size),
                    dy + detail_size * 0.8,
                )
            )
            dy -= detail_size * 1.2
    rule = palette.color(palette.RULE, grey)
    for tick in ticks:
        x = x_of(tick)
        for y0, y1 in _gridline_pieces(x, bottom, top, boxes, size * 0.2):
            grid.add(Line(x, y0, x, y1, strokeColor=rule, strokeWidth=0.5))
    # Legend.
    if groups:
        x = 0.0
        y = height - size * 1.3
        for group_index, runs in enumerate(group_words):
            entry_w = size * 1.3 + _runs_width(runs, size * 0.9)
            if x > 0 and x + entry_w > width:
                x, y = 0.0, y - size * 1.5  # the next row
            fill = palette.color(GROUP_COLOURS[group_index % len(GROUP_COLOURS)], grey)
            drawing.add(Rect(x, y, size * 0.9, size * 0.9, fillColor=fill, strokeColor=None))
            run_x = x + size * 1.3
            for text, font, colour in runs:
                drawing.add(
                    String(
                        run_x,
                        y + size * 0.1,
                        text,
                        fontName=font,
                        fontSize=size * 0.9,
                        fillColor=colour,
                    )
                )
                run_x += text_width(f"{text} ", font, size * 0.9)  # SVG drops its own spaces
            x += entry_w + size * 1.8
    alt = (
        (_("Bar chart, logarithmic scale") if log else _("Bar chart"))
        + ": "
        + "; ".join(
            f"{b.label}: {amount(b.value)} {panel.unit}" + (f" ({d})" if d else "")
            for b, d in zip(panel.bars, details, strict=True)
        )
    )
    return Graphic(drawing, boxes, alt)


def _axis_words(
    panel: ChartPanel, style: GraphicStyle, log: bool, room: float, size: float
) -> list[Lines]:
    """What the axis is ('million litas, logarithmic scale') as lines of runs (text,
    font, colour): in each of the exhibition's languages, the others in their italic,
    after the primary language's when the line fits in ``room``, else under it."""

    def phrase(language: str, unit: str) -> str:
        _ = words(language).gettext
        return (_("%(unit)s, logarithmic scale") if log else _("%(unit)s, linear scale")) % {
            "unit": unit
        }

    first = phrase(style.language, panel.unit)
    muted = palette.color(palette.MUTED, style.grey)
    second = palette.color(palette.SECOND, style.grey)
    others = [
        own_words(phrase(language, other.unit), language)
        for language, other in style.also
        if isinstance(other, ChartPanel)
    ]
    others = [text for text in others if text != first]
    line: Lines = [(first + (" /" if others else ""), SANS, muted)]
    for number, text in enumerate(others, start=1):
        line += [(text + (" /" if number < len(others) else ""), SECOND_FONT, second)]
    if sum(text_width(f"{t} ", font, size) for t, font, _c in line) <= room:
        return [line]
    return [[(first, SANS, muted)], *([(text, SECOND_FONT, second)] for text in others)]


def _gridline_pieces(
    x: float, bottom: float, top: float, boxes: list[tuple[float, float, float, float]], gap: float
) -> list[tuple[float, float]]:
    """The stretches of a vertical gridline at ``x`` that run clear of every box."""
    cuts = sorted((b[1] - gap, b[3] + gap) for b in boxes if b[0] - gap <= x <= b[2] + gap)
    pieces: list[tuple[float, float]] = []
    y = bottom
    for low, high in cuts:
        if low > y:
            pieces.append((y, min(low, top)))
        y = max(y, high)
        if y >= top:
            break
    if y < top:
        pieces.append((y, top))
    return [(a, b) for a, b in pieces if b - a > 0.5]
