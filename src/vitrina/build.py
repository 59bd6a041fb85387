"""The pipeline, in order: load → validate → resolve → draw → render → finish → write → report.

``check`` runs the first two stages; ``build`` runs them all. Drawing happens inside
the builders (each output draws its graphics at its own size), and finishing steps
(imposition, variants) will slot in between render and write.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vitrina.builders import BuildContext, Output
from vitrina.errors import Problem
from vitrina.load import load_project
from vitrina.resolve.layouts import Layouts
from vitrina.validate import Exhibit, validate_project
from vitrina.write import OutputLock, write_outputs
from vitrina.write.atomic import OUTPUT_DIR

Builder = Callable[[BuildContext], list[Output]]


def _builders() -> dict[str, Builder]:
    from vitrina.builders import booklet, posters

    return {"posters": posters.build, "booklet": booklet.build}


@dataclass
class BuildReport:
    """What a build made and what the curator should know about it."""

    exhibit: Exhibit
    written: list[Path] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def placeholders(self) -> list[str]:
        found = []
        for entry in self.exhibit.panels:
            for item in getattr(entry.panel, "items", []):
                if getattr(item, "placeholder", None):
                    found.append(f"{entry.doc.path}: '{item.title}' — {item.placeholder}")
        return found


def check(root: Path) -> Exhibit:
    """Load and validate only; raises ContentError with every problem found."""
    return validate_project(load_project(root))


def build(
    root: Path,
    outputs: Sequence[str] | None = None,
    output_dir: Path | None = None,
    variants: Sequence[str] = ("proof",),
) -> BuildReport:
    """Build the exhibition in ``root``; nothing is written unless every output succeeded.

    Each variant (proof, print, archive) goes to its own folder under output/.
    """
    exhibit = check(root)
    layouts = Layouts.for_exhibition(exhibit.root)
    builders = _builders()
    chosen = list(outputs) if outputs else list(builders)
    made: list[Output] = []
    for variant in variants:
        context = BuildContext(exhibit, layouts, variant)
        for name in chosen:
            made.extend(builders[name](context))
    target = output_dir or exhibit.root / OUTPUT_DIR
    with OutputLock(target):
        written = write_outputs(target, made)
    return BuildReport(exhibit, written, made, list(exhibit.warnings))
