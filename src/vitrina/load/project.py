"""Find and read every YAML file of an exhibition folder.

An exhibition folder holds `exhibit/exhibition.yaml`, one YAML file per panel
beside it, and optionally `exhibit/sources.yaml`. `exhibit/evidence.yaml` is the
curators' own fact-check notes (which source passage supports which sentence): it
is never read, so it is neither checked nor printed as a panel. Reading goes on
past a broken file so that every problem is reported in one go.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from vitrina.errors import ContentError, Location, Problem
from vitrina.load.yaml_source import SourceDocument, YamlLoadError, load_yaml_file
from vitrina.paths import is_within

EXHIBIT_DIR = "exhibit"
EXHIBITION_FILE = "exhibition.yaml"
SOURCES_FILE = "sources.yaml"
#: The curators' fact-check notes: kept beside the panels, never read by vitrina.
EVIDENCE_FILE = "evidence.yaml"


@dataclass
class LoadedProject:
    """The raw, parsed-but-unchecked content of an exhibition folder."""

    root: Path
    exhibition: SourceDocument | None
    sources: SourceDocument | None
    panels: dict[str, SourceDocument] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def documents(self) -> list[SourceDocument]:
        docs = [self.exhibition, self.sources, *self.panels.values()]
        return [d for d in docs if d is not None]


def _read(path: Path, root: Path, problems: list[Problem]) -> SourceDocument | None:
    if not is_within(path, root):
        problems.append(_outside(path, root))
        return None
    try:
        return load_yaml_file(path, path.relative_to(root))
    except YamlLoadError as exc:
        problems.append(exc.problem)
        return None


def _outside(path: Path, root: Path) -> Problem:
    """The problem of a content file (or folder) whose link leads out of the exhibition."""
    return Problem(
        f"this is a link to {os.path.realpath(path)}, outside the exhibition folder; "
        "vitrina only reads files inside it (copy the file here instead of linking to it)",
        Location(path.relative_to(root)),
    )


def load_project(root: Path) -> LoadedProject:
    """Read every content file under ``root/exhibit``; ContentError if there is none."""
    root = root.resolve()
    exhibit = root / EXHIBIT_DIR
    main_file = exhibit / EXHIBITION_FILE
    if not main_file.is_file():
        raise ContentError(
            [
                Problem(
                    f"no {EXHIBIT_DIR}/{EXHIBITION_FILE} in {root} — is this an exhibition "
                    "folder? Run 'vitrina new FOLDER' to start one",
                    Location(Path(EXHIBIT_DIR) / EXHIBITION_FILE),
                )
            ]
        )
    if not is_within(exhibit, root):
        raise ContentError([_outside(exhibit, root)])
    problems: list[Problem] = []
    exhibition = _read(main_file, root, problems)
    sources_path = exhibit / SOURCES_FILE
    sources = _read(sources_path, root, problems) if sources_path.exists() else None
    panels: dict[str, SourceDocument] = {}
    for path in sorted(exhibit.iterdir()):
        if path.name in (EXHIBITION_FILE, SOURCES_FILE, EVIDENCE_FILE) or path.name.startswith("."):
            continue
        if path.suffix.lower() == ".yml":
            problems.append(
                Problem(
                    "panel files end in '.yaml'; rename this file so vitrina reads it",
                    Location(path.relative_to(root)),
                    severity="warning",
                )
            )
            continue
        if path.suffix.lower() != ".yaml" or not path.is_file():
            continue
        doc = _read(path, root, problems)
        if doc is not None:
            panels[path.stem] = doc
        else:
            panels.setdefault(path.stem, SourceDocument(path.relative_to(root), None))
    return LoadedProject(root, exhibition, sources, panels, problems)
