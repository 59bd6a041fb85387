"""Map projections fitted to a panel's extent (pyproj), and the frame that fits them to a box."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pyproj import Transformer

from vitrina.model.panels import Extent


@cache
def _transformer(definition: str) -> Transformer:
    return Transformer.from_crs("EPSG:4326", definition, always_xy=True)


def projection_for(extent: Extent, name: str) -> str:
    """A PROJ definition: a Lambert conformal conic with standard parallels at 1/6 and 5/6
    of the extent (the classic fit for a mid-latitude country), or LKS-94 (EPSG:3346).
    A conic cannot show the equator's two sides or half the globe, so an extent that
    crosses the equator or is near it takes Mercator, and one wider than 150° of longitude
    takes the Robinson world projection. Each is centred on the extent's middle meridian,
    counted across 180° for a map that crosses it (PROJ then puts longitudes on either
    side of 180° side by side)."""
    if name == "lks94":
        return "EPSG:3346"
    lon0 = _middle_meridian(extent)
    if extent.east_unwrapped - extent.west > 150:
        return f"+proj=robin +lon_0={lon0:.4f} +ellps=WGS84 +units=m +no_defs"
    if extent.south < 0 < extent.north or max(abs(extent.south), abs(extent.north)) < 12:
        return f"+proj=merc +lon_0={lon0:.4f} +ellps=WGS84 +units=m +no_defs"
    span = extent.north - extent.south
    lat1 = extent.south + span / 6
    lat2 = extent.north - span / 6
    lat0 = (extent.south + extent.north) / 2
    return (
        f"+proj=lcc +lat_1={lat1:.4f} +lat_2={lat2:.4f} +lat_0={lat0:.4f} "
        f"+lon_0={lon0:.4f} +ellps=GRS80 +units=m +no_defs"
    )


def _middle_meridian(extent: Extent) -> float:
    """The meridian halfway between the extent's edges, as a longitude from -180 to 180."""
    middle = (extent.west + extent.east_unwrapped) / 2
    return middle - 360 if middle > 180 else middle


@dataclass
class MapFrame:
    """Projects lon/lat to points in a drawing box, keeping the projection's true shape."""

    definition: str
    x_min: float
    y_min: float
    scale: float  # points per metre
    width: float
    height: float

    @classmethod
    def fit(cls, extent: Extent, projection: str, width: float) -> MapFrame:
        """Fit the extent's projected outline (densified edges) into ``width`` points."""
        definition = projection_for(extent, projection)
        transformer = _transformer(definition)
        xs: list[float] = []
        ys: list[float] = []
        steps = 24
        for i in range(steps + 1):
            t = i / steps
            lon = extent.west + (extent.east_unwrapped - extent.west) * t
            lat = extent.south + (extent.north - extent.south) * t
            for point in (
                (lon, extent.south),
                (lon, extent.north),
                (extent.west, lat),
                (extent.east_unwrapped, lat),
            ):
                x, y = transformer.transform(*point)
                xs.append(x)
                ys.append(y)
        x_min, x_max, y_min, y_max = min(xs), max(xs), min(ys), max(ys)
        scale = width / (x_max - x_min)
        return cls(definition, x_min, y_min, scale, width, (y_max - y_min) * scale)

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = _transformer(self.definition).transform(lon, lat)
        return (x - self.x_min) * self.scale, (y - self.y_min) * self.scale

    def project_many(self, coords: list[tuple[float, float]]) -> list[float]:
        """Flattened [x0, y0, x1, y1, …] for a list of (lon, lat)."""
        if not coords:
            return []
        lons, lats = zip(*coords, strict=True)
        xs, ys = _transformer(self.definition).transform(lons, lats)
        flat: list[float] = []
        for x, y in zip(xs, ys, strict=True):
            flat.extend(((x - self.x_min) * self.scale, (y - self.y_min) * self.scale))
        return flat

    def metres_per_point(self) -> float:
        return 1 / self.scale
