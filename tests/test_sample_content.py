"""The sample exhibition is faithful to its source texts (shared/seeds)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vitrina.build import check
from vitrina.render.markdown import plain_text

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"

# Expectations copied from the seed article (000_3b22a48b25b9bab4.txt).
GOVERNMENT = [
    "Vincas Mickevičius-Kapsukas",
    "Zigmas Aleksa-Angarietis",
    "Pranas Svotelis-Proletaras",
    "Semyon Dimanstein",
    "Kazimierz Cichowski",
    "Aleksandras Jakševičius",
    "Konstantinas Kernovičius",
    "Yitzhak Weinstein",
]
DRAFT_SLOGAN = (
    "Long live the Russian Soviet Federative Socialist Republic with incorporated Soviet Lithuania!"
)
FINAL_SLOGAN = "Long live freed Soviet Lithuanian Republic!"
# Every dated event in the seed between the party congress and Litbel, and the epilogue.
TIMELINE_DATES = {
    ("1918-10-01", "1918-10-03"),
    ("1918-11-11", None),
    ("1918-11-13", None),  # "two days later" than 11 November
    ("1918-12-02", None),
    ("1918-12-08", None),
    ("1918-12-09", None),
    ("1918-12-16", None),
    ("1918-12-19", None),
    ("1918-12-22", None),
    ("1919-01-05", None),
    ("1919-01-21", None),
    ("1919-01", None),
    ("1919-02-08", "1919-02-15"),
    ("1919-02-27", None),
    ("1919-04", None),
    ("1919-08", None),
    ("1920-07-14", None),
    ("1940-07", None),
}


@pytest.fixture(scope="module")
def exhibit():  # noqa: ANN201
    return check(REPO)


def seed_text() -> str:
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside this checkout")
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))


def test_roster_names_exactly_as_in_the_source(exhibit) -> None:  # noqa: ANN001
    roster = exhibit.panel("government").panel
    assert [p.name for p in roster.people] == GOVERNMENT
    assert roster.people[0].head
    weinstein = roster.people[-1]
    assert weinstein.other_names == ["Aizikas Vainšteinas"]
    seed = seed_text() if SEEDS.is_dir() else None
    if seed:
        for name in GOVERNMENT + ["Aizikas Vainšteinas", "Pranas Eidukevičius"]:
            assert name in seed


def test_slogans_quoted_exactly(exhibit) -> None:  # noqa: ANN001
    quotes = [q.text for q in exhibit.panel("manifesto").panel.quotes]
    assert quotes == [DRAFT_SLOGAN, FINAL_SLOGAN]
    seed = seed_text()
    assert f'"{DRAFT_SLOGAN}"' in seed
    assert f'"{FINAL_SLOGAN}"' in seed


def test_every_quotation_is_in_the_seed(exhibit) -> None:  # noqa: ANN001
    seed = " ".join(seed_text().split())
    for entry in exhibit.panels:
        for quote in getattr(entry.panel, "quotes", []):
            assert " ".join(quote.text.split()) in seed, quote.text


def test_timeline_dates(exhibit) -> None:  # noqa: ANN001
    events = exhibit.panel("timeline").panel.events
    assert {(e.date, e.end) for e in events} == TIMELINE_DATES
    epilogue = sorted(e.date for e in events if e.epilogue)
    assert epilogue == ["1919-04", "1919-08", "1920-07-14", "1940-07"]


def test_every_panel_cites_known_sources(exhibit) -> None:  # noqa: ANN001
    for entry in exhibit.panels:
        assert entry.panel.sources, entry.id
        assert all(key in exhibit.sources for key in entry.panel.sources)


def test_numbers_and_years_on_panels_occur_in_the_seed(exhibit) -> None:  # noqa: ANN001
    """Every figure a visitor reads (years, days, sums) is in the source texts."""
    seed = seed_text()
    seed_numbers = set(re.findall(r"\d[\d,]*", seed))
    for path in sorted((REPO / "exhibit").glob("*.yaml")):
        if path.name in ("sources.yaml", "exhibition.yaml", "evidence.yaml"):
            continue
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^\s*#.*$", "", text, flags=re.M)  # comments: not on the panels
        text = re.sub(r"^\s*(lat|lon|west|east|south|north|value|angle):.*$", "", text, flags=re.M)
        text = re.sub(r"^\s*- \[[\d., ]+\]$", "", text, flags=re.M)  # map coordinates
        text = re.sub(r"\d{4}-\d{2}(-\d{2})?", "", text)  # ISO dates: checked above
        for number in re.findall(r"\d[\d,]*", text):
            number = number.rstrip(",")
            assert number in seed_numbers, f"{path.name}: {number}"


def test_panel_lengths_suit_gallery_visitors(exhibit) -> None:  # noqa: ANN001
    for entry in exhibit.panels:
        panel = entry.panel
        words = len(f"{plain_text(panel.lede)} {plain_text(getattr(panel, 'body', ''))}".split())
        assert 60 <= words <= 320, (entry.id, words)
        for item in getattr(panel, "items", []):
            assert len(plain_text(item.caption).split()) <= 75


def test_stamp_is_an_honest_placeholder(exhibit) -> None:  # noqa: ANN001
    [item] = exhibit.panel("stamp").panel.items
    assert item.image is None
    assert item.placeholder == "image to come: scan of the 1968 stamp"


def test_map_says_the_front_line_is_schematic(exhibit) -> None:  # noqa: ANN001
    """The sources give no course for the front: the line and caption say so."""
    panel = exhibit.panel("front-line").panel
    assert "schematic" in panel.caption and "approximate" in panel.caption
    [front] = [line for line in panel.lines if line.style == "front"]
    assert "schematic" in front.name
    # The sources give no routes or starting points for the advance.
    assert not [line for line in panel.lines if line.style == "advance"]


def _front_lon(points: list[tuple[float, float]], lat: float) -> float:
    """Longitude of the front line at a latitude (points run north to south)."""
    for (lat1, lon1), (lat2, lon2) in zip(points, points[1:], strict=False):
        if min(lat1, lat2) <= lat <= max(lat1, lat2):
            return lon1 + (lat - lat1) * (lon2 - lon1) / (lat2 - lat1)
    raise AssertionError(f"the front line does not reach latitude {lat}")


def test_map_towns_on_the_right_side_of_the_front(exhibit) -> None:  # noqa: ANN001
    """Towns taken by the end of January lie east of the front; Kaunas, held, lies west
    of it and is not marked with a date as a taken town is."""
    panel = exhibit.panel("front-line").panel
    [front] = [line for line in panel.lines if line.style == "front"]
    places = {p.name: p for p in panel.places}
    kaunas = places.pop("Kaunas")
    assert kaunas.date is None and "held, 8–15 Feb 1919" in (kaunas.note or "")
    assert kaunas.lon < _front_lon(front.points, kaunas.lat) - 0.1
    for place in places.values():
        if place.lat < front.points[0][0]:
            assert place.lon > _front_lon(front.points, place.lat), place.name


def test_map_shades_the_area_under_soviet_control(exhibit) -> None:  # noqa: ANN001
    """The schematic area holds the towns taken by the end of January, not Kaunas."""
    from shapely.geometry import Point, Polygon

    panel = exhibit.panel("front-line").panel
    [layer] = panel.own_layers
    assert "schematic" in layer.name and layer.style in ("area", "hatched")
    areas = [Polygon(ring) for kind, rings in layer.shapes if kind == "area" for ring in rings]
    assert areas

    def inside(place) -> bool:  # noqa: ANN001
        return any(area.contains(Point(place.lon, place.lat)) for area in areas)

    places = {p.name: p for p in panel.places}
    assert not inside(places["Kaunas"])
    for name in ("Zarasai", "Švenčionys", "Vilnius", "Panevėžys", "Utena"):
        assert inside(places[name]), name
