"""What the last build wrote: per job, the digest of its inputs, the files it made (with
their own digests, so a deleted or edited PDF is made again) and its preflight results,
so an up-to-date output needs neither rendering nor checking again."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vitrina import __version__
from vitrina.paths import is_within

CACHE_FILE = ".vitrina-cache.json"
#: The layout of the cache file; another one is read as no cache (everything is built).
CACHE_FORMAT = 2


@dataclass
class CachedJob:
    inputs: str
    files: dict[str, str]
    notes: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    """Each file's notes, as vitrina.output.Note.to_data gives them."""
    preflight: dict[str, Any] = field(default_factory=dict)
    stats: dict[str, list[int]] = field(default_factory=dict)
    """Size and modification time of each file as written: when both still match, the
    file is not read and hashed again (what keeps a no-change build fast)."""
    seconds: float = 0.0
    """How long the job took, so the next build can start the longest jobs first."""
    reads: dict[str, dict[str, str]] = field(default_factory=dict)
    """What the job read as it ran, with digests: {"files": {path: digest}, "settings":
    {dotted path: digest}} (see vitrina.dependencies)."""


@dataclass
class BuildCache:
    folder: Path
    jobs: dict[str, CachedJob] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> BuildCache:
        """The cache of an output folder; empty when missing, unreadable or from another
        version of vitrina (then everything is simply built again)."""
        try:
            data = json.loads((folder / CACHE_FILE).read_text(encoding="utf-8"))
            if data.get("vitrina") != __version__ or data.get("format") != CACHE_FORMAT:
                return cls(folder)
            jobs = {key: CachedJob(**value) for key, value in data["jobs"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            return cls(folder)
        return cls(folder, jobs)

    def inside(self, name: str) -> Path | None:
        """The file a cached name stands for, or None when the name (which anyone can edit
        in the cache file) would lead out of the output folder: absolute, '..', or through
        a link. vitrina never opens a file outside output/ because the cache names it."""
        relative = Path(name)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            return None
        path = self.folder / relative
        return path if is_within(path, self.folder) else None

    def fresh(self, key: str, inputs: str, unchanged: Callable[[dict], bool]) -> bool:
        """Whether the job's files are there, unchanged, and made from these inputs, and
        whether what the job read last time is ``unchanged`` (jobs.Digests.unchanged)."""
        cached = self.jobs.get(key)
        if cached is None or cached.inputs != inputs or not unchanged(cached.reads):
            return False
        for name, digest in cached.files.items():
            path = self.inside(name)
            if path is None:
                return False
            try:
                stat = path.stat()
                if cached.stats.get(name) == [stat.st_size, stat.st_mtime_ns]:
                    continue
                if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                    return False
            except OSError:
                return False
        return True

    def stamp(self) -> None:
        """Note the size and time of every file of every job as they are now on disk."""
        for cached in self.jobs.values():
            for name in cached.files:
                path = self.inside(name)
                try:
                    if path is None:
                        continue
                    stat = path.stat()
                except OSError:
                    continue
                cached.stats[name] = [stat.st_size, stat.st_mtime_ns]

    def record(
        self,
        key: str,
        inputs: str,
        files: dict[str, bytes],
        notes: dict[str, list[dict[str, str]]],
        preflight: dict[str, Any],
        seconds: float = 0.0,
        reads: dict[str, dict[str, str]] | None = None,
    ) -> None:
        self.jobs[key] = CachedJob(
            inputs,
            {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
            notes,
            preflight,
            seconds=round(seconds, 2),
            reads=reads or {},
        )

    def to_bytes(self) -> bytes:
        """The cache as JSON (jobs of other outputs are kept: `--only` builds some)."""
        data = {
            "vitrina": __version__,
            "format": CACHE_FORMAT,
            "jobs": {key: vars(job) for key, job in sorted(self.jobs.items())},
        }
        return (json.dumps(data, indent=1) + "\n").encode()
