"""Characters the exhibition's fonts cannot draw, found before rendering.

Pango would print such a character as an empty box, or quietly borrow it from a font of
the machine the build runs on (which is then embedded: the PDF depends on the machine).
Neither is acceptable for print, so every text of the content is checked against the
characters the fonts vitrina ships actually contain, and each miss is a located error
naming the field and the character.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from vitrina.errors import ProblemList
from vitrina.load.yaml_source import SourceDocument
from vitrina.resolve.fonts import FONT_FACES
from vitrina.resolve.paths import FONTS_DIR
from vitrina.validate.limits import field_name, text_fields

#: Characters that need no glyph: spaces, line breaks, controls and invisible formatting
#: (soft hyphen, zero-width joiners), which the text layout handles itself.
_NO_GLYPH = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
#: More than this many different missing characters in one field are summed up.
_SHOWN = 5


@cache
def covered() -> frozenset[int]:
    """Every code point that some font vitrina ships has a glyph for."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for file in sorted({face.file for face in FONT_FACES}):
        with TTFont(FONTS_DIR / file, lazy=True) as font:
            points.update(font.getBestCmap() or {})
    return frozenset(points)


def _describe(character: str) -> str:
    name = unicodedata.name(character, "unnamed character")
    return f"'{character}' (U+{ord(character):04X} {name})"


def check_glyphs(documents: list[SourceDocument], problems: ProblemList) -> None:
    """One problem per text field holding characters the fonts cannot draw."""
    known = covered()
    for doc in documents:
        if doc.data is None:
            continue
        for path, text in text_fields(doc.data):
            missing: list[str] = []
            for character in text:
                if ord(character) in known or character in missing:
                    continue
                if unicodedata.category(character) in _NO_GLYPH:
                    continue
                missing.append(character)
            if not missing:
                continue
            shown = ", ".join(_describe(c) for c in missing[:_SHOWN])
            more = f" and {len(missing) - _SHOWN} more" if len(missing) > _SHOWN else ""
            problems.add(
                f"the fonts vitrina uses (Charis SIL, Noto Sans) cannot draw {shown}{more}; "
                "it would print as an empty box. Replace the character (for a script "
                "these fonts do not cover, such as Chinese, Hebrew or Arabic, or an emoji, "
                "vitrina cannot print this text yet)",
                doc.locate(path),
                field_name(path),
            )
