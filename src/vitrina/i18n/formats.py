"""Dates, numbers and lists as each language writes them, from CLDR (through Babel).

A date prints at the precision it was given: a year alone stays a year, a month and year
never gains a day. Plain `en` writes dates the British way ("9 December 1918"), as
vitrina always has; `en-US` gives "December 9, 1918". A code CLDR does not know falls back
to English formats (the build has already said it has no words for that language).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval, format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal

#: Which CLDR locale a bare language code means where CLDR's own default is not the one
#: exhibitions expect (CLDR's `en` is American English).
_DEFAULT_REGION = {"en": "en_GB"}

#: The CLDR skeleton of a full date ("9 December 1918"), of a short one for graphics and
#: lists ("9 Dec 1918"), of a month ("December 1918", "Dec 1918").
_SKELETONS = {
    ("day", "long"): "yMMMMd",
    ("day", "short"): "yMMMd",
    ("month", "long"): "yMMMM",
    ("month", "short"): "yMMM",
    ("year", "long"): "y",
    ("year", "short"): "y",
}
#: Languages whose short CLDR date is numeric ("1918-12-09" in Lithuanian): a visitor reads
#: the long form there, which is short enough.
_NUMERIC_SHORT = frozenset({"lt"})

NBSP = "\u00a0"


@cache
def locale_of(language: str) -> Locale:
    """The CLDR locale of a BCP 47 code such as `lt`, `en-GB` or `pt-BR`."""
    code = _DEFAULT_REGION.get(language.lower(), language)
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(_DEFAULT_REGION["en"])


def _skeleton(precision: str, length: str, locale: Locale) -> str:
    if length == "short" and locale.language in _NUMERIC_SHORT:
        length = "long"
    return _SKELETONS[(precision, length)]


def format_day(day: dt.date, language: str, precision: str = "day", length: str = "long") -> str:
    """A date at its precision (`day`, `month` or `year`) in ``language``, with no-break
    spaces so it never breaks across lines."""
    locale = locale_of(language)
    if precision == "day" and (length == "long" or locale.language in _NUMERIC_SHORT):
        text = format_date(day, "long", locale=locale)  # Babel's skeleton match abbreviates
    else:
        text = format_skeleton(_skeleton(precision, length, locale), day, locale=locale)
    if precision == "day":
        text = _first_of_month(text, day, locale)
    return text.replace(" ", NBSP)


def format_day_span(start: dt.date, end: dt.date, language: str) -> str:
    """Two days, each with its month written out, as a cover or a handout prints when an
    exhibition opens and closes: the year once when both are in the same year ("3 April –
    14 November 2027", "2027 m. balandžio 3 d. – lapkričio 14 d."), on the side the
    language writes it."""
    last = format_day(end, language)
    if start.year != end.year or start == end:
        first = format_day(start, language)
        return last if start == end else f"{first} – {last}"
    locale = locale_of(language)
    year_first = last.startswith(str(end.year))
    if year_first:
        first = format_day(start, language)
        last = _first_of_month(format_skeleton("MMMMd", end, locale=locale), end, locale)
    else:
        first = _first_of_month(format_skeleton("MMMMd", start, locale=locale), start, locale)
    return f"{first.replace(' ', NBSP)} – {last.replace(' ', NBSP)}"


def _first_of_month(text: str, day: dt.date, locale: Locale) -> str:
    """French writes the first day of a month as an ordinal: « 1er mars »."""
    if locale.language == "fr" and day.day == 1:
        return re.sub(r"(?<!\d)1(?=[ \u00a0])", "1er", text, count=1)
    return text


def format_range(
    start: dt.date,
    end: dt.date,
    language: str,
    precision: str = "day",
    end_precision: str | None = None,
    length: str = "short",
) -> str:
    """A span of time in ``language``: CLDR's interval ("9–16 Dec 1918") when both ends
    have one precision, else each end at its own precision joined by a dash."""
    locale = locale_of(language)
    end_precision = end_precision or precision
    if precision == end_precision:
        if start == end or (precision == "year" and start.year == end.year):
            return format_day(start, language, precision, length)
        skeleton = _skeleton(precision, length, locale)
        # CLDR sets thin spaces round the dash; vitrina's own " – " is a word space.
        return format_interval(start, end, skeleton, locale=locale).replace("\u2009", " ")
    first = format_day(start, language, precision, length)
    last = format_day(end, language, end_precision, length)
    return f"{first} – {last}"


def format_number(value: float, language: str, decimals: int = 0) -> str:
    """A number with the language's digit grouping and decimal sign (1,000.5 / 1 000,5)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale_of(language))


def format_names(names: list[str], language: str) -> str:
    """ "A, B and C" in the language's own words ("A, B ir C")."""
    return format_list(list(names), locale=locale_of(language)) if names else ""
