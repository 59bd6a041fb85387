"""A vertical timeline on a true time axis: long gaps compressed and marked, labels that
never collide (they are pushed down and joined to their date by a leader line)."""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String

from vitrina.draw import palette
from vitrina.draw.bilingual import SECOND_FONT, differs, own_words
from vitrina.draw.fonts import SANS, SANS_BOLD, text_width, wrap
from vitrina.draw.registry import Graphic, GraphicStyle, register
from vitrina.i18n.formats import format_day, format_range
from vitrina.model.panels import TimelineEvent, TimelinePanel

#: A label's lines, each a run of (text, font, size, colour).
Lines = list[list[tuple[str, str, float, object]]]

#: A gap longer than this many days is drawn at this length and marked as compressed.
GAP_CAP_DAYS = 21
#: Epilogue events are drawn as points this many "days" apart, whatever their real gap.
EPILOGUE_STEP = 12


@dataclass(frozen=True)
class Span:
    """An event's time as a span of days: a day, a month, a year, or a range."""

    start: dt.date
    end: dt.date
    precision: str  # "day", "month", "year": how the start was given
    end_precision: str = ""  # how the end was given ("" when there is no separate end)


def parse_span(date: str, end: str | None = None) -> Span:
    def bounds(text: str) -> tuple[dt.date, dt.date, str]:
        parts = [int(p) for p in text.split("-")]
        if len(parts) == 3:
            day = dt.date(*parts)
            return day, day, "day"
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last), "month"
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31), "year"

    start, stop, precision = bounds(date)
    end_precision = ""
    if end:
        _s, stop, end_precision = bounds(end)
    return Span(start, stop, precision, end_precision)


def format_span(span: Span, language: str = "en") -> str:
    """Each end at the precision it was given, in the language's own date forms (CLDR):
    '16 Dec 1918', 'Jan 1919', '1941', '1–3 Oct 1918', '8 Nov – 3 Dec 1918',
    'Feb–Apr 1961', '1941–1944', 'Feb 1961 – 1974'."""
    if not span.end_precision:
        text = format_day(span.start, language, span.precision, "short")
    else:
        text = format_range(
            span.start, span.end, language, span.precision, span.end_precision, "short"
        )
    return text.replace("\u00a0", " ")  # the label's date is one run, never wrapped


@dataclass
class AxisMap:
    """Maps dates to distances along the axis, with compressed gaps."""

    anchors: list[tuple[dt.date, float]]
    breaks: list[float]

    def at(self, day: dt.date) -> float:
        points = self.anchors
        if day <= points[0][0]:
            return points[0][1]
        for (d0, y0), (d1, y1) in zip(points, points[1:], strict=False):
            if d0 <= day <= d1:
                span = (d1 - d0).days or 1
                return y0 + (y1 - y0) * (day - d0).days / span
        return points[-1][1]


def gap_cap(spans: list[tuple[Span, bool]]) -> float:
    """The longest gap drawn at its true length: three weeks, or a thirtieth of the main
    story's whole span if that is longer (so fifty years and five months both show their
    clusters)."""
    main = [s for s, epi in spans if not epi] or [s for s, _epi in spans]
    total = (max(s.end for s in main) - min(s.start for s in main)).days
    return max(GAP_CAP_DAYS, total / 30)


def build_axis(spans: list[tuple[Span, bool]]) -> AxisMap:
    """Anchor every start and end. A gap longer than the cap, and not inside any span
    (spans are drawn to scale), is drawn shorter, growing with the log of its length, and
    marked; the epilogue always starts after a break, its events a cap apart."""
    cap = gap_cap(spans)
    covered = [(s.start, s.end) for s, epi in spans if not epi and s.end > s.start]
    marks = sorted(
        {(s.start, epi) for s, epi in spans} | {(s.end, epi) for s, epi in spans if not epi}
    )
    anchors: list[tuple[dt.date, float]] = []
    breaks: list[float] = []
    position = 0.0
    previous: tuple[dt.date, bool] | None = None
    for day, epi in marks:
        if previous is not None:
            gap = float((day - previous[0]).days)
            crosses = epi and not previous[1]
            inside = any(a <= previous[0] and day <= b for a, b in covered)
            if crosses:
                breaks.append(position + cap / 2)
                gap = cap
            elif epi:
                if gap > cap:
                    breaks.append(position + cap / 2)
                gap = cap
            elif gap > cap and not inside:
                gap = cap * (1 + math.log10(gap / cap))
                breaks.append(position + gap / 2)
            position += gap
        if not anchors or anchors[-1][0] != day:
            anchors.append((day, position))
        previous = (day, epi)
    return AxisMap(anchors, breaks)


