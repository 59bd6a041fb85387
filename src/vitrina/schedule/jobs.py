"""The build graph: one job per output (a poster, the booklet, the labels, the handout, in
each variant), and what decides whether a job's files are up to date.

Two things do. The job's declared inputs, digested before it runs: the panel files the
output shows (with their images and map layers), the panels' order, the sources, the
exhibition's own fonts, the effective edition date, vitrina's own files and the versions
of every library that shapes the PDFs. And what the job really read while it ran, noted
where it was read (``vitrina.dependencies``): layout templates and stylesheets with what
they include or import, images, the ICC profile, and each setting of exhibition.yaml it
used. A job is up to date when both are as recorded when its files were written and
those files are still there, unchanged; so an edit to a labels setting renders the labels
again, not the posters.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from vitrina import __version__
from vitrina.builders.registry import DEFAULT_VARIANT, builders, get_builder
from vitrina.dependencies import Reads
from vitrina.load.project import EXHIBIT_DIR, SOURCES_FILE
from vitrina.model.edition import edition_date
from vitrina.model.exhibit import Exhibit, PanelEntry
from vitrina.paths import PACKAGE_DIR
from vitrina.resolve.fonts import exhibition_fonts

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

#: Extras whose libraries shape the output when installed (high-resolution coastlines).
OUTPUT_EXTRAS = ("hires",)


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


@cache
def library_versions() -> tuple[tuple[str, str], ...]:
    """Every installed library vitrina depends on, directly or through another (WeasyPrint,
    pydyf, fontTools, pypdf, ReportLab, Pillow, Pyphen…), with its version: an upgrade
    can change the PDFs' bytes, so it renders everything again. Test-only extras are
    left out."""
    found: dict[str, str] = {}
    queue = [metadata.distribution("vitrina").metadata]
    while queue:  # bounded: each library is queued at most once
        for requirement in queue.pop().get_all("Requires-Dist") or []:
            spec, _, marker = requirement.partition(";")
            if "extra" in marker and not any(extra in marker for extra in OUTPUT_EXTRAS):
                continue
            name = _requirement_name(spec)
            if name in found:
                continue
            try:
                # Read once for its version and its requirements (each of the package's
                # own properties reads and parses the file again).
                library = metadata.distribution(name).metadata
            except metadata.PackageNotFoundError:
                continue
            found[name] = library["Version"]
            queue.append(library)
    return tuple(sorted(found.items()))


def _requirement_name(spec: str) -> str:
    """``weasyprint>=68,<71`` → ``weasyprint`` (normalised as PyPI does)."""
    name = spec.strip()
    for stop in "<>=!~[( ":
        name = name.split(stop, 1)[0]
    return name.lower().replace("_", "-").replace(".", "-")


def edition_day(exhibit: Exhibit) -> str:
    """The edition date written into every PDF (exhibition.yaml's, else from
    SOURCE_DATE_EPOCH, else 1970), by the builders' own rule."""
    return edition_date(exhibit.exhibition).isoformat()


def _setting_value(exhibition: Any, path: str) -> bytes:
    """The current value of a dotted setting path, as JSON ("" is every setting)."""
    import pydantic_core

    value = exhibition
    for name in path.split(".") if path else ():
        value = getattr(value, name)
    return pydantic_core.to_json(value)


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
        """What every output depends on, whether it reads it or not: vitrina and the
        libraries it uses, the edition date written into every PDF, the sources, and the
        exhibition's own fonts (fontconfig may take any character from them)."""
        root = self.exhibit.root
        fonts = [path.relative_to(root) for path in exhibition_fonts(root)]
        return _digest_bytes(
            __version__.encode(),
            _tree_digest(PACKAGE_DIR, PACKAGE_SUFFIXES).encode(),
            repr(library_versions()).encode(),
            edition_day(self.exhibit).encode(),
            variant.encode(),
            self.file(f"{EXHIBIT_DIR}/{SOURCES_FILE}").encode(),
            *(f"{path.as_posix()}:{self.file(path)}".encode() for path in fonts),
        )

    def setting(self, path: str) -> str:
        """Digest of one setting of exhibition.yaml as it is now ('-' if it is gone)."""
        try:
            return _digest_bytes(_setting_value(self.exhibit.exhibition, path))
        except (AttributeError, TypeError, ValueError):
            return "-"

    def relative(self, noted: str) -> str | None:
        """A file a job noted, as a path inside the exhibition folder; None for vitrina's
        own files (their digest is part of every job's) and anything else outside."""
        path = Path(noted)
        if path.is_relative_to(PACKAGE_DIR):
            return None
        for root in (self.exhibit.root, Path(os.path.realpath(self.exhibit.root))):
            if path.is_relative_to(root):
                return path.relative_to(root).as_posix()
        return None

    def reads(self, reads: Reads) -> dict[str, dict[str, str]]:
        """What a job read, each file and setting with its digest now, for the cache."""
        files = {name for noted in reads.files if (name := self.relative(noted)) is not None}
        return {
            "files": {name: self.file(name) for name in sorted(files)},
            "settings": {path: self.setting(path) for path in sorted(reads.settings)},
        }

    def unchanged(self, recorded: dict[str, dict[str, str]]) -> bool:
        """Whether every file and setting a job read is as it was when it was read."""
        files = recorded.get("files", {})
        settings = recorded.get("settings", {})
        return all(self.file(name) == digest for name, digest in files.items()) and all(
            self.setting(path) == digest for path, digest in settings.items()
        )

    def panel(self, entry: PanelEntry) -> str:
        """A panel's file and the GeoJSON layers its map draws (read when the exhibition
        was checked, before any job). The images it places are noted by the jobs that
        read them: the labels show no pictures and do not depend on them."""
        files = [layer.file for layer in getattr(entry.panel, "own_layers", [])]
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
