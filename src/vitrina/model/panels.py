"""One YAML file per panel in `exhibit/`; its `kind` says which fields it has.

Each kind finds its template (`layouts/panels/<kind>.html`) and, for graphic
kinds, its drawer (`vitrina.draw`), by this name.
"""

from __future__ import annotations

import math
import re
from typing import Literal

from pydantic import Field, PrivateAttr, field_validator, model_validator

from vitrina.model.common import DateText, LocalPath, Markdown, SourceKey, Strict
from vitrina.model.exhibition import PanelPosterSettings
from vitrina.model.reservoirs import reservoir_named


class PanelBase(Strict):
    """Fields every panel has, whatever its kind."""

    kind: str
    """The kind of panel: `story`, `roster`, `captions`, `map`, `timeline` or `chart`."""

    title: str
    """The panel's headline."""

    eyebrow: str | None = None
    """A short line above the title, such as the period or a section name."""

    lede: Markdown | None = None
    """The opening paragraph, set larger than the body (Markdown)."""

    summary: Markdown | None = None
    """A two- or three-sentence version for handouts; the lede is used when this is empty."""

    sources: list[SourceKey] = []
    """Keys of the sources in `sources.yaml` that this panel draws on."""

    poster: PanelPosterSettings = PanelPosterSettings()
    """Poster settings for this panel only (size, orientation)."""

    @property
    def graphic(self) -> bool:
        """Whether vitrina draws a graphic for this panel."""
        return False


class Quote(Strict):
    """A quotation set large on the panel."""

    text: str
    """The words quoted, exactly as in the source, without quotation marks."""

    attribution: str | None = None
    """Who said or wrote it, and where."""


class StoryPanel(PanelBase):
    """A panel of running text: title, lede, body and an optional pull quote."""

    kind: Literal["story"]
    body: Markdown
    """The main text (Markdown). Blank lines separate paragraphs; `## ` starts a subheading."""

    quotes: list[Quote] = []
    """Quotations set large beside the text."""


class Person(Strict):
    """One person in a roster."""

    name: str
    """The name exactly as the source spells it, diacritics included."""

    other_names: list[str] = []
    """Other spellings or names in other languages."""

    role: str | None = None
    """Their role, such as `Chairman`."""

    note: Markdown | None = None
    """One or two sentences about them (Markdown)."""

    head: bool = False
    """`true` for the person who led the group; they are listed first and marked."""


class RosterPanel(PanelBase):
    """A panel that lists people: a government, a committee, a family."""

    kind: Literal["roster"]
    group_title: str | None = None
    """Heading of the list of people."""

    people: list[Person] = Field(min_length=1)
    """The people, in the order to show them."""

    body: Markdown | None = None
    """Text about the group (Markdown)."""


class CaptionItem(Strict):
    """An object or image on show, with its caption and credit."""

    title: str
    """The object's title."""

    date: DateText | None = None
    """When the object was made, as free text (`1968`)."""

    caption: Markdown
    """The caption visitors read (Markdown), up to about 75 words."""

    credit: str | None = None
    """Who owns or lent the object, or took the photograph."""

    rights: str | None = None
    """The licence or rights statement for the image."""

    alt: str | None = None
    """A description of the image for people who cannot see it (alternative text). Every
    object should have one: the preflight reports each object without it."""

    image: LocalPath | None = None
    """Path of the image file inside the exhibition folder, such as `assets/images/x.jpg`."""

    placeholder: str | None = None
    """When no image is available yet: the words printed in a for-placement-only frame,
    such as `image to come: scan of the 1968 stamp`. The build reports it as a placeholder."""

    @model_validator(mode="after")
    def _image_or_placeholder(self) -> CaptionItem:
        if (self.image is None) == (self.placeholder is None):
            raise ValueError(
                "give either 'image' (a file path) or 'placeholder' (words for a "
                "for-placement-only frame), not both and not neither"
            )
        return self


class CaptionsPanel(PanelBase):
    """A panel of objects or images, each with a caption."""

    kind: Literal["captions"]
    body: Markdown | None = None
    """Text about the objects as a group (Markdown)."""

    items: list[CaptionItem] = Field(min_length=1)
    """The objects, in the order to show them."""


