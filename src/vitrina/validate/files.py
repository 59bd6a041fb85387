"""Checks on files that content points at: inside the folder, present, readable, an image."""

from __future__ import annotations

from pathlib import Path

#: Image files a captions item may place.
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".gif"}


def resolve_inside(root: Path, relative: str) -> Path | None:
    """The real path of ``relative`` under ``root``, or None if it leads outside (.., symlinks)."""
    root_real = root.resolve()
    candidate = (root_real / relative).resolve()
    if candidate == root_real or root_real in candidate.parents:
        return candidate
    return None


#: What each kind of referenced file may be: its suffixes and how to say so.
FILE_KINDS = {
    "image": (IMAGE_SUFFIXES, "an image file vitrina can place; use JPEG, PNG, TIFF or WebP"),
    "icc": ({".icc", ".icm"}, "an ICC colour profile (a .icc or .icm file)"),
}


def check_local_file(root: Path, relative: str, kind: str = "image") -> str | None:
    """A plain-words problem with a referenced file, or None when it is fine."""
    suffixes, description = FILE_KINDS[kind]
    path = resolve_inside(root, relative)
    if path is None:
        return (
            f"'{relative}' leads outside the exhibition folder (through '..' or a link); "
            "copy the file into the folder"
        )
    if not path.exists():
        return f"the file '{relative}' does not exist; check the spelling and the folder"
    if not path.is_file():
        return f"'{relative}' is a folder, not a file"
    if path.suffix.lower() not in suffixes:
        return f"'{relative}' is not {description}"
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        return f"the file '{relative}' cannot be read ({exc.strerror})"
    return None
