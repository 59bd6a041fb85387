"""A finished file, as every stage after rendering passes it on: where it goes under
output/, its bytes, and what the curator should know about it. Kept apart from the
builders so that writing and reporting do not load the drawing and layout code."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Output:
    """A finished file: where it goes under output/, and its bytes."""

    path: Path
    data: bytes
    notes: list[str] = field(default_factory=list)
    kind: str = ""
    """What the file is, for the preflight's limits: poster, booklet, imposed, labels,
    label, handout, or empty for files it does not inspect (the report itself)."""
    source: Path | None = None
    """The panel file the output is made from, when there is one."""
