"""Content checks beyond each field's own type: things that need two fields or the whole
panel, found by `check` exactly as by `build` (they never disagree about the content)."""

from __future__ import annotations

from vitrina.errors import ProblemList
from vitrina.load.yaml_source import SourceDocument
from vitrina.model.exhibition import Exhibition
from vitrina.validate.limits import field_name, text_fields

#: Fields that are printed as a heading: empty, they would leave a blank where a title is.
_TITLES = frozenset({"title", "name"})


def check_dates(exhibition: Exhibition, doc: SourceDocument, problems: ProblemList) -> None:
    """The exhibition cannot close before it opens."""
    if exhibition.opens and exhibition.closes and exhibition.closes < exhibition.opens:
        problems.add(
            f"the closing day {exhibition.closes.isoformat()} is before the opening day "
            f"{exhibition.opens.isoformat()}",
            doc.locate(("closes",)),
            "closes",
        )


def check_titles(documents: list[SourceDocument], problems: ProblemList) -> None:
    """A title or name that is empty or only spaces is an error, not a blank heading."""
    for doc in documents:
        if doc.data is None:
            continue
        for path, text in text_fields(doc.data):
            if path and path[-1] in _TITLES and not text.strip():
                problems.add(
                    "this is empty; write the words to print here",
                    doc.locate(path),
                    field_name(path),
                )


def check_panel_sources(doc: SourceDocument, sources: list[str], problems: ProblemList) -> None:
    """A panel should say what it draws on; a panel without sources is a warning."""
    if not sources:
        problems.add(
            "this panel names no sources; list the keys of sources.yaml it draws on "
            "under 'sources:'",
            doc.locate(("sources",)),
            "sources",
            severity="warning",
        )


def map_data_bounds() -> tuple[float, float, float, float] | None:
    """West, south, east, north of the base map data vitrina ships (its GeoJSON bbox)."""
    import json

    from vitrina.draw.geo import BASEMAP_FILE
    from vitrina.resolve.paths import GEO_DIR

    try:
        data = json.loads((GEO_DIR / BASEMAP_FILE).read_text(encoding="utf-8"))
        west, south, east, north = (float(v) for v in data["bbox"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return west, south, east, north


def check_map_extent(doc: SourceDocument, panel: object, problems: ProblemList) -> None:
    """A map's extent must lie within the base map data, or part of it would print blank."""
    extent = getattr(panel, "extent", None)
    bounds = map_data_bounds() if extent is not None else None
    if extent is None or bounds is None:
        return
    west, south, east, north = bounds
    if extent.west < west or extent.south < south or extent.east > east or extent.north > north:
        problems.add(
            f"the map data vitrina has covers longitude {west:g} to {east:g} and latitude "
            f"{south:g} to {north:g}; this extent reaches beyond it, where the map would "
            "be blank. Choose an extent inside that area",
            doc.locate(("extent",)),
            "extent",
        )
