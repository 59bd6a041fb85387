"""A vertical timeline on a true time axis: long gaps compressed and marked, labels that
never collide (they are pushed down and joined to their date by a leader line)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String

from vitrina.draw import palette
from vitrina.draw.fonts import SANS, SANS_BOLD, wrap
from vitrina.draw.registry import Graphic, GraphicStyle, register
from vitrina.model.panels import TimelineEvent, TimelinePanel

#: A gap longer than this many days is drawn at this length and marked as compressed.
GAP_CAP_DAYS = 21
#: Epilogue events are drawn as points this many "days" apart, whatever their real gap.
EPILOGUE_STEP = 12
MONTHS = [
    "",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]


@dataclass(frozen=True)
class Span:
    """An event's time as a span of days: a day, a month, a year, or a range."""

    start: dt.date
    end: dt.date
    precision: str  # "day", "month", "year"


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
    if end:
        _s, stop, _p = bounds(end)
    return Span(start, stop, precision)


def format_span(span: Span) -> str:
    """'16 Dec 1918', 'Jan 1919', '1–3 Oct 1918', '8–15 Feb 1919'."""
    s, e = span.start, span.end
    if span.precision == "month" and s.month == e.month and s.year == e.year:
        return f"{MONTHS[s.month]} {s.year}"
    if span.precision == "year" and s.year == e.year:
        return str(s.year)
    if s == e:
        return f"{s.day} {MONTHS[s.month]} {s.year}"
    if s.year == e.year and s.month == e.month:
        return f"{s.day}–{e.day} {MONTHS[s.month]} {s.year}"
    return f"{s.day} {MONTHS[s.month]} {s.year} – {e.day} {MONTHS[e.month]} {e.year}"


@dataclass
class AxisMap:
    """Maps dates to distances along the axis, with capped (compressed) gaps."""

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


def build_axis(spans: list[tuple[Span, bool]]) -> AxisMap:
    """Anchor every start and end; cap long gaps; always break before the epilogue."""
    marks = sorted(
        {(s.start, epi) for s, epi in spans} | {(s.end, epi) for s, epi in spans if not epi}
    )
    anchors: list[tuple[dt.date, float]] = []
    breaks: list[float] = []
    position = 0.0
    previous: tuple[dt.date, bool] | None = None
    for day, epi in marks:
        if previous is not None:
            gap = (day - previous[0]).days
            crosses = epi and not previous[1]
            if crosses or gap > GAP_CAP_DAYS:
                breaks.append(position + GAP_CAP_DAYS / 2)
                gap = GAP_CAP_DAYS
            if epi and not crosses:
                gap = EPILOGUE_STEP
            position += gap
        if not anchors or anchors[-1][0] != day:
            anchors.append((day, position))
        previous = (day, epi)
    return AxisMap(anchors, breaks)


@register("timeline")
def draw_timeline(
    panel: TimelinePanel, width: float, height: float, style: GraphicStyle
) -> Graphic:
    size = style.font_pt
    grey = style.grey
    ink = palette.color(palette.INK, grey)
    red = palette.color(palette.RED, grey)
    muted = palette.color(palette.MUTED, grey)
    events = sorted(panel.events, key=lambda e: (parse_span(e.date, e.end).start, e.epilogue))
    spans = [(parse_span(e.date, e.end), e.epilogue) for e in events]
    axis = build_axis(spans)

    date_w = size * 7.5
    axis_x = date_w + size * 0.8
    text_x = axis_x + size * 2.2
    text_w = width - text_x
    title_size = size * 1.05

    def block(event: TimelineEvent) -> list[tuple[str, str, float]]:
        lines = [
            (t, SANS_BOLD, title_size) for t in wrap(event.title, SANS_BOLD, title_size, text_w)
        ]
        if event.text:
            lines += [
                (t, SANS, size * 0.9) for t in wrap(_plain(event.text), SANS, size * 0.9, text_w)
            ]
        return lines

    blocks = [block(e) for e in events]
    heights = [sum(s * 1.25 for _t, _f, s in b) for b in blocks]
    gap = size * 0.7
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

    # Labels: wanted at their date, pushed apart so they never overlap, kept inside.
    anchors = [
        y_of(span.start) if epi else (y_of(span.start) + y_of(span.end)) / 2 for span, epi in spans
    ]
    tops = place_labels(
        [a + size * 0.6 for a in anchors], heights, gap, ceiling=height - size * 0.2, floor=0
    )
    boxes: list[tuple[float, float, float, float]] = []
    for event, (span, _epi), lines, h, top, anchor in zip(
        events, spans, blocks, heights, tops, anchors, strict=True
    ):
        y_start = y_of(span.start)
        y_end = y_start if event.epilogue else y_of(span.end)
        mark_colour = muted if event.epilogue else red
        if y_start - y_end > 1:
            drawing.add(
                Rect(
                    axis_x - size * 0.28,
                    y_end,
                    size * 0.56,
                    y_start - y_end,
                    fillColor=mark_colour,
                    strokeColor=None,
                )
            )
        else:
            drawing.add(
                Circle(
                    axis_x,
                    y_start,
                    size * 0.32,
                    fillColor=mark_colour,
                    strokeColor=palette.color(palette.PAPER),
                    strokeWidth=0.8,
                )
            )
        y = top
        for text, font, fsize in lines:
            y -= fsize * 1.25
            drawing.add(
                String(
                    text_x,
                    y + fsize * 0.25,
                    text,
                    fontName=font,
                    fontSize=fsize,
                    fillColor=ink if font == SANS_BOLD else muted,
                )
            )
        date_text = format_span(span)
        date_y = top - title_size * 1.0
        drawing.add(
            String(
                date_w,
                date_y,
                date_text,
                fontName=SANS,
                fontSize=size * 0.9,
                fillColor=muted,
                textAnchor="end",
            )
        )
        boxes.append((text_x, top - h, width, top))
        boxes.append((0, date_y - size * 0.25, date_w, date_y + size * 0.9))
        label_mid = top - title_size * 0.7
        drawing.add(
            PolyLine(
                [
                    axis_x + size * 0.45,
                    anchor,
                    axis_x + size * 1.1,
                    anchor,
                    text_x - size * 0.4,
                    label_mid,
                ],
                strokeColor=palette.color(palette.RULE, grey),
                strokeWidth=0.6,
            )
        )
    alt = "Timeline: " + "; ".join(
        f"{format_span(span)}: {e.title}" for e, (span, _x) in zip(events, spans, strict=True)
    )
    return Graphic(drawing, boxes, alt)


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
