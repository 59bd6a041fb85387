"""A finished file, as every stage after rendering passes it on: where it goes under
output/, its bytes, and what the curator should know about it. Kept apart from the
builders so that writing and reporting do not load the drawing and layout code."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any


class NoteKind(StrEnum):
    """What a note on an output is about, so the preflight can act on it by its kind
    rather than by its words."""

    INFO = "info"
    """Something to know (labels per sheet, the poster's type sizes, padding pages)."""
    FITTED = "fitted"
    """Type made smaller to fit: the preflight lists it as a note."""
    GRAPHIC_LABEL = "graphic-label"
    """A graphic's label that could not be placed clear of everything: a warning."""


@dataclass(frozen=True)
class Note:
    """One thing the curator should know about an output, printed after its name."""

    text: str
    kind: NoteKind = NoteKind.INFO

    def __str__(self) -> str:
        return self.text

    def to_data(self) -> dict[str, str]:
        """As kept in the build cache."""
        return {"kind": self.kind.value, "text": self.text}

    @classmethod
    def from_data(cls, data: Any) -> Note:
        """A note from the build cache (a bare string is an old cache's plain note)."""
        if isinstance(data, str):
            return cls(data)
        return cls(str(data["text"]), NoteKind(data.get("kind", NoteKind.INFO)))


@dataclass
class Output:
    """A finished file: where it goes under output/, and its bytes."""

    path: Path
    data: bytes
    notes: list[Note] = field(default_factory=list)
    kind: str = ""
    """What the file is, for the preflight's limits: a file kind registered by its output
    (vitrina.builders: poster, booklet, imposed, labels, label, handout), or empty for
    files it does not inspect (the report itself)."""
    source: Path | None = None
    """The panel file the output is made from, when there is one."""
