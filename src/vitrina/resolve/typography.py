"""Typographic detail for every word vitrina prints: quotation marks as the exhibition's
language sets them, apostrophes, and dates that never break across lines.

Curators type straight quotes (" and ') on ordinary keyboards; print wants “…” in
English, „…“ in Lithuanian and German, « … » in French. The rules live here, one table
per concern, so that another language is one more row: ``QUOTES`` for quotation marks,
``MONTHS`` for the month names that keep a date together. Markdown text gets the same
marks through markdown-it's typographer (``markdown_quotes``); plain fields (titles,
captions, names) and the words inside graphics through ``typographic``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple


class Quotes(NamedTuple):
    """A language's quotation marks: outer pair, inner pair (with any space they keep
    inside, as French does)."""

    open: str
    close: str
    inner_open: str
    inner_close: str


#: Quotation marks by language (the primary subtag of the exhibition's `language`).
QUOTES: dict[str, Quotes] = {
    "en": Quotes("\u201c", "\u201d", "\u2018", "\u2019"),  # “…” ‘…’
    "lt": Quotes("\u201e", "\u201c", "\u201a", "\u2018"),  # „…“ ‚…‘
    "de": Quotes("\u201e", "\u201c", "\u201a", "\u2018"),  # „…“ ‚…‘
    "fr": Quotes("\u00ab\u00a0", "\u00a0\u00bb", "\u2039\u00a0", "\u00a0\u203a"),  # « … »
}
#: What a language not in ``QUOTES`` gets.
DEFAULT_LANGUAGE = "en"
#: The apostrophe (’), the same in every language here.
APOSTROPHE = "\u2019"
NBSP = "\u00a0"

#: Month names by language, for keeping "December 1918" together (a day number, a month
#: and a year always are: "9 December 1918").
MONTHS: dict[str, tuple[str, ...]] = {
    "en": tuple(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Sept",
            "Oct",
            "Nov",
            "Dec",
        ]
    ),
    "de": tuple(
        [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ]
    ),
    "fr": tuple(
        [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ]
    ),
}

#: A straight quote opens after the start of the text, a space, an opening bracket or a
#: dash; anywhere else it closes (or, for ', is an apostrophe).
_OPENS_AFTER = re.compile(r"(^|[\s(\[{\u2013\u2014/-])$")
#: "9 December 1918", "9. Dezember 1918", "9 Dec. 1918": day, word, year.
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2}\.?) ([^\W\d_]{3,}\.?) (\d{3,4})\b")


def quotes_for(language: str | None) -> Quotes:
    """The quotation marks of a language code such as `en`, `lt` or `fr-CA`."""
    primary = (language or DEFAULT_LANGUAGE).split("-")[0].lower()
    return QUOTES.get(primary, QUOTES[DEFAULT_LANGUAGE])


def markdown_quotes(language: str | None) -> list[str]:
    """The four marks in the order markdown-it's typographer takes them."""
    return list(quotes_for(language))


def typographic(text: str, language: str | None = DEFAULT_LANGUAGE, dates: bool = True) -> str:
    """Straight quotes as the language's marks and apostrophes as ’ ("x" → “x”,
    'x' → ‘x’, it's → it’s), and (unless ``dates`` is false: a graphic's words are
    already set in lines) dates held together by no-break spaces."""
    if '"' in text or "'" in text:
        text = _curl(text, quotes_for(language))
    return keep_dates_together(text, language) if dates else text


def _curl(text: str, marks: Quotes) -> str:
    out: list[str] = []
    single_open = False
    for index, char in enumerate(text):
        opening = bool(_OPENS_AFTER.search(text[index - 1] if index else ""))
        if char == '"':
            out.append(marks.open if opening else marks.close)
        elif char == "'":
            following = text[index + 1] if index + 1 < len(text) else ""
            if opening and following.strip() and not following.isdigit():
                out.append(marks.inner_open)
                single_open = True
            elif single_open and not (following.isalpha()):
                out.append(marks.inner_close)
                single_open = False
            else:
                out.append(APOSTROPHE)
        else:
            out.append(char)
    return "".join(out)


def keep_dates_together(text: str, language: str | None = DEFAULT_LANGUAGE) -> str:
    """No-break spaces inside a date ("9 December 1918", "16 December", "December 1918"),
    so a line never ends between its parts."""
    if not any(char.isdigit() for char in text):
        return text
    text = _DAY_MONTH_YEAR.sub(lambda m: NBSP.join(m.groups()), text)
    primary = (language or DEFAULT_LANGUAGE).split("-")[0].lower()
    return _with_month(primary).sub(_joined, text)


def _joined(match: re.Match[str]) -> str:
    """A month name with its day or year, joined by no-break spaces (alone, unchanged)."""
    if not (match["day"] or match["year"]):
        return match[0]
    return match[0].replace(" ", NBSP)


@cache
def _with_month(primary: str) -> re.Pattern[str]:
    """ "16 December", "December 1918" in a language (English month names too: sources
    are often cited in English)."""
    months = MONTHS.get(primary, ()) + (MONTHS["en"] if primary != "en" else ())
    names = "|".join(re.escape(name) for name in months)
    return re.compile(rf"(?P<day>\b\d{{1,2}}\.? )?\b(?:{names})\b\.?(?P<year> \d{{3,4}}\b)?")
