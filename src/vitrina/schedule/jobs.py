"""The build graph: one job per output (a poster, the booklet, the labels, the handout, in
each variant), and the digest of everything that job's files are made from.

A job is up to date when its digest is the one recorded when its files were last written
and those files are still there, unchanged. The digest covers the panel files the output
shows, the exhibition settings and sources, the images it places, the layouts (vitrina's
and the exhibition's), the fonts, the map data, the ICC profile, and vitrina itself.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vitrina import __version__
from vitrina.builders.registry import DEFAULT_VARIANT, builders, get_builder, get_variant
from vitrina.load.project import EXHIBIT_DIR, EXHIBITION_FILE, SOURCES_FILE
from vitrina.model.exhibit import Exhibit, PanelEntry
from vitrina.paths import PACKAGE_DIR

#: The package's own files an output can depend on: code, layouts, fonts, map data.
PACKAGE_SUFFIXES = (
    ".py",
    ".html",
    ".css",
    ".ttf",
    ".otf",
    ".json",
    ".geojson",
    ".icc",
    ".po",
)


@dataclass(frozen=True)
class Job:
    """One unit of rendering: the registered output ``kind`` in ``variant``, for one panel
    (outputs made per panel, such as posters) or the whole exhibition."""

    kind: str
    variant: str
    panel: str | None = None

    @property
    def key(self) -> str:
        unit = f"{self.kind}/{self.panel}" if self.panel else self.kind
        return f"{self.variant}:{unit}"

    @property
    def label(self) -> str:
        """How the progress line names it: "poster manifesto", "booklet (print)"."""
        # A per-panel job is named by the file it makes (poster), not the output (posters).
        file = get_builder(self.kind).files[0].name if self.panel else ""
        name = f"{file} {self.panel}" if self.panel else self.kind
        return name if self.variant == DEFAULT_VARIANT else f"{name} ({self.variant})"


def _digest_bytes(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


@cache
def _tree_digest(folder: Path, suffixes: tuple[str, ...] = ()) -> str:
    """Digest of every file under ``folder`` (names and contents), for the package's own
    layouts, fonts, map data and code, which cannot change during one run."""
    return _folder_digest(folder, suffixes)


def _folder_digest(folder: Path, suffixes: tuple[str, ...] = ()) -> str:
    parts: list[bytes] = []
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                if suffixes and path.suffix not in suffixes:
                    continue
                parts += [str(path.relative_to(folder)).encode(), path.read_bytes()]
    return _digest_bytes(*parts)


class Digests:
    """Digests of one exhibition's inputs, each file read at most once per build."""

    def __init__(self, exhibit: Exhibit, grey: bool):
        self.exhibit = exhibit
        self.grey = grey
        self._files: dict[Path, str] = {
            exhibit.root / doc.path: _digest_bytes(doc.raw)
            for doc in exhibit.documents
            if doc.raw is not None  # the bytes validated, not the file as it is now
        }

    def file(self, relative: str | Path) -> str:
        path = self.exhibit.root / relative
        if path not in self._files:
            self._files[path] = _digest_bytes(path.read_bytes()) if path.is_file() else "-"
        return self._files[path]

    def common(self, variant: str) -> str:
        """What every output depends on."""
        exhibition = self.exhibit.exhibition
        settings = [f"{EXHIBIT_DIR}/{EXHIBITION_FILE}", f"{EXHIBIT_DIR}/{SOURCES_FILE}"]
        profile = exhibition.print.icc_profile
        return _digest_bytes(
            __version__.encode(),
            _tree_digest(PACKAGE_DIR, PACKAGE_SUFFIXES).encode(),
            _folder_digest(self.exhibit.root / "layouts").encode(),
            variant.encode(),
            *(self.file(name).encode() for name in settings),
            (self.file(profile) if profile and get_variant(variant).cmyk else "").encode(),
        )

    def panel(self, entry: PanelEntry) -> str:
        """A panel's file, the images it places and the GeoJSON layers its map draws."""
        files = [item.image for item in getattr(entry.panel, "items", []) if item.image]
        files += [layer.file for layer in getattr(entry.panel, "own_layers", [])]
        return _digest_bytes(
            self.file(entry.doc.path).encode(), *(self.file(path).encode() for path in files)
        )

    def job(self, job: Job) -> str:
        """What one job's files are made from, as its registered output says."""
        builder = get_builder(job.kind)
        if job.panel is not None:
            panels = [self.exhibit.panel(job.panel)]
        else:
            panels = builder.panels_of(self.exhibit)
        order = ",".join(entry.id for entry in self.exhibit.panels).encode()
        grey = b"grey" if builder.uses_grey and self.grey else b""
        shared = builder.shared(self.exhibit) if builder.shared else ""
        return _digest_bytes(
            job.key.encode(),
            self.common(job.variant).encode(),
            order,
            grey,
            shared.encode(),
            *(self.panel(entry).encode() for entry in panels),
        )


def plan_jobs(exhibit: Exhibit, kinds: list[str], variants: list[str]) -> list[Job]:
    """Every job of a build, in the order the outputs are registered (posters first: they
    are many and independent): one per panel for an output made per panel, else one."""
    jobs: list[Job] = []
    for variant in variants:
        for builder in builders():
            if builder.name not in kinds:
                continue
            if builder.per_panel:
                jobs += [Job(builder.name, variant, entry.id) for entry in exhibit.panels]
            else:
                jobs.append(Job(builder.name, variant))
    return jobs
