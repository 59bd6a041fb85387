"""All-or-nothing output: a build replaces every file it made, or none of them.

Every file is first written in full to a staging folder inside output/ (so a full disk
or a read-only folder fails before anything is replaced). Then a journal listing the
files is written, and the files are switched in one by one, each previous file moved to
a backup folder first. When every file is in place the journal is marked done and the
staging and backup folders are removed. If a switch fails, the files already switched
are put back from the backup; if the build is killed, the next build finds the journal
and completes (journal done) or rolls back (journal not done) before doing anything else.
A reader (or a print shop's upload) never sees half a PDF, and never a mix of two builds.

Files are created with the curator's umask (a colleague on a shared print folder can open
them), and every path written is checked to stay inside output/.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from vitrina.errors import BuildError, OutputBusyError
from vitrina.paths import contained, relative_name

OUTPUT_DIR = "output"
LOCK_FILE = ".vitrina.lock"
STAGING_DIR = ".vitrina-staging"
BACKUP_DIR = ".vitrina-backup"
JOURNAL_FILE = ".vitrina-journal.json"

#: Less free space than this and a build could not even write its report.
MIN_FREE_BYTES = 1_000_000


def _rename(source: Path, target: Path) -> None:
    """The one rename of the write step (tests inject failures here)."""
    os.replace(source, target)


def _create(path: Path, data: bytes) -> None:
    """Write a new file, honouring the umask (mkstemp's 0600 would lock colleagues out)."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def os_error(exc: OSError, output_dir: Path, restored: bool = True) -> BuildError:
    """An operating-system failure while writing, said as what it is; ``restored`` is
    False when putting the previous outputs back failed too (they may then be mixed)."""
    where = Path(exc.filename) if exc.filename else output_dir
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        message = f"the disk holding {output_dir} is full"
        hint = "free some space (or empty the output folder), then build again"
    elif code == errno.EROFS:
        message = f"{output_dir} is on a read-only disk"
        hint = "build into a folder you can write to (copy the exhibition folder there)"
    elif code in (errno.EACCES, errno.EPERM):
        message = f"vitrina is not allowed to write {where}"
        hint = "check the folder's permissions (or whether it is locked/immutable)"
    elif code in (errno.ENOTDIR, errno.EEXIST):
        message = f"a file stands where vitrina needs a folder: {where}"
        hint = "move or rename that file; vitrina puts what it makes in folders there"
    elif code == errno.EISDIR:
        message = f"a folder stands where vitrina writes a file: {where}"
        hint = "move or rename that folder"
    else:
        message = f"{where} could not be written ({exc.strerror or exc})"
        hint = "check the disk and the folder's permissions, then build again"
    if not restored:
        return BuildError(
            f"{message}, and putting the previous outputs back failed too: {output_dir} may "
            "hold some new and some previous files until the next build, which puts the "
            "previous ones back first",
            hint=hint,
        )
    return BuildError(
        f"{message}. Nothing was replaced: the previous outputs are unchanged", hint=hint
    )


def _nearest_existing(path: Path) -> Path:
    while not os.path.lexists(path) and path != path.parent:
        path = path.parent
    return path


def _megabytes(count: int) -> str:
    return f"{count / 1_000_000:,.1f} MB"


def ensure_free_space(output_dir: Path, needed: int) -> None:
    """Refuse, before anything is written, to start on a disk with less room than
    ``needed`` bytes (the files to write) plus MIN_FREE_BYTES (the report and journal):
    a disk filling half-way through would only roll back. Figures unknown: no check."""
    try:
        stats = os.statvfs(_nearest_existing(output_dir))
    except OSError:
        return
    free = stats.f_bavail * stats.f_frsize
    if free < needed + MIN_FREE_BYTES:
        raise BuildError(
            f"the disk holding {output_dir} is too full: this build writes about "
            f"{_megabytes(needed)} and {_megabytes(free)} are free. Nothing was replaced: "
            "the previous outputs are unchanged",
            hint="free some space (or build into a folder on another disk), then build again",
        )


def guard_output_folder(output_dir: Path, root: Path | None = None) -> None:
    """Everything about the output folder that can be checked before rendering.

    Refuses an output folder that would send files elsewhere: ``output`` (when it is the
    exhibition's own, under ``root``) or any folder or file inside it that is a link
    leading out of it (writing follows links, so `output/posters` linked to another
    folder would otherwise receive the PDFs). And says plainly when ``output`` is a file,
    is on a read-only disk, may not be written, or sits on a full disk.
    """
    if root is not None and os.path.lexists(output_dir):
        contained(output_dir, root, relative_name(output_dir, root))
    shown = relative_name(output_dir, root) if root is not None else output_dir
    if os.path.lexists(output_dir) and not output_dir.is_dir():
        raise BuildError(
            f"'{shown}' is a file, but vitrina puts what it makes in a folder of that name",
            hint="rename or move that file, then build again",
        )
    existing = _nearest_existing(output_dir)
    if not existing.is_dir():
        raise BuildError(
            f"'{existing}' is a file, but vitrina needs a folder there to write {shown}",
            hint="rename or move that file, then build again",
        )
    with contextlib.suppress(OSError):
        stats = os.statvfs(existing)
        if stats.f_flag & os.ST_RDONLY:
            raise os_error(OSError(errno.EROFS, "read-only", str(existing)), output_dir)
        if stats.f_bavail * stats.f_frsize < MIN_FREE_BYTES:
            raise os_error(OSError(errno.ENOSPC, "full", str(existing)), output_dir)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise os_error(OSError(errno.EACCES, "permission denied", str(existing)), output_dir)
    if not output_dir.is_dir():
        return
    shown_from = root if root is not None else output_dir.parent
    for folder, dirs, files in os.walk(output_dir):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            if path.is_symlink():
                contained(path, output_dir, relative_name(path, shown_from))


@dataclass(frozen=True)
class _Entry:
    path: str  # relative to output/
    previous: bool  # whether a file was there before (and so moved to the backup)


def _remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def _write_journal(output_dir: Path, state: str, entries: list[_Entry]) -> None:
    data = {"state": state, "entries": [[e.path, e.previous] for e in entries]}
    temp = output_dir / (JOURNAL_FILE + ".new")
    _create(temp, json.dumps(data).encode())
    _rename(temp, output_dir / JOURNAL_FILE)
    _sync_folder(output_dir)


def _rollback(output_dir: Path, entries: list[_Entry]) -> None:
    """Put every previous file back and remove every new one already switched in."""
    staging, backup = output_dir / STAGING_DIR, output_dir / BACKUP_DIR
    for entry in reversed(entries):
        target = output_dir / entry.path
        if entry.previous:
            if os.path.lexists(backup / entry.path):
                _rename(backup / entry.path, target)
        elif not os.path.lexists(staging / entry.path) and os.path.lexists(target):
            target.unlink()


def _tidy(output_dir: Path) -> None:
    for name in (STAGING_DIR, BACKUP_DIR):
        _remove_tree(output_dir / name)
    for name in (JOURNAL_FILE, JOURNAL_FILE + ".new"):
        with contextlib.suppress(FileNotFoundError):
            (output_dir / name).unlink()
    for stale in output_dir.rglob(".*.part"):  # left by vitrina versions before the journal
        with contextlib.suppress(OSError):
            stale.unlink()


def recover(output_dir: Path) -> None:
    """Finish what a killed build left: complete a switch whose journal says done, roll
    back one that does not, and remove staging files. Call it holding the build lock."""
    if not output_dir.is_dir():
        return
    journal = output_dir / JOURNAL_FILE
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        entries = [_Entry(str(path), bool(previous)) for path, previous in data["entries"]]
        state = data["state"]
    except FileNotFoundError:
        entries, state = [], "done"
    except (OSError, ValueError, KeyError, TypeError):
        entries, state = [], "done"  # only written complete (by rename): not ours; tidy it
    safe = [e for e in entries if _inside(output_dir, e.path)]
    try:
        if state != "done":
            _rollback(output_dir, safe)
        _tidy(output_dir)
    except OSError as exc:
        raise os_error(exc, output_dir) from None


def _inside(output_dir: Path, relative: str) -> bool:
    path = Path(relative)
    return not path.is_absolute() and ".." not in path.parts and bool(path.parts)


def write_outputs(output_dir: Path, files: dict[Path, bytes]) -> list[Path]:
    """Write every file (paths relative to ``output_dir``) all together or not at all;
    returns the paths written. A failure is a BuildError saying what went wrong (disk
    full, read-only, a file where a folder should be), with the previous files intact."""
    recover(output_dir)
    staging = output_dir / STAGING_DIR
    entries: list[_Entry] = []
    try:
        for relative in files:
            if not _inside(output_dir, str(relative)):
                raise BuildError(f"vitrina tried to write outside {output_dir}: {relative}")
            contained((output_dir / relative).parent, output_dir)
        ensure_free_space(output_dir, sum(len(data) for data in files.values()))
        staging.mkdir(parents=True, exist_ok=True)
        for relative, data in files.items():
            staged = staging / relative
            staged.parent.mkdir(parents=True, exist_ok=True)
            _create(staged, data)
            target = output_dir / relative
            if target.is_dir() and not target.is_symlink():
                raise OSError(errno.EISDIR, "is a folder", str(target))
            entries.append(_Entry(str(relative), os.path.lexists(target)))
    except OSError as exc:
        with contextlib.suppress(OSError):
            _tidy(output_dir)
        raise os_error(exc, output_dir) from None
    _switch(output_dir, entries)
    return [output_dir / relative for relative in files]


def _switch(output_dir: Path, entries: list[_Entry]) -> None:
    staging, backup = output_dir / STAGING_DIR, output_dir / BACKUP_DIR
    try:
        _write_journal(output_dir, "switching", entries)
        for entry in entries:
            target = output_dir / entry.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if entry.previous:
                (backup / entry.path).parent.mkdir(parents=True, exist_ok=True)
                _rename(target, backup / entry.path)
            _rename(staging / entry.path, target)
        for folder in {(output_dir / e.path).parent for e in entries}:
            _sync_folder(folder)
        _write_journal(output_dir, "done", entries)
    except BaseException as exc:
        restored = True
        try:
            if os.path.lexists(output_dir / JOURNAL_FILE):
                _rollback(output_dir, entries)
        except OSError:
            restored = False  # the journal stays: the next build rolls back
        with contextlib.suppress(OSError):
            if restored:
                _tidy(output_dir)
        if isinstance(exc, OSError):
            raise os_error(exc, output_dir, restored) from None
        raise
    with contextlib.suppress(OSError):
        _tidy(output_dir)


def write_file(target: Path, data: bytes) -> None:
    """Write one file on its own through a temporary name and an atomic rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        _create(temp, data)
        _rename(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


class OutputLock:
    """An exclusive lock on an output folder for a whole build, so two builds of one
    folder never interleave; the lock file names the process holding it, and is removed
    (while still locked) when the build ends, so a build leaves no trace of it."""

    def __init__(self, output_dir: Path):
        self.path = output_dir / LOCK_FILE
        self._handle: int | None = None
        self._created = False

    def __enter__(self) -> OutputLock:
        folder = self.path.parent
        self._created = not folder.exists()
        for _attempt in range(5):
            handle = self._open(folder)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(handle, 200, 0).decode("utf-8", "replace").strip()
                os.close(handle)
                raise OutputBusyError(
                    f"another vitrina build is building into {folder} right now"
                    + (f" ({holder})" if holder else ""),
                    hint="wait for it to finish, then build again",
                ) from None
            try:  # the file we locked may have been removed by a build ending meanwhile
                if os.stat(self.path).st_ino == os.fstat(handle).st_ino:
                    break
            except FileNotFoundError:
                pass
            os.close(handle)
        else:
            raise BuildError(f"the lock file {self.path} keeps disappearing")
        self._handle = handle
        with contextlib.suppress(OSError):
            started = time.strftime("%Y-%m-%d %H:%M:%S")
            os.pwrite(handle, f"process {os.getpid()}, started {started}".encode(), 0)
        return self

    def _open(self, folder: Path) -> int:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise os_error(exc, folder) from None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._handle is None:
            return
        folder = self.path.parent
        with contextlib.suppress(OSError):
            self.path.unlink()
            if self._created and not any(folder.iterdir()):
                folder.rmdir()  # a failed first build leaves no output/ folder
        fcntl.flock(self._handle, fcntl.LOCK_UN)
        os.close(self._handle)
        self._handle = None
