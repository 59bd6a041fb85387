"""Maps across the 180° meridian: the extent is accepted with its west greater than its
east, and the drawn map is judged from its rendered pixels and text positions."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pydantic import ValidationError
from reportlab.graphics import renderPDF

from test_maps import _pixels, _rgb, _surface, _texts, _write_fixture_copy
from vitrina.draw import GraphicStyle, draw_panel
from vitrina.draw.palette import LAND
from vitrina.draw.projection import MapFrame
from vitrina.model.panels import Extent, MapPanel

CHUKOTKA = {"west": 160, "south": 58, "east": -160, "north": 72}


def test_an_extent_with_west_greater_than_east_crosses_180() -> None:
    extent = Extent(west=166, south=-48, east=-172, north=-28)
    assert extent.crosses_180
    assert extent.east_unwrapped - extent.west == 22
    assert extent.contains(-176.5, -44) and extent.contains(174.8, -41)
    assert not extent.contains(-170, -44) and not extent.contains(160, -44)
    plain = Extent(west=-10, south=36, east=-6, north=42)
    assert not plain.crosses_180 and plain.unwrap(-8) == -8


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"east": 188}, "write 188 as -172"),
        ({"west": -194}, "write -194 as 166"),
        ({"east": 166}, "both 166"),
        ({"south": -28, "north": -48}, "write south: -48, north: -28"),
    ],
)
def test_an_impossible_extent_says_what_to_write(fields: dict, says: str) -> None:
    values = {"west": 166, "south": -48, "east": -172, "north": -28, **fields}
    with pytest.raises(ValidationError) as caught:
        Extent(**values)
    assert says in str(caught.value)


def _map(extent: dict, **fields) -> MapPanel:  # noqa: ANN003
    return MapPanel(kind="map", title="Bering", extent=extent, **fields)


def test_land_on_both_sides_of_180_with_no_seam() -> None:
    panel = _map(CHUKOTKA, layers=["sea", "land"])
    graphic = draw_panel(panel, 90, 120, GraphicStyle(font_pt=6))
    frame = MapFrame.fit(panel.extent, panel.projection, graphic.drawing.width)
    image, scale = _pixels(graphic.drawing, 4)
    land = [(178.0, 67.0), (-178.0, 67.5), (-179.8, 71.25), (179.5, 71.3), (-161.0, 67.5)]
    sea = [(-175.0, 63.0), (179.0, 62.0), (175.0, 71.0), (-179.0, 64.5)]
    assert [_surface(image, scale, frame, *p) for p in land] == ["land"] * len(land)
    assert [_surface(image, scale, frame, *p) for p in sea] == ["sea"] * len(sea)
    # Down the 180° meridian through Chukotka: land colour all the way, no coastline
    # stroked where the data cuts the land in two.
    fill = _rgb(LAND)
    for i in range(21):
        x, y = frame.project(180.0, 66.6 + i * 0.07)
        pixel = image.getpixel((round(x * scale), round(image.height - y * scale)))
        assert sum(abs(a - b) for a, b in zip(pixel, fill, strict=True)) < 30, (i, pixel)


def _text_x(pdf: bytes, words: list[str]) -> list[float]:
    page = pdfium.PdfDocument(pdf)[0]
    text = page.get_textpage()
    found = []
    for word in words:
        search = text.search(word)
        hit = search.get_next()
        assert hit is not None, word
        left, _bottom, _right, _top = text.get_charbox(hit[0])
        found.append(left)
    return found


def test_places_either_side_of_180_are_set_in_order_of_longitude() -> None:
    lons = [168.5, 174.8, 179.2, -177.0, -174.5]
    names = ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]
    panel = _map(
        {"west": 166, "south": -48, "east": -172, "north": -28},
        places=[
            {"name": n, "lat": -38 + (i % 2) * 4, "lon": lon}
            for i, (n, lon) in enumerate(zip(names, lons, strict=True))
        ],
        legend={"places": "Towns", "borders": "Borders"},
    )
    graphic = draw_panel(panel, 180, 200, GraphicStyle(font_pt=8))
    buffer = io.BytesIO()
    renderPDF.drawToFile(graphic.drawing, buffer)
    xs = _text_x(buffer.getvalue(), names)
    assert xs == sorted(xs)
    width = graphic.drawing.width
    assert xs[0] < width * 0.25 and xs[-1] > width * 0.7  # spread over the map, not piled


def test_degree_labels_across_180() -> None:
    panel = _map(CHUKOTKA, layers=["sea", "land", "graticule"])
    texts = _texts(draw_panel(panel, 120, 200, GraphicStyle(font_pt=6)).drawing)
    assert "180°" in texts and "170°W" in texts and "170°E" in texts
    assert not any(t.startswith(("180°E", "180°W", "190", "-")) for t in texts)


def test_outside_the_extent_is_warned_at_its_line_and_not_drawn(tmp_path: Path) -> None:
    from vitrina.build import check

    root = _write_fixture_copy(tmp_path, "geo/alentejo.geojson", None)
    path = root / "exhibit" / "map.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "  - name: Faro\n",
        "  - name: Madrid\n    lat: 40.42\n    lon: -3.70\n  - name: Faro\n",
    )
    text = text.replace(
        "labels:\n", "labels:\n  - text: Mediterranean\n    lat: 38\n    lon: 3\n", 1
    )
    path.write_text(text, encoding="utf-8")
    exhibit = check(root)
    lines = text.splitlines()
    outside = [w for w in exhibit.warnings if "outside the map's extent" in w.message]
    assert len(outside) == 2, [w.message for w in exhibit.warnings]
    for warning, word in zip(outside, ("Madrid", "Mediterranean"), strict=True):
        assert word in warning.message and "widen 'extent'" in warning.message
        assert word in lines[warning.location.line - 1], (warning.location, word)
    panel = exhibit.panel("map").panel
    texts = _texts(draw_panel(panel, 120, 200, GraphicStyle(font_pt=7)).drawing)
    assert "Faro" in texts and "Tagus" in texts
    assert not any("Madrid" in t or "Mediterranean" in t for t in texts)


def test_a_map_ending_at_180_hints_at_crossing_it() -> None:
    from vitrina.validate.maps import outside_extent

    panel = _map(
        {"west": 166, "south": -48, "east": 180, "north": -28},
        places=[{"name": "Waitangi", "lat": -43.95, "lon": -176.56}],
        lines=[{"name": "East", "points": [[-40, -176], [-42, -175]]}],
    )
    assert [inside for *_w, inside in outside_extent(panel)] == [False, False]
    crossing = panel.model_copy(
        update={"extent": Extent(west=166, south=-48, east=-172, north=-28)}
    )
    assert [inside for *_w, inside in outside_extent(crossing)] == [True, True]
