"""Maps from data: projected base geography, the exhibition's own layers, places, front
lines and advances, with a legend, scale bar and north arrow.

One module per part of the picture (see ``drawer`` for the order they are drawn in):
``base`` (sea, land, lakes, rivers, borders), ``layers`` (GeoJSON layers), ``graticule``
(meridians, parallels, degree labels), ``lines`` (front lines, borders, advances),
``furniture`` (where the legend, scale bar and north arrow go), ``legend``, ``places``
(markers and their names), ``names`` (labels along lines, free labels) and ``words``
(vitrina's own words on a map). The base map's data is read by ``vitrina.resolve.basemap``,
the projection chosen by ``vitrina.draw.projection`` and label positions scored by
``vitrina.draw.labels``, which other graphics may share.

Importing this package registers the drawer under the panel kind ``map``.
"""

from vitrina.draw.map.drawer import draw_map

__all__ = ["draw_map"]
