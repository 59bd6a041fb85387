"""The fonts that ship with vitrina, declared with @font-face so output never depends on
the fonts of the machine it is built on.

Charis SIL (a book face after Bitstream Charter) sets the text; Noto Sans sets labels,
captions and graphics. Both are OFL-licensed and cover Lithuanian and Cyrillic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vitrina.i18n.catalogues import N_
from vitrina.paths import FONTS_DIR

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
FONT_CREDITS = N_(
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


#: Where an exhibition keeps fonts of its own, for characters vitrina's fonts lack.
EXHIBITION_FONTS = "assets/fonts"
FONT_SUFFIXES = (".ttf", ".otf")


def exhibition_fonts(root: Path) -> list[Path]:
    """The font files in the exhibition's `assets/fonts` folder (links leading out of the
    exhibition folder refused: OutsideError)."""
    from vitrina.paths import contained

    folder = root / EXHIBITION_FONTS
    if not folder.exists():
        return []
    contained(folder, root, Path(EXHIBITION_FONTS))
    found = []
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() in FONT_SUFFIXES:
            contained(path, root, path.relative_to(root))
            found.append(path)
    return found


def vitrina_fontconfig(root: Path | None = None) -> Path:
    """A fontconfig file that knows vitrina's own fonts only (and the exhibition's), for
    FONTCONFIG_FILE while WeasyPrint loads fontconfig and makes its font configuration
    (vitrina.render.pdf).

    Without it, Pango fills in any character the exhibition's fonts lack from a font of
    the machine (DejaVu, Noto CJK…), which is then embedded: the PDF would depend on the
    computer that made it. With it there is nothing to fall back on; the content check
    refuses such characters first. The file is written once, named by its content.
    """
    import hashlib
    import os
    import tempfile
    from xml.sax.saxutils import escape

    folder = Path(tempfile.gettempdir()) / f"vitrina-fontconfig-{os.getuid()}"
    dirs = [FONTS_DIR]
    if root is not None and exhibition_fonts(root):
        dirs.append(root / EXHIBITION_FONTS)
    config = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        + "".join(f"  <dir>{escape(str(d))}</dir>\n" for d in dirs)
        + f"  <cachedir>{escape(str(folder / 'cache'))}</cachedir>\n</fontconfig>\n"
    )
    name = hashlib.sha256(config.encode()).hexdigest()[:16]
    path = folder / f"fonts-{name}.conf"
    if not path.is_file():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.tmp")
        temp.write_text(config, encoding="utf-8")
        os.replace(temp, path)
    return path
