"""A graphic's words in the exhibition's other languages (on a bilingual poster).

A poster in two languages draws each graphic once, so every word the graphic takes from
the YAML is drawn in both: the primary language's first, the second's after it or under
it. Short words (a legend's, a line's, a bar's) are joined on one line, "Front line /
Fronto linija"; longer ones (a timeline event, a place's note) get lines of their own in
the second language's style: italic, in the colour of the posters' second language (the
graphic's words are all sans already, so italic stands in for the posters' change from
serif to sans). Each language's words get their own quotation marks here, before the
drawing's remaining straight quotes are curled in the primary language.
"""

from __future__ import annotations

from vitrina.draw.fonts import SANS_ITALIC
from vitrina.resolve.typography import typographic

#: The second language's font in a graphic.
SECOND_FONT = SANS_ITALIC


def own_words(text: str, language: str) -> str:
    """The text with its own language's quotation marks and apostrophes (the lines of a
    graphic are set already, so dates are not rejoined)."""
    return typographic(text, language, dates=False)


def joined_words(first: str | None, second: str | None, language: str) -> str | None:
    """'Front line / Fronto linija': a short text and its ``language`` version, once if
    they are the same or the second is missing."""
    if not first or not second or second == first:
        return first
    return f"{first} / {own_words(second, language)}"


def differs(first: str | None, second: str | None) -> bool:
    """Whether the second language's text is worth drawing beside the first's."""
    return bool(second) and second != first
