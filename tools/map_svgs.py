"""Draw every map this repository holds at many sizes and save each as SVG, so a
refactoring of the map drawer can be proved to change nothing (byte for byte).

Usage:
    python tools/map_svgs.py save DIR      # draw and write DIR/*.svg
    python tools/map_svgs.py compare DIR   # draw again and compare with DIR/*.svg

The maps: every map panel of the sample (exhibit/), of examples/guide and of the test
fixtures (tests/fixtures/exhibitions/*), plus a few built here that reach the drawer's
other paths (Mercator near the equator, Robinson for the world, the lks94 grid, a legend
set under a small map, GeoJSON layers of every style, lines with labels, free labels).
Each is drawn at booklet, handout, poster and landscape-box sizes, in colour and grey,
and in a few languages (the scale bar's and compass's words).
"""

from __future__ import annotations

import sys
from pathlib import Path

from vitrina.draw import GraphicStyle, draw_panel
from vitrina.load import load_project
from vitrina.model.panels import MapLayer, MapPanel
from vitrina.validate import validate_project

REPO = Path(__file__).resolve().parent.parent

#: (name, width mm, height mm, font pt): the boxes the builders give a map.
SIZES = (
    ("booklet", 118.0, 90.0, 7.0),
    ("handout", 180.0, 120.0, 8.0),
    ("poster", 520.0, 380.0, 22.0),
    ("landscape", 300.0, 110.0, 11.0),
    ("small", 60.0, 60.0, 7.0),
)


def _exhibition_maps() -> list[tuple[str, MapPanel]]:
    roots = [REPO, REPO / "examples" / "guide"]
    roots += sorted(p for p in (REPO / "tests" / "fixtures" / "exhibitions").iterdir())
    maps = []
    for root in roots:
        if not (root / "exhibit" / "exhibition.yaml").is_file():
            continue
        exhibit = validate_project(load_project(root))
        for entry in exhibit.panels:
            for language, panel in sorted(entry.versions.items()):
                if isinstance(panel, MapPanel):
                    maps.append((f"{root.name}-{entry.id}-{language}", panel))
    return maps


def _layer(name: str, style: str, colour: str, shapes: list) -> MapLayer:
    """A GeoJSON layer with its shapes given here (validation reads them from a file)."""
    layer = MapLayer(file=f"{name}.geojson", name=name, style=style, colour=colour)
    layer.shapes.extend(shapes)
    return layer


def _middle(west: float, east: float) -> float:
    """The longitude halfway across an extent (across 180° when west > east)."""
    middle = (west + (east + 360 if west > east else east)) / 2
    return middle - 360 if middle > 180 else middle