@register("timeline")
def draw_timeline(
    panel: TimelinePanel, width: float, height: float, style: GraphicStyle
) -> Graphic:
    """Events on a true axis: each mark at its date, each label (date, title, text) to the
    right, moved only as far as it must to clear the others and joined by a leader."""
    size = style.font_pt
    grey = style.grey
    ink = palette.color(palette.INK, grey)
    red = palette.color(palette.RED, grey)
    muted = palette.color(palette.MUTED, grey)

    def when(i: int) -> tuple[dt.date, bool]:
        event = panel.events[i]
        return parse_span(event.date, event.end).start, event.epilogue

    order_in = sorted(range(len(panel.events)), key=when)
    events = [panel.events[i] for i in order_in]
    # The events in the exhibition's other languages, as (language, events in order).
    seconds = [
        (language, [other.events[i] for i in order_in])
        for language, other in style.also
        if isinstance(other, TimelinePanel) and len(other.events) == len(panel.events)
    ]
    spans = [(parse_span(e.date, e.end), e.epilogue) for e in events]
    axis = build_axis(spans)

    year_w = text_width("0000", SANS, size * 0.85) + size * 0.6
    radius = size * 0.32
    axis_x = year_w + size * 0.5
    text_x = axis_x + radius * 5 + size * 1.6
    text_w = width - text_x
    title_size = size * 1.05
    date_size = size * 0.85
    text_size = size * 0.9
    second = palette.color(palette.SECOND, grey)

    def headed(
        date: str,
        title: str,
        font: str,
        date_font: str,
        colour,  # noqa: ANN001
        date_colour,  # noqa: ANN001
        title_size: float = title_size,
    ) -> Lines:
        """The date, then the title on its line and on as many more as it needs."""
        lead = text_width(date, date_font, date_size) + size * 0.5 if date else 0.0
        title_lines = wrap(title, font, title_size, text_w - lead) if title else []
        first = title_lines[0] if title_lines else ""
        rest = (
            wrap(" ".join(title_lines[1:]), font, title_size, text_w)
            if len(title_lines) > 1
            else []
        )
        runs = [(date, date_font, date_size, date_colour)] if date else []
        runs += [(first, font, title_size, colour)] if first else []
        return [runs, *([(t, font, title_size, colour)] for t in rest)]

    def prose(text: str, font: str, colour) -> Lines:  # noqa: ANN001
        return [[(t, font, text_size, colour)] for t in wrap(_plain(text), font, text_size, text_w)]

    def block(event: TimelineEvent, span: Span, number: int) -> Lines:
        """The label's lines, each a run of (text, font, size, colour): the date, in its
        own precision, starts the first line and the title follows it, then the text;
        then the same in each other language (what differs), in the second language's
        italic and colour, after a little space."""
        date = format_span(span, style.language)
        lines = headed(date, event.title, SANS_BOLD, SANS, ink, muted)
        if event.text:
            lines += prose(event.text, SANS, muted)
        for language, others in seconds:
            own = others[number]
            own_date = format_span(span, language)
            own_lines = headed(
                own_words(own_date, language) if own_date != date else "",
                own_words(own.title, language) if differs(event.title, own.title) else "",
                SECOND_FONT,
                SECOND_FONT,
                second,
                second,
                title_size * 0.95,  # the second language a little smaller, as on the poster
            )
            if differs(event.text, own.text):
                own_lines += prose(own_words(own.text or "", language), SECOND_FONT, second)
            own_lines = [line for line in own_lines if line]
            if own_lines:
                lines += [[("", SANS, size * 0.25, second)], *own_lines]
        return lines

    blocks = [
        block(e, span, n) for n, (e, (span, _epi)) in enumerate(zip(events, spans, strict=True))
    ]
    heights = [sum(max(s for _t, _f, s, _c in line) * 1.25 for line in b) for b in blocks]
    gap = size * 0.6
    stack = sum(heights) + gap * (len(events) - 1)
    pad = size * 1.5
    total_days = axis.anchors[-1][1] or 1
    height = max(height, stack + 2 * pad)
    scale = (height - 2 * pad) / total_days
    drawing = Drawing(width, height)

    def y_of(day: dt.date) -> float:
        return height - pad - axis.at(day) * scale

    # Axis with breaks.
    y_top, y_bottom = height - pad, pad
    cuts = sorted(height - pad - b * scale for b in axis.breaks)[::-1]
    segment_top = y_top
    for cut in cuts:
        drawing.add(
            Line(axis_x, segment_top, axis_x, cut + size * 0.5, strokeColor=ink, strokeWidth=1.2)
        )
        zig = size * 0.35
        drawing.add(
            PolyLine(
                [axis_x - zig, cut + zig * 0.8, axis_x + zig, cut + zig * 1.4],
                strokeColor=ink,
                strokeWidth=1,
            )
        )
        drawing.add(
            PolyLine(
                [axis_x - zig, cut - zig * 1.4, axis_x + zig, cut - zig * 0.8],
                strokeColor=ink,
                strokeWidth=1,
            )
        )
        segment_top = cut - size * 0.5
    drawing.add(Line(axis_x, segment_top, axis_x, y_bottom, strokeColor=ink, strokeWidth=1.2))
    boxes: list[tuple[float, float, float, float]] = []
    boxes += _year_ticks(drawing, axis, spans, y_of, axis_x, size, muted)

    # Marks: spans (a date and an end) as bars to scale, points as dots; a date given as a
    # month or a year alone is a point in it, not a span (a bar would read as a period);
    # dots closer than a dot's width move sideways into columns, so two events a day
    # apart stay two dots.
    marks: list[tuple[float, float]] = []  # (x of the mark's right edge, anchor y)
    dot_columns: list[tuple[float, int]] = []
    for span, epi in spans:
        y_start = y_of(span.start)
        y_end = y_start if epi else y_of(span.end)
        colour = muted if epi else red
        if span.end_precision and y_start - y_end > radius * 2:
            drawing.add(
                Rect(
                    axis_x - size * 0.28,
                    y_end,
                    size * 0.56,
                    y_start - y_end,
                    fillColor=colour,
                    strokeColor=None,
                )
            )
            marks.append((axis_x + size * 0.28, y_start - min(size * 0.5, (y_start - y_end) / 2)))
            continue
        y = (y_start + y_end) / 2
        column = 0
        for other_y, other_column in dot_columns[::-1]:
            if abs(other_y - y) < radius * 2.3:
                column = max(column, other_column + 1)
        dot_columns.append((y, column))
        x = axis_x + column * radius * 2.3
        drawing.add(
            Circle(
                x,
                y,
                radius,
                fillColor=colour,
                strokeColor=palette.color(palette.PAPER),
                strokeWidth=0.8,
            )
        )
        marks.append((x + radius, y))

    # Labels in the order of their marks, pushed apart and kept inside.
    order = sorted(range(len(events)), key=lambda i: -marks[i][1])
    first_line = [max(f for _t, _n, f, _c in blocks[i][0]) * 1.25 for i in order]
    tops = place_labels(
        [marks[i][1] + first_line[k] / 2 for k, i in enumerate(order)],
        [heights[i] for i in order],
        gap,
        ceiling=height - size * 0.2,
        floor=0,
    )
    elbow_x = axis_x + radius * 5 + size * 0.4
    leader = palette.color(palette.MUTED, grey)
    for k, i in enumerate(order):
        top = tops[k]
        y = top
        for line in blocks[i]:
            y -= max(fsize for _t, _f, fsize, _c in line) * 1.25
            x = text_x
            for text, font, fsize, colour in line:
                if not text:
                    continue
                drawing.add(
                    String(
                        x,
                        y + fsize * 0.25,
                        text,
                        fontName=font,
                        fontSize=fsize,
                        fillColor=colour,
                    )
                )
                x += text_width(text, font, fsize) + size * 0.5
        boxes.append((text_x, top - heights[i], width, top))
        mark_x, mark_y = marks[i]
        label_mid = top - first_line[k] / 2
        drawing.add(
            PolyLine(
                [
                    mark_x + size * 0.15,
                    mark_y,
                    elbow_x,
                    mark_y,
                    text_x - size * 0.3,
                    label_mid,
                ],
                strokeColor=leader,
                strokeWidth=max(0.5, size * 0.07),
            )
        )
    alt = "Timeline: " + "; ".join(
        f"{format_span(span, style.language)}: {e.title}"
        for e, (span, _x) in zip(events, spans, strict=True)
    )
    return Graphic(drawing, boxes, alt)


