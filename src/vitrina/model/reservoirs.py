"""Reservoirs a map can leave out by name (`leave_out: [Kaunas Reservoir]`).

The base map (GSHHG) is modern: it shows as lakes reservoirs filled in the 20th century,
water a map of an earlier time must not show. Each is given by a point in its lake in
the base map's data (low and intermediate resolution; tests/test_maps.py checks every
point), so the lake is found whatever part of it a map shows. A lake not listed here is
left out by a point of its own (`{name, lat, lon}`).

Only large reservoirs whose lake in the data is the reservoir alone are listed: on the
Dnieper, for one, the data joins several reservoirs and the river into one lake.
"""

from __future__ import annotations

#: Name → (longitude, latitude) of a point in the reservoir's lake, in degrees.
RESERVOIRS: dict[str, tuple[float, float]] = {
    "Bratsk Reservoir": (101.7, 55.9),
    "Kainji Lake": (4.55, 10.3),
    "Kaunas Reservoir": (24.10, 54.86),
    "Kuybyshev Reservoir": (49.0, 55.0),
    "Kyiv Reservoir": (30.45, 50.85),
    "Lake Cahora Bassa": (31.5, -15.62),
    "Lake Kariba": (27.9, -17.0),
    "Lake Kossou": (-5.5, 7.1),
    "Lake Mead": (-114.4, 36.15),
    "Lake Volta": (-0.2, 7.52),
    "Rybinsk Reservoir": (38.4, 58.5),
    "Volgograd Reservoir": (45.9, 50.29),
}


def reservoir_named(name: str) -> tuple[float, float] | None:
    """The point of the reservoir with this name (case and spacing aside), or None."""
    wanted = " ".join(name.split()).casefold()
    return next((p for n, p in RESERVOIRS.items() if n.casefold() == wanted), None)
