"""Format sources: a full bibliography entry for the booklet, a short cite for posters."""

from __future__ import annotations

from markupsafe import Markup, escape

from vitrina.i18n.catalogues import words
from vitrina.model import Source


def _invert(name: str) -> str:
    """'Žalys, Vytautas' → 'Vytautas Žalys' (for second and later authors)."""
    if "," in name:
        surname, given = (part.strip() for part in name.split(",", 1))
        return f"{given} {surname}"
    return name


def _names(names: list[str], language: str = "en") -> str:
    if not names:
        return ""
    parts = [names[0], *(_invert(n) for n in names[1:])]
    if len(parts) == 1:
        return parts[0]
    and_ = words(language).gettext("and")
    return ", ".join(parts[:-1]) + f" {and_} " + parts[-1]


def _pages(pages: str, language: str) -> str:
    """'p. 52' or 'pp. 161–165' in the language's abbreviations."""
    _ = words(language).gettext
    several = any(c in pages for c in "–-,")
    return (_("pp. %(pages)s") if several else _("p. %(pages)s")) % {"pages": pages}


def _surname(name: str) -> str:
    return name.split(",", 1)[0].strip()


def short_cite(source: Source, language: str = "en") -> str:
    """'Langstrom 2003, p. 52' — or the title when there is no author."""
    _ = words(language).gettext
    people = source.authors or source.editors
    if people:
        who = _surname(people[0])
        if len(people) == 2:
            who += f" {_('and')} {_surname(people[1])}"
        elif len(people) > 2:
            who += " " + _("et al.")
    else:
        who = source.title
    text = f"{who} {source.year}" if source.year else who
    if source.pages:
        text += ", " + _pages(source.pages, language)
    return text


def bibliography_entry(source: Source, language: str = "en") -> Markup:
    """A full entry in a Chicago-like style, as safe HTML with the title in italics (the
    source's values are escaped as they go in; the parts stay plain strings, since adding
    a Markup to a str would escape the HTML already made)."""
    _ = words(language).gettext
    e = escape
    parts: list[str] = []
    people = source.authors or source.editors
    if people:
        who = _names(people, language)
        if not source.authors:
            who += ", " + (_("ed.") if len(source.editors) == 1 else _("eds."))
        parts.append(f"{e(who)}.")
    if source.type in ("article", "encyclopedia", "chapter") and source.container:
        parts.append(f"“{e(source.title)}.”")
        where = f"<i>{e(source.container)}</i>"
        if source.type == "article":
            if source.volume:
                where += f" {e(source.volume)}"
            if source.issue:
                where += ", " + _("no. %(issue)s") % {"issue": str(e(source.issue))}
            when = " ".join(x for x in (source.month, source.year) if x)
            if when:
                where += f" ({e(when)})"
            if source.pages:
                where += f": {e(source.pages)}"
            parts.append(where + ".")
        else:
            if source.volume:
                where += ", " + _("vol. %(volume)s") % {"volume": str(e(source.volume))}
            if source.pages:
                where += f", {e(source.pages)}"
            parts.append(_("In %(work)s.") % {"work": where})
    else:
        parts.append(f"<i>{e(source.title)}</i>.")
        if source.container:
            parts.append(f"{e(source.container)}.")
        if source.volume:
            parts.append(_("Vol. %(volume)s.") % {"volume": str(e(source.volume))})
        if source.edition:
            parts.append(f"{e(source.edition)}")
    if source.type != "article":
        imprint = ": ".join(x for x in (source.place, source.publisher) if x)
        if source.year:
            imprint = f"{imprint}, {source.year}" if imprint else source.year
        if imprint:
            parts.append(f"{e(imprint)}.")
        if source.pages and not (source.type in ("encyclopedia", "chapter") and source.container):
            parts.append(f"{_pages(str(e(source.pages)), language)}.")
    ids = []
    for label, value in (
        ("ISBN", source.isbn),
        ("ISSN", source.issn),
        ("LCCN", source.lccn),
        ("doi:", source.doi),
        ("JSTOR", source.jstor),
    ):
        if value:
            ids.append(f"{label}{'' if label.endswith(':') else ' '}{e(value)}")
    if ids:
        parts.append(". ".join(ids) + ".")
    if source.language:
        parts.append(_("(In %(language)s.)") % {"language": str(e(source.language))})
    if source.note:
        parts.append(e(source.note))
    return Markup(" ".join(parts))
