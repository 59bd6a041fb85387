"""The pipeline, in order: load → validate → resolve → draw → render → finish → report →
write.

``check`` runs the first two stages; ``build`` runs them all. Drawing happens inside
the builders (each output draws its graphics at its own size) and so does finishing
(imposition, marks, variants). The preflight reads the finished PDFs before anything is
written, so ``--strict`` can refuse a build without touching the previous outputs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vitrina.builders import BuildContext, Output
from vitrina.errors import Problem, StrictPreflightError
from vitrina.load import load_project
from vitrina.resolve.layouts import Layouts
from vitrina.validate import Exhibit, validate_project
from vitrina.write import OutputLock, write_outputs
from vitrina.write.atomic import OUTPUT_DIR

if TYPE_CHECKING:  # the preflight loads pdfium; `check` should not pay for it
    from vitrina.report.preflight import PreflightReport

Builder = Callable[[BuildContext], list[Output]]


def _builders() -> dict[str, Builder]:
    from vitrina.builders import booklet, handout, labels, posters

    return {
        "posters": posters.build,
        "booklet": booklet.build,
        "labels": labels.build,
        "handout": handout.build,
    }


@dataclass
class BuildReport:
    """What a build made and what the curator should know about it."""

    exhibit: Exhibit
    written: list[Path] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    preflight: PreflightReport | None = None


def check(root: Path) -> Exhibit:
    """Load and validate only; raises ContentError with every problem found."""
    return validate_project(load_project(root))


def build(
    root: Path,
    outputs: Sequence[str] | None = None,
    output_dir: Path | None = None,
    variants: Sequence[str] = ("proof",),
    strict: bool = False,
    grey: bool = False,
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
        context = BuildContext(exhibit, layouts, variant, grey)
        for name in chosen:
            made.extend(builders[name](context))
    from vitrina.report.preflight import preflight, report_output

    checked = preflight(exhibit, made, variants)
    if strict and checked.warnings:
        raise StrictPreflightError(checked.warnings)
    made.append(report_output(checked, exhibit, strict))
    target = output_dir or exhibit.root / OUTPUT_DIR
    with OutputLock(target):
        written = write_outputs(target, made)
    return BuildReport(exhibit, written, made, list(exhibit.warnings), checked)
