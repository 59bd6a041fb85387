"""vitrina's own words on a map, in the exhibition's language: the compass points of the
degree labels and the north arrow, and the scale bar's distances ('50 km', '50 км')."""

from __future__ import annotations

from babel.numbers import format_decimal

from vitrina.i18n.catalogues import N_, words
from vitrina.i18n.formats import locale_of

#: The compass points as printed on maps (their translations are one letter or two).
COMPASS_POINTS = (N_("N"), N_("S"), N_("E"), N_("W"))


def compass(language: str | tuple[str, ...], positive: str, negative: str) -> tuple[str, str]:
    """The compass letters (N and S, or E and W) as the language abbreviates them; given
    several languages (a bilingual poster's map), each language's letter where they
    differ, joined: 'Š/N' (a reader of either language can tell north)."""
    languages = (language,) if isinstance(language, str) else language

    def letters(point: str) -> str:
        return "/".join(dict.fromkeys(words(code).gettext(point) for code in languages))

    return letters(positive), letters(negative)


def distance(km: float, language: str | tuple[str, ...]) -> str:
    """'50 km' as the language writes it ('50 км'); given several languages, each one's
    where they differ ('50 км / 50 km')."""
    languages = (language,) if isinstance(language, str) else language
    texts = (
        words(code).gettext("%(distance)s km") % {"distance": format_number_g(km, code)}
        for code in languages
    )
    return " / ".join(dict.fromkeys(texts))


def format_number_g(value: float, language: str) -> str:
    """A round number as short as it goes ('0.5', '0,5', '100')."""
    return format_decimal(value, locale=locale_of(language))
