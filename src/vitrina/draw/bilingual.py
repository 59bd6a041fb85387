"""A graphic's words in the exhibition's other languages (on a bilingual poster).

A poster in two languages draws each graphic once (``GraphicStyle.also`` holds the panel
in the other languages), so every word the graphic takes from the YAML is drawn in each
language where it differs: the primary language's first, the others under it (a place's
name and note, a timeline event, a bar's label, a legend row) or after it on the same
line where a line is all there is (a chart's groups and axis, "Front line / Fronto
linija"). The others are set in the second language's style: italic, in the colour of
the posters' second language (a graphic's words are all sans already, so italic stands
in for the posters' change from serif to sans). Each language's words get their own
quotation marks here (``own_words``), before the drawing's remaining straight quotes are
curled in the primary language.
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


def differs(first: str | None, second: str | None) -> bool:
    """Whether the second language's text is worth drawing beside the first's."""
    return bool(second) and second != first