class Extent(Strict):
    """The area a map shows, in degrees. A map across the 180° meridian (the Pacific:
    Fiji, the Chatham Islands, the Aleutians, the Bering Strait) takes a `west` greater
    than its `east`, each written as a longitude between -180 and 180: New Zealand with
    the Chatham Islands is `{west: 166, south: -48, east: -172, north: -28}`."""

    west: float
    """Western edge, degrees of longitude (east is positive, -180 to 180). Greater than
    `east` when the map crosses the 180° meridian."""

    south: float = Field(ge=-90, le=90)
    """Southern edge, degrees of latitude."""

    east: float
    """Eastern edge, degrees of longitude (east is positive, -180 to 180)."""

    north: float = Field(ge=-90, le=90)
    """Northern edge, degrees of latitude."""

    @field_validator("west", "east")
    @classmethod
    def _longitude(cls, value: float) -> float:
        if not math.isfinite(value) or not -180 <= value <= 180:
            hint = ""
            if math.isfinite(value) and -540 < value < 540:
                wrapped = (value + 180) % 360 - 180
                hint = f"; write {value:g} as {wrapped:g}"
            raise ValueError(
                f"{value:g} is not a longitude: longitudes run from -180 (west) to 180 "
                f"(east){hint}. A map across the 180° meridian takes a 'west' greater than "
                "its 'east', such as {west: 166, east: -172}"
            )
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Extent:
        if self.west == self.east:
            raise ValueError(
                f"'west' and 'east' are both {self.west:g}, so the map would have no width; "
                "give the longitudes of its western and eastern edges"
            )
        if self.south >= self.north:
            raise ValueError(
                f"'south' ({self.south:g}) must be less than 'north' ({self.north:g}): "
                f"write south: {min(self.south, self.north):g}, "
                f"north: {max(self.south, self.north):g}"
                if self.south != self.north
                else f"'south' and 'north' are both {self.south:g}, so the map would have no "
                "height; give the latitudes of its southern and northern edges"
            )
        return self

    @property
    def crosses_180(self) -> bool:
        """Whether the map runs across the 180° meridian (its west is east of its east)."""
        return self.west > self.east

    @property
    def east_unwrapped(self) -> float:
        """The eastern edge counted on from `west` (past 180 when the map crosses it), so
        that `east_unwrapped - west` is always the map's width in degrees."""
        return self.east + 360 if self.crosses_180 else self.east

    def unwrap(self, lon: float) -> float:
        """A longitude counted on from `west` like `east_unwrapped` (lon + 360 for a point
        east of 180° on a map crossing it), so that longitudes across the map increase
        from west to east; unchanged on a map that does not cross 180°."""
        if self.crosses_180 and lon < self.west:
            return lon + 360
        return lon

    def contains(self, lon: float, lat: float) -> bool:
        """Whether the point lies inside the extent (edges included)."""
        return (
            self.west <= self.unwrap(lon) <= self.east_unwrapped and self.south <= lat <= self.north
        )

    def meets_line(self, points: list[tuple[float, float]]) -> bool:
        """Whether a line through ``points`` (lon, lat) passes through the extent: a line
        may start and end outside the map and still cross it."""
        flat = [(self.unwrap(lon), lat) for lon, lat in points]
        box = (self.west, self.south, self.east_unwrapped, self.north)
        if any(_in_box(p, box) for p in flat):
            return True
        return any(_segment_meets_box(a, b, box) for a, b in zip(flat, flat[1:], strict=False))

    def describe(self) -> str:
        """The extent in words for messages: '166°E to 172°W, 48°S to 28°S'."""

        def lon(value: float) -> str:
            return (
                f"{abs(value):g}°{'E' if value > 0 else 'W'}"
                if value not in (0, 180, -180)
                else f"{abs(value):g}°"
            )

        def lat(value: float) -> str:
            return f"{abs(value):g}°{'N' if value > 0 else 'S'}" if value else "0°"

        return f"{lon(self.west)} to {lon(self.east)}, {lat(self.south)} to {lat(self.north)}"


