"""What the preflight can find: every check by name, two severities, and the finding
itself. Light on purpose (no PDF libraries): the build assembles cached findings without
loading anything else."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    WARNING = "warning"
    """Printed and kept; fails the build with --strict."""
    NOTE = "note"
    """Worth knowing; never fails a build."""


class Check(StrEnum):
    """Every check the preflight runs, by the name preflight.json and the messages use."""

    # The PDF read back (vitrina.report.preflight).
    PAGE_SIZE = "page-size"
    FONTS = "fonts"
    TYPE_SIZE = "type-size"
    IMAGE_RESOLUTION = "image-resolution"
    SAFE_ZONE = "safe-zone"
    CONTRAST = "contrast"
    REVERSED_TYPE = "reversed-type"
    # What a builder or a drawer noted (vitrina.output.NoteKind).
    GRAPHIC_LABEL = "graphic-label"
    FITTING = "fitting"
    # The layout measured (vitrina.report.layout).
    LAYOUT = "layout"
    # Prepress (vitrina.report.prepress).
    OUTPUT_INTENT = "output-intent"
    PDF_VERSION = "pdf-version"
    COLOUR_SPACE = "colour-space"
    MARKS = "marks"
    LINE_WIDTH = "line-width"
    BLEED = "bleed"
    # The content (the YAML).
    WORD_COUNT = "word-count"
    ALT_TEXT = "alt-text"
    PLACEHOLDER = "placeholder"
    TRANSLATION = "translation"
    """A text field without the translation the exhibition's languages ask for."""


@dataclass(frozen=True)
class Finding:
    """One thing the preflight noticed."""

    check: Check
    message: str
    severity: Severity = Severity.WARNING
    output: str | None = None
    location: str | None = None

    def __post_init__(self) -> None:
        # Findings read back from the build cache or preflight.json come as plain text.
        object.__setattr__(self, "check", Check(self.check))
        object.__setattr__(self, "severity", Severity(self.severity))
