"""Content checks beyond each field's own type: things that need two fields or the whole
panel, found by `check` exactly as by `build` (they never disagree about the content)."""

from __future__ import annotations

from vitrina.errors import ProblemList
from vitrina.load.yaml_source import SourceDocument
from vitrina.model.exhibition import Exhibition
from vitrina.validate.languages import is_language_key
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
            # a title given per language (`title: {lt: …, en: …}`) ends in its language
            named = path[-2:-1] if path and is_language_key(path[-1]) else path[-1:]
            if named and named[0] in _TITLES and not text.strip():
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