def _in_box(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _segment_meets_box(
    a: tuple[float, float], b: tuple[float, float], box: tuple[float, float, float, float]
) -> bool:
    """Whether the segment a–b passes through the box (Liang–Barsky clipping)."""
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in (
        (-dx, a[0] - box[0]),
        (dx, box[2] - a[0]),
        (-dy, a[1] - box[1]),
        (dy, box[3] - a[1]),
    ):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


class Place(Strict):
    """A town or point on a map."""

    name: str
    """The name printed on the map."""

    lat: float = Field(ge=-90, le=90)
    """Latitude in degrees (north is positive)."""

    lon: float = Field(ge=-180, le=180)
    """Longitude in degrees (east is positive)."""

    date: DateText | None = None
    """A date printed under the name, such as `5 Jan 1919`."""

    note: str | None = None
    """A few words printed with the date, such as `taken by the Red Army`."""

    capital: bool = False
    """`true` draws a larger marker."""


class MapLine(Strict):
    """A line on a map: a front line, an advance (drawn as an arrow) or a border."""

    name: str
    """What the line is, for the legend."""

    style: Literal["front", "advance", "border"] = "front"
    """`front` — a bold red line; `advance` — an arrow; `border` — a thin dashed line."""

    points: list[tuple[float, float]] = Field(min_length=2)
    """The course of the line as `[latitude, longitude]` pairs, in order."""

    label: str | None = None
    """Text printed along the line, such as a date."""


#: The base layers vitrina draws from its global geography.
BaseLayer = Literal["sea", "land", "lakes", "rivers", "borders", "graticule"]


class MapLayer(Strict):
    """A layer of your own on a map, read from a GeoJSON file in the exhibition folder:
    the borders of the time, an area one side held, a route. Coordinates are longitude,
    latitude (WGS 84), as in every GeoJSON file. Write it as an item of the map's `layers`
    list, such as `{file: geo/held-1919.geojson, name: Under Soviet control, style:
    hatched}`, after the base layers it should cover. Polygons and MultiPolygons draw as
    areas; LineStrings and MultiLineStrings as lines (a polygon drawn with a line style
    draws its outline)."""

    file: LocalPath
    """Path of the GeoJSON file inside the exhibition folder, such as `geo/front-1919.geojson`."""

    name: str
    """What the layer shows, as the legend says it."""

    style: Literal["line", "dashed", "area", "hatched"] = "line"
    """`line` — a solid line; `dashed` — a dashed line; `area` — a tinted area with an
    outline; `hatched` — a diagonally hatched area with an outline (reads in grey too)."""

    colour: Literal["red", "ink", "grey", "blue"] = "red"
    """The layer's colour: `red` (the exhibition's accent), `ink`, `grey` or `blue`."""

    _shapes: list[tuple[str, list[list[tuple[float, float]]]]] = PrivateAttr(default_factory=list)

    @property
    def shapes(self) -> list[tuple[str, list[list[tuple[float, float]]]]]:
        """(`area` or `line`, rings or lines in lon/lat): filled in when the file is read."""
        return self._shapes


class MapLegend(Strict):
    """What the legend says for the map's own symbols. Lines and layers take their legend
    wording from their `name`; a symbol used on the map with no wording here is left out
    of the legend, and `check` says so."""

    places: str | None = None
    """The words for the open town marker, such as `Town, with the date it was taken`."""

    capitals: str | None = None
    """The words for the larger filled marker of places with `capital: true`."""

    borders: str | None = None
    """The words for the base map's borders, such as `Modern borders, for orientation`."""


class MapLabel(Strict):
    """A name written on the map without a marker, such as a river or a sea."""

    text: str
    """The name."""

    lat: float = Field(ge=-90, le=90)
    """Latitude of the middle of the name."""

    lon: float = Field(ge=-180, le=180)
    """Longitude of the middle of the name."""

    style: Literal["water", "country", "region"] = "water"
    """`water` — blue italic; `country` — spaced capitals; `region` — grey."""

    angle: float = 0
    """Rotation of the text in degrees, anticlockwise."""


class LakePoint(Strict):
    """A lake of the base map to leave out that vitrina does not know by name: the lake
    with this point in it (or within about 3 km of it) is left out."""

    name: str
    """The lake's name, for messages."""

    lat: float = Field(ge=-90, le=90)
    """Latitude of a point in the lake."""

    lon: float = Field(ge=-180, le=180)
    """Longitude of that point."""


class MapPanel(PanelBase):
    """A map drawn from data: base geography, places, and lines such as a front line."""

    kind: Literal["map"]
    extent: Extent
    """The area shown."""

    projection: Literal["lcc", "lks94"] = "lcc"
    """`lcc` — a conformal conic fitted to the extent; `lks94` — Lithuania's national grid."""

    layers: list[BaseLayer | MapLayer] = [
        "sea",
        "land",
        "lakes",
        "rivers",
        "borders",
        "graticule",
    ]
    """What to draw under the places and lines, bottom first: base layers by name (`sea`,
    `land`, `lakes`, `rivers`, `borders`, `graticule`; a global map with modern borders
    ships with vitrina) and layers of your own from GeoJSON files (see MapLayer)."""

    leave_out: list[str | LakePoint] = []
    """Lakes of the base map to leave out, for a map of a time before they were there.
    The base map is modern, so it shows reservoirs filled long after the years a map may
    show (on a map of 1919, the Kaunas Reservoir, filled in 1959). Name a reservoir vitrina
    knows (`leave_out: [Kaunas Reservoir]`; the list is under Map data) or give any lake as
    `{name: ..., lat: ..., lon: ...}` with a point in it. A name vitrina does not know, a
    point in no lake of the base map and a lake nowhere near the map are warnings."""

    legend: MapLegend = MapLegend()
    """The legend's words for the town and capital markers and the modern borders."""

    places: list[Place] = []
    """Towns and points, with a marker and a label. A place outside the extent is not
    drawn (neither marker nor name) and `check` warns about it."""

    lines: list[MapLine] = []
    """Front lines, advances and borders. A line may run off the map; one that never
    enters the extent is not drawn (nor listed in the legend) and `check` warns."""

    labels: list[MapLabel] = []
    """Names without markers: rivers, seas, countries. A label whose point lies outside
    the extent is not drawn and `check` warns about it."""

    caption: Markdown | None = None
    """The caption under the map (Markdown): what it shows and how exact it is."""

    credit: str | None = None
    """Credit for data you added (towns, lines); vitrina adds the base map's credit."""

    body: Markdown | None = None
    """Text beside the map (Markdown)."""

    @property
    def graphic(self) -> bool:
        return True

    @property
    def base_layers(self) -> set[str]:
        """The names of the base layers drawn."""
        return {layer for layer in self.layers if isinstance(layer, str)}

    @property
    def own_layers(self) -> list[MapLayer]:
        """The exhibition's own GeoJSON layers, bottom first."""
        return [layer for layer in self.layers if isinstance(layer, MapLayer)]

    @property
    def left_out_points(self) -> tuple[tuple[float, float], ...]:
        """(lon, lat) of a point in each lake left out; an unknown name (a warning when
        the exhibition is checked) leaves nothing out."""
        points = []
        for lake in self.leave_out:
            point = (lake.lon, lake.lat) if isinstance(lake, LakePoint) else reservoir_named(lake)
            if point is not None:
                points.append(point)
        return tuple(points)


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _check_event_date(value: str) -> str:
    match = _DATE.match(value)
    if not match:
        raise ValueError(
            f"'{value}' is not a date; write YYYY-MM-DD (1918-12-16), YYYY-MM (1919-01) or YYYY"
        )
    month = int(match[2]) if match[2] else 1
    day = int(match[3]) if match[3] else 1
    import datetime as dt

    try:
        dt.date(int(match[1]), month, day)
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a real date ({exc})") from None
    return value


class TimelineEvent(Strict):
    """One dated event."""

    date: DateText
    """When: `YYYY-MM-DD` for a day, `YYYY-MM` for a month, `YYYY` for a year."""

    end: DateText | None = None
    """For a span of time, its last day, month or year (`1974`), in any of the forms of
    `date`. The span is drawn to scale and printed at the precision of each end, such as
    `Feb 1961 – 1974`."""

    title: str
    """What happened, in a few words."""

    text: Markdown | None = None
    """One or two sentences more (Markdown)."""

    epilogue: bool = False
    """`true` for events after the main story; they are drawn in a separate, compressed part."""

    _v_date = field_validator("date", "end")(
        lambda cls, v: v if v is None else _check_event_date(v)
    )


class TimelinePanel(PanelBase):
    """Dated events on a true time axis. Each event's mark stands at its date; its label
    (the date, at the precision given, then the title) moves aside when labels crowd, and
    a leader joins them. Gaps longer than a thirtieth of the whole story (three weeks at
    least) are drawn shorter and marked with a break, so five months and fifty years both
    read; years are ticked where the scale is true."""

    kind: Literal["timeline"]
    events: list[TimelineEvent] = Field(min_length=1)
    """The events, in any order; they are sorted by date."""

    body: Markdown | None = None
    """Text beside the timeline (Markdown)."""

    @property
    def graphic(self) -> bool:
        return True


class Bar(Strict):
    """One bar of a chart."""

    label: str
    """What the bar measures, in a few words."""

    value: float = Field(gt=0)
    """The amount (a positive number)."""

    group: str | None = None
    """A group name; bars of one group share a colour and a legend entry."""

    date: DateText | None = None
    """When, as free text (`2 December 1918`)."""

    note: str | None = None
    """A few words printed under the bar, after its date, such as `largest party`."""


class ChartPanel(PanelBase):
    """A small bar chart of numbers, such as sums of money."""

    kind: Literal["chart"]
    unit: str
    """The unit of the values, such as `rubles`."""

    scale: Literal["auto", "linear", "log"] = "auto"
    """`log` for values that span orders of magnitude; `auto` chooses log when the largest
    value is over 100 times the smallest."""

    bars: list[Bar] = Field(min_length=1)
    """The bars, top to bottom."""

    caption: Markdown | None = None
    """The caption under the chart (Markdown)."""

    body: Markdown | None = None
    """Text beside the chart (Markdown)."""

    @property
    def graphic(self) -> bool:
        return True


Panel = StoryPanel | RosterPanel | CaptionsPanel | MapPanel | TimelinePanel | ChartPanel

#: Every panel kind and the model that reads it.
PANEL_KINDS: dict[str, type[PanelBase]] = {
    "story": StoryPanel,
    "roster": RosterPanel,
    "captions": CaptionsPanel,
    "map": MapPanel,
    "timeline": TimelinePanel,
    "chart": ChartPanel,
}
