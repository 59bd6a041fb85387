"""Atomic output: every file goes to a temporary name beside its target and is renamed
into place, so a reader (or a print shop's upload) never sees half a PDF, and a build
that fails or is interrupted leaves the previous files as they were."""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from vitrina.errors import BuildError
from vitrina.resolve.contain import contained, relative_name

if TYPE_CHECKING:  # the builders load ReportLab; writing does not need it
    from vitrina.output import Output

OUTPUT_DIR = "output"
LOCK_FILE = ".vitrina.lock"


def guard_output_folder(output_dir: Path, root: Path | None = None) -> None:
    """Refuse, before anything is rendered, an output folder that would send files
    elsewhere: ``output`` (when it is the exhibition's own, under ``root``) or any folder
    or file inside it that is a link leading out of it. Writing follows links, so
    `output/posters` linked to another folder would otherwise receive the PDFs."""
    if root is not None and os.path.lexists(output_dir):
        contained(output_dir, root, relative_name(output_dir, root))
    if not output_dir.is_dir():
        return
    shown_from = root if root is not None else output_dir.parent
    for folder, dirs, files in os.walk(output_dir):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            if path.is_symlink():
                contained(path, output_dir, relative_name(path, shown_from))


def write_file(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` via a temporary file and an atomic rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def write_outputs(output_dir: Path, outputs: list[Output]) -> list[Path]:
    """Write every output under ``output_dir``; returns the paths written. Temporary files
    left by a build that was killed while writing are removed first."""
    for stale in output_dir.rglob(".*.part"):
        with contextlib.suppress(OSError):
            stale.unlink()
    written = []
    for output in outputs:
        target = output_dir / output.path
        contained(target.parent, output_dir)
        write_file(target, output.data)
        written.append(target)
    return written


class OutputLock:
    """An exclusive lock on an output folder, so two builds of one folder never interleave."""

    def __init__(self, output_dir: Path):
        self.path = output_dir / LOCK_FILE
        self._handle: int | None = None

    def __enter__(self) -> OutputLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._handle)
            self._handle = None
            raise BuildError(
                f"another vitrina build is writing to {self.path.parent} right now",
                hint="wait for it to finish, then build again",
            ) from None
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            os.close(self._handle)
            self._handle = None
