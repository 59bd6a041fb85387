"""The packaged fonts, registered with ReportLab so label widths are measured exactly."""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from vitrina.paths import FONTS_DIR
from vitrina.resolve.typography import NBSP, keep_dates_together

#: ReportLab font name → (file, CSS family, CSS weight, CSS style)
GRAPHIC_FONTS: dict[str, tuple[str, str, int, str]] = {
    "VitrinaSans": ("NotoSans-Regular.ttf", "Vitrina Sans", 400, "normal"),
    "VitrinaSans-Bold": ("NotoSans-Bold.ttf", "Vitrina Sans", 700, "normal"),
    "VitrinaSans-Italic": ("NotoSans-Italic.ttf", "Vitrina Sans", 400, "italic"),
    "VitrinaSerif": ("CharisSIL-Regular.ttf", "Vitrina Serif", 400, "normal"),
    "VitrinaSerif-Bold": ("CharisSIL-Bold.ttf", "Vitrina Serif", 700, "normal"),
    "VitrinaSerif-Italic": ("CharisSIL-Italic.ttf", "Vitrina Serif", 400, "italic"),
}

SANS = "VitrinaSans"
SANS_BOLD = "VitrinaSans-Bold"
SANS_ITALIC = "VitrinaSans-Italic"
SERIF = "VitrinaSerif"
SERIF_BOLD = "VitrinaSerif-Bold"


@cache
def register_fonts() -> None:
    """Register every graphic font once per process."""
    for name, (file, *_rest) in GRAPHIC_FONTS.items():
        pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / file)))


def text_width(text: str, font: str, size: float) -> float:
    register_fonts()
    return pdfmetrics.stringWidth(text, font, size)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap to ``width`` points; a date ("9 December 1918", "January 1919")
    stays on one line, and a word too long for a line breaks after one of its own hyphens
    ("La Ville-de-Bordeaux-et-de-Nantes-Réunies"), as a compositor would break it."""
    lines: list[str] = []
    current = ""
    words = keep_dates_together(" ".join(text.split())).split(" ")
    pieces: list[tuple[str, str]] = []  # (piece, what joins it to the one before)
    for word in (word.replace(NBSP, " ") for word in words if word):
        if "-" in word.strip("-") and text_width(word, font, size) > width:
            parts = word.split("-")
            for index, part in enumerate(parts):
                piece = part + ("-" if index < len(parts) - 1 else "")
                pieces.append((piece, " " if index == 0 else ""))
        else:
            pieces.append((word, " "))
    for piece, joiner in pieces:
        trial = f"{current}{joiner}{piece}" if current else piece
        if current and text_width(trial, font, size) > width:
            lines.append(current)
            current = piece
        else:
            current = trial
    if current:
        lines.append(current)
    return lines