def _year_ticks(
    drawing: Drawing,
    axis: AxisMap,
    spans: list[tuple[Span, bool]],
    y_of,  # noqa: ANN001
    axis_x: float,
    size: float,
    colour,  # noqa: ANN001
) -> list[tuple[float, float, float, float]]:
    """Years left of the axis at their true place, where each year begins, when there is
    room for them (so the reader sees the scale and the breaks in it)."""
    tick_size = size * 0.85  # as small as the dates, no smaller (5.5 pt on a tri-fold)
    first = axis.anchors[0][0].year
    last = axis.anchors[-1][0].year
    candidates = [dt.date(first, 1, 1)] if axis.anchors[0][0].month == 1 else []
    candidates += [dt.date(year, 1, 1) for year in range(first + 1, last + 1)][:400]
    boxes: list[tuple[float, float, float, float]] = []
    last_y = math.inf
    shown: set[int] = set()
    true_stretches = [
        (d0, d1)
        for (d0, p0), (d1, p1) in zip(axis.anchors, axis.anchors[1:], strict=False)
        if p1 - p0 >= (d1 - d0).days - 1e-6
    ]
    for day in candidates:
        if not any(d0 <= day <= d1 for d0, d1 in true_stretches):
            continue  # a year inside a shortened gap would misstate the scale
        y = y_of(day)
        if last_y - y < tick_size * 1.6 or day.year in shown:
            continue
        drawing.add(Line(axis_x - size * 0.35, y, axis_x, y, strokeColor=colour, strokeWidth=0.6))
        drawing.add(
            String(
                axis_x - size * 0.5,
                y - tick_size * 0.35,
                str(day.year),
                fontName=SANS,
                fontSize=tick_size,
                fillColor=colour,
                textAnchor="end",
            )
        )
        width = text_width(str(day.year), SANS, tick_size)
        boxes.append(
            (axis_x - size * 0.5 - width, y - tick_size * 0.6, axis_x, y + tick_size * 0.6)
        )
        last_y = y
        shown.add(day.year)
    return boxes


def place_labels(
    wanted: list[float], heights: list[float], gap: float, ceiling: float, floor: float
) -> list[float]:
    """Tops of label blocks (y up) as near their wanted tops as possible, without overlaps,
    inside [floor, ceiling]: a downward pass pushes, an upward pass pulls back in."""
    tops: list[float] = []
    for want in wanted:
        top = min(want, ceiling)
        if tops:
            top = min(top, tops[-1] - heights[len(tops) - 1] - gap)
        tops.append(top)
    limit = floor
    for i in range(len(tops) - 1, -1, -1):
        if tops[i] - heights[i] < limit:
            tops[i] = limit + heights[i]
        limit = tops[i] + gap
    return tops


def _plain(text: str) -> str:
    return " ".join(text.replace("*", "").split())
