"""Format sources: a full bibliography entry for the booklet, a short cite for posters."""

from __future__ import annotations

from markupsafe import Markup, escape

from vitrina.i18n.catalogues import words
from vitrina.model import Source
from vitrina.resolve.typography import DEFAULT_LANGUAGE, quotes_for, typographic

#: Marks that end a sentence: no full stop is added after them ("J. D.", "ed.", "Why?").
_ENDS = (".", "?", "!", "…")


def _stop(text: str) -> str:
    """``text`` closed with a full stop, unless it already ends with one (or ? or !)."""
    return text if text.rstrip().endswith(_ENDS) else f"{text}."


def _invert(name: str) -> str:
    """'Žalys, Vytautas' → 'Vytautas Žalys' (for second and later authors)."""
    if "," in name:
        surname, given = (part.strip() for part in name.split(",", 1))
        return f"{given} {surname}"
    return name


def _names(names: list[str], language: str | None = DEFAULT_LANGUAGE) -> str:
    if not names:
        return ""
    parts = [names[0], *(_invert(n) for n in names[1:])]
    if len(parts) == 1:
        return parts[0]
    and_ = words(language or DEFAULT_LANGUAGE).gettext("and")
    return ", ".join(parts[:-1]) + f" {and_} " + parts[-1]


def _colon(language: str | None) -> str:
    """The colon between place and publisher, or before an article's pages: French sets
    a no-break space before it ("Paris : Gallimard")."""
    return "\u00a0: " if (language or "").split("-")[0] == "fr" else ": "


def _language_name(value: str | None, language: str | None) -> str:
    """What a source's `language:` prints: a code (`lt`, `fr`) as the language's name in
    the booklet's language ("lituanien"), nothing when it is the booklet's own language;
    any other text as written."""
    if not value:
        return ""
    code = value.strip().replace("-", "_")
    own = (language or DEFAULT_LANGUAGE).split("-")[0]
    if code.split("_")[0].lower() == own and len(code) <= 3:
        return ""
    if 2 <= len(code) <= 3 and code.isalpha():
        from vitrina.i18n.formats import locale_of

        name = locale_of(own).languages.get(code.lower())
        if name:
            return name
    return value


def _pages(pages: str, language: str | None) -> str:
    """'p. 52' or 'pp. 161–165' in the language's abbreviations."""
    _ = words(language or DEFAULT_LANGUAGE).gettext
    several = any(c in pages for c in "–-,")
    return (_("pp. %(pages)s") if several else _("p. %(pages)s")) % {"pages": pages}


def _surname(name: str) -> str:
    return name.split(",", 1)[0].strip()


def short_cite(source: Source, language: str | None = DEFAULT_LANGUAGE) -> str:
    """'Langstrom 2003, p. 52' — or the title when there is no author (plain text; see
    ``short_cite_html`` for the title set as in the bibliography), in the language's
    words ('Eidintas ir kt. 1999, p. 36')."""
    _ = words(language or DEFAULT_LANGUAGE).gettext
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


def _in_quotes(source: Source) -> bool:
    """Whether the work's title is set in quotation marks (a part of a larger work: an
    article, an encyclopedia entry, a chapter); other titles are set in italics."""
    return source.type in ("article", "encyclopedia", "chapter") and bool(source.container)


def short_cite_html(source: Source, language: str | None = DEFAULT_LANGUAGE) -> Markup:
    """``short_cite`` as HTML: a title standing for its author is set as the bibliography
    sets it, in italics or (a part of a larger work) in quotation marks."""
    if source.authors or source.editors:
        return Markup(escape(typographic(short_cite(source, language), language)))
    marks = quotes_for(language)
    title = escape(typographic(source.title, language))
    shown = f"{marks.open}{title}{marks.close}" if _in_quotes(source) else f"<i>{title}</i>"
    rest = short_cite(source, language)[len(source.title) :]
    # Markup on the left: ``str + Markup`` would escape the <i> tags of ``shown``.
    return Markup(shown) + escape(typographic(rest, language))


def bibliography_entry(source: Source, language: str | None = DEFAULT_LANGUAGE) -> Markup:
    """A full entry in a Chicago-like style, as safe HTML with the title in italics (or,
    for a part of a larger work, in the language's quotation marks), one full stop after
    each part however it ends ("J. D.", "ed."), in the language's words ("sud.", "t.")."""
    _ = words(language or DEFAULT_LANGUAGE).gettext

    def e(text: str) -> str:
        return str(escape(typographic(text, language)))

    marks = quotes_for(language)
    parts: list[str] = []
    people = source.authors or source.editors
    if people:
        who = _names(people, language)
        if not source.authors:
            who += ", " + (_("ed.") if len(source.editors) == 1 else _("eds."))
        parts.append(_stop(e(who)))
    if _in_quotes(source):
        parts.append(f"{marks.open}{_stop(e(source.title))}{marks.close}")
        where = f"<i>{e(source.container)}</i>"
        if source.type == "article":
            if source.volume:
                where += f" {e(source.volume)}"
            if source.issue:
                where += ", " + _("no. %(issue)s") % {"issue": e(source.issue)}
            when = " ".join(x for x in (source.month, source.year) if x)
            if when:
                where += f" ({e(when)})"
            if source.pages:
                where += f"{_colon(language)}{e(source.pages)}"
            parts.append(where + ".")
        else:
            if source.volume:
                where += ", " + _("vol. %(volume)s") % {"volume": e(source.volume)}
            if source.pages:
                where += f", {e(source.pages)}"
            parts.append(_("In %(work)s.") % {"work": where})
    else:
        title = e(source.title)
        parts.append(f"<i>{title}</i>" + ("" if title.endswith(_ENDS[1:]) else "."))
        if source.container:
            parts.append(_stop(e(source.container)))
        if source.volume:
            parts.append(_stop(_("Vol. %(volume)s.") % {"volume": e(source.volume)}))
        if source.edition:
            parts.append(_stop(e(source.edition)))
    if source.type != "article":
        imprint = _colon(language).join(e(x) for x in (source.place, source.publisher) if x)
        if source.year:
            year = e(str(source.year))
            imprint = f"{imprint}, {year}" if imprint else year
        if imprint:
            parts.append(_stop(imprint))
        if source.pages and not (source.type in ("encyclopedia", "chapter") and source.container):
            parts.append(_stop(_pages(e(source.pages), language)))
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
    written_in = _language_name(source.language, language)
    if written_in:
        parts.append(_("(In %(language)s.)") % {"language": e(written_in).rstrip(".")})
    if source.note:
        parts.append(e(source.note))
    return Markup(" ".join(parts))
