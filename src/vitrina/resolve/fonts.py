"""The fonts that ship with vitrina, declared with @font-face so output never depends on
the fonts of the machine it is built on.

Charis SIL (a book face after Bitstream Charter) sets the text; Noto Sans sets labels,
captions and graphics. Both are OFL-licensed and cover Lithuanian and Cyrillic.
"""

from __future__ import annotations

from dataclasses import dataclass

from vitrina.resolve.paths import FONTS_DIR

SERIF = "Vitrina Serif"
SANS = "Vitrina Sans"


@dataclass(frozen=True)
class FontFace:
    family: str
    file: str
    weight: int = 400
    style: str = "normal"


FONT_FACES: tuple[FontFace, ...] = (
    FontFace(SERIF, "CharisSIL-Regular.ttf"),
    FontFace(SERIF, "CharisSIL-Italic.ttf", style="italic"),
    FontFace(SERIF, "CharisSIL-Bold.ttf", weight=700),
    FontFace(SERIF, "CharisSIL-BoldItalic.ttf", weight=700, style="italic"),
    FontFace(SANS, "NotoSans-Regular.ttf"),
    FontFace(SANS, "NotoSans-Italic.ttf", style="italic"),
    FontFace(SANS, "NotoSans-Bold.ttf", weight=700),
)

#: Printed in the colophon.
FONT_CREDITS = (
    "Text set in Charis SIL (© SIL International) and labels in Noto Sans (© Google), "
    "both under the SIL Open Font License 1.1."
)


def font_face_css() -> str:
    """@font-face rules pointing at the packaged font files."""
    rules = []
    for face in FONT_FACES:
        url = (FONTS_DIR / face.file).as_uri()
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; src: url("{url}"); '
            f"font-weight: {face.weight}; font-style: {face.style}; }}"
        )
    return "\n".join(rules) + "\n"
