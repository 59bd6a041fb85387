"""What a builder remembers from one build to the next: hints that make the next build of
an edited exhibition faster (a poster's last fitted sizes, the booklet's sections laid
out last time), never facts the output depends on.

A builder reads its memory through ``Memory.read`` and hands new memory back as an
``Output`` of kind ``MEMORY`` (``memory_output``), so it is written with the build's other
files: all together, atomically, and only when the whole build succeeded. A missing,
stale or damaged memory file only costs time: every reader verifies what it reads, and
falls back to doing the work in full.
"""

from __future__ import annotations

from pathlib import Path

from vitrina.output import Output

#: The folder under output/ that holds builders' memory (hidden: not for the curator).
MEMORY_DIR = Path(".vitrina-memory")
#: ``Output.kind`` of a memory file: not preflighted, not listed among the files written.
MEMORY = "memory"
#: A memory file larger than this is not read (a damaged or foreign file).
MAX_BYTES = 256 * 1024 * 1024


class Memory:
    """Read access to the memory of the build writing into ``output_dir`` (none when it
    is None, as for `vitrina check` or a build into a fresh folder)."""

    def __init__(self, output_dir: Path | None = None):
        self.output_dir = output_dir

    def read(self, name: str) -> bytes | None:
        """The bytes remembered under ``name``, or None when there are none (or they
        cannot be read: memory is never worth an error)."""
        if self.output_dir is None:
            return None
        path = self.output_dir / MEMORY_DIR / name
        try:
            if not path.is_file() or path.is_symlink() or path.stat().st_size > MAX_BYTES:
                return None
            return path.read_bytes()
        except OSError:
            return None


def memory_output(name: str, data: bytes) -> Output:
    """An output that keeps ``data`` for the next build under ``name``."""
    return Output(MEMORY_DIR / name, data, kind=MEMORY)


def is_memory(output: Output) -> bool:
    return output.kind == MEMORY
