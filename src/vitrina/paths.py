"""Where vitrina's own files are, and one containment rule for every file vitrina reads or
writes on an exhibition's behalf. Low in the stack: loading, checking, rendering and
writing all use it.

An exhibition folder may come from someone else (a travelling show, a downloaded theme),
so a symbolic link inside it must never lead vitrina to read or write a file elsewhere on
the machine. The rule is the same everywhere: resolve the path (following every link),
then refuse it if the result is not inside the folder it must stay in, naming the file and
where it leads.
"""

from __future__ import annotations

import os
from pathlib import Path

from vitrina.errors import BuildError, Location

#: vitrina's own resources inside the installed package.
PACKAGE_DIR = Path(__file__).resolve().parent
BUILTIN_LAYOUTS = PACKAGE_DIR / "layouts"
BUILTIN_ASSETS = PACKAGE_DIR / "assets"
FONTS_DIR = BUILTIN_ASSETS / "fonts"
GEO_DIR = BUILTIN_ASSETS / "geo"


class OutsideError(BuildError):
    """A path, once its links are followed, leads out of the folder it must stay in."""

    def __init__(self, path: Path, target: Path, boundary: Path, shown: Path | None = None):
        self.path = path
        self.target = target
        self.boundary = boundary
        self.reason = (
            f"'{shown or path}' leads outside {boundary} (it is a link to {target}); "
            "vitrina only reads and writes files inside the exhibition folder"
        )
        super().__init__(
            self.reason,
            Location(shown) if shown is not None else None,
            hint="copy the file into the folder instead of linking to it",
        )


def is_within(path: Path, boundary: Path) -> bool:
    """Whether ``path``, with every link followed, lies inside ``boundary`` (also resolved)."""
    return Path(os.path.realpath(path)).is_relative_to(Path(os.path.realpath(boundary)))


def contained(path: Path, boundary: Path, shown: Path | None = None) -> Path:
    """``path`` with its links followed; OutsideError if that leaves ``boundary``.

    ``shown`` is how the file is named in the message (relative to the exhibition
    folder where possible). A path that does not exist yet is checked through its
    nearest existing parent, so the rule also guards files about to be written.
    """
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(Path(os.path.realpath(boundary))):
        raise OutsideError(path, real, boundary, shown)
    return real


def relative_name(path: Path, root: Path) -> Path:
    """``path`` relative to ``root`` when it is inside it (for messages), else as given."""
    try:
        return path.relative_to(root)
    except ValueError:
        return path
