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
from pathlib import Path

from vitrina.errors import Location, ProblemList
from vitrina.load.yaml_source import SourceDocument
from vitrina.paths import FONTS_DIR, OutsideError
from vitrina.resolve.fonts import FONT_FACES, exhibition_fonts
from vitrina.validate.limits import field_name, text_fields

#: Characters that need no glyph: spaces, line breaks, controls and invisible formatting
#: (soft hyphen, zero-width joiners), which the text layout handles itself.
_NO_GLYPH = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
#: More than this many different missing characters in one field are summed up.
_SHOWN = 5


@cache
def covered() -> frozenset[int]:
    """Every code point that some font vitrina ships has a glyph for."""
    return frozenset().union(*(_cmap(FONTS_DIR / f) for f in sorted({f.file for f in FONT_FACES})))


@cache
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        # Only the code points matter, not the glyphs' names: numbered names spare the
        # decoding of the 'post' table's names (half the time of every check).
        font.setGlyphOrder([f"g{index}" for index in range(font["maxp"].numGlyphs)])
        return frozenset(font.getBestCmap() or {})


def _exhibition_coverage(root: Path, problems: ProblemList) -> frozenset[int]:
    """What the fonts in the exhibition's assets/fonts add; a file that is no font, or a
    link leading out, is a problem."""
    points: set[int] = set()
    try:
        files = exhibition_fonts(root)
    except OutsideError as exc:
        problems.add(exc.reason, exc.location)
        return frozenset()
    for path in files:
        try:
            points |= _cmap(path)
        except Exception as exc:  # noqa: BLE001 — fontTools raises many kinds on a bad file
            problems.add(
                f"this is not a font vitrina can read ({type(exc).__name__}); use a .ttf or "
                ".otf file",
                Location(path.relative_to(root)),
            )
    return frozenset(points)


def _describe(character: str) -> str:
    name = unicodedata.name(character, "unnamed character")
    return f"'{character}' (U+{ord(character):04X} {name})"


def check_glyphs(
    documents: list[SourceDocument], problems: ProblemList, root: Path | None = None
) -> None:
    """One problem per text field holding characters the fonts (vitrina's, and the
    exhibition's own in assets/fonts) cannot draw."""
    known = covered() | (_exhibition_coverage(root, problems) if root else frozenset())
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
                "the fonts (vitrina's Charis SIL and Noto Sans, and any in assets/fonts) "
                f"cannot draw {shown}{more}; "
                "it would print as an empty box. Replace the character, or put a font "
                "that has it (.ttf or .otf, with a licence that allows embedding) in the "
                "exhibition's assets/fonts folder",
                doc.locate(path),
                field_name(path),
            )