def _built_maps() -> list[tuple[str, MapPanel]]:
    area = [("area", [[(-9.0, 38.0), (-7.5, 38.2), (-7.2, 40.0), (-8.8, 40.3), (-9.0, 38.0)]])]
    line = [("line", [[(-8.9, 41.5), (-8.0, 40.6), (-7.4, 39.2)]])]
    portugal = {
        "kind": "map",
        "title": "Portugal",
        "extent": {"west": -10.2, "south": 36.8, "east": -6.0, "north": 42.3},
        "places": [
            {"name": "Lisboa", "lat": 38.72, "lon": -9.14, "capital": True, "date": "25 Apr"},
            {"name": "Porto", "lat": 41.15, "lon": -8.61, "note": "a long note on the place"},
            {"name": "Coimbra", "lat": 40.21, "lon": -8.43, "date": "26 Apr", "note": "held"},
            {"name": "Évora", "lat": 38.57, "lon": -7.91},
            {"name": "Faro", "lat": 37.02, "lon": -7.93},
        ],
        "lines": [
            {
                "name": "Front",
                "style": "front",
                "label": "the front",
                "points": [[41.8, -8.0], [40.0, -7.6], [38.5, -7.3]],
            },
            {"name": "Border", "style": "border", "points": [[39.0, -9.0], [39.5, -7.0]]},
            {"name": "Advance", "style": "advance", "points": [[37.5, -8.5], [38.6, -9.0]]},
        ],
        "labels": [
            {"text": "Atlantic Ocean", "lat": 39.0, "lon": -9.8, "style": "water", "angle": 80},
            {"text": "Spain", "lat": 40.0, "lon": -6.5, "style": "country"},
            {"text": "Tejo", "lat": 39.4, "lon": -8.3, "style": "water", "angle": 20},
        ],
        "legend": {"places": "Towns", "capitals": "Capital", "borders": "Modern borders"},
    }
    maps = []
    for styles in (("area", "line"), ("hatched", "dashed")):
        panel = MapPanel(**portugal)
        layers = [
            _layer("Held", styles[0], "red", area),
            _layer("Route", styles[1], "blue", line),
        ]
        maps.append(
            (f"portugal-{styles[0]}", panel.model_copy(update={"layers": [*panel.layers, *layers]}))
        )
    many = dict(portugal)
    many["lines"] = [
        {
            "name": f"A long legend entry number {i} that wraps",
            "style": "border",
            "points": [[37.0 + i * 0.3, -9.5], [37.2 + i * 0.3, -6.5]],
        }
        for i in range(8)
    ]
    maps.append(("portugal-long-legend", MapPanel(**many)))
    for name, extent, projection in (
        ("world", (-180.0, -60.0, 180.0, 80.0), "lcc"),
        ("equator", (95.0, -8.0, 120.0, 8.0), "lcc"),
        ("japan", (128.0, 30.0, 146.0, 46.0), "lcc"),
        ("chile", (-80.0, -56.0, -60.0, -17.0), "lcc"),
        ("bering-across-180", (160.0, 58.0, -160.0, 72.0), "lcc"),
        ("pacific-world-across-180", (30.0, -60.0, 20.0, 75.0), "lcc"),
        ("lithuania-lks94", (21.0, 54.0, 26.8, 56.4), "lks94"),
        ("paper-only", (10.0, 45.0, 12.0, 46.0), "lcc"),
    ):
        west, south, east, north = extent
        panel = MapPanel(
            kind="map",
            title=name,
            projection=projection,
            extent={"west": west, "south": south, "east": east, "north": north},
            **({"layers": ["graticule"]} if name == "paper-only" else {}),
            places=[{"name": "Centre", "lat": (south + north) / 2, "lon": _middle(west, east)}],
            legend={"places": "A place"},
        )
        maps.append((name, panel))
    return maps


def draw_all() -> dict[str, str]:
    """File name → SVG text for every map at every size and style."""
    svgs: dict[str, str] = {}
    for name, panel in _exhibition_maps() + _built_maps():
        for size_name, width, height, font_pt in SIZES:
            for grey in (False, True):
                for language in ("en", "lt", "ru") if size_name == "booklet" else ("en",):
                    style = GraphicStyle(font_pt=font_pt, grey=grey, language=language)
                    graphic = draw_panel(panel, width, height, style)
                    assert graphic is not None
                    notes = "\n".join(note.text for note in graphic.notes)
                    key = f"{name}-{size_name}-{'grey' if grey else 'colour'}-{language}"
                    svgs[key] = f"{graphic.svg()}\n<!-- notes:\n{notes}\n-->\n"
    return svgs


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("save", "compare"):
        print(__doc__)
        return 2
    folder = Path(argv[1])
    svgs = draw_all()
    if argv[0] == "save":
        folder.mkdir(parents=True, exist_ok=True)
        for key, text in svgs.items():
            (folder / f"{key}.svg").write_text(text, encoding="utf-8")
        print(f"{len(svgs)} SVGs written to {folder}")
        return 0
    saved = {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("*.svg")}
    differ = sorted(k for k in svgs if saved.get(k) != svgs[k])
    missing = sorted(set(saved) - set(svgs))
    for key in differ:
        print(f"differs: {key}")
    for key in missing:
        print(f"not drawn now: {key}")
    print(f"{len(svgs)} drawn, {len(differ)} differ, {len(missing)} missing")
    return 1 if differ or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
