"""Checks on files that content points at: inside the folder, present, readable, an image."""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, ImageFile, UnidentifiedImageError

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


#: Images that passed their check in this process, by file, size, time and limits: an image
#: used by several panels (or checked again by a later build in the same process) is read
#: once. A problem is not remembered, so its message always names the panel's own path.
_passed: set[tuple[str, int, int, float, float]] = set()


def check_image(path: Path, relative: str, megapixels: float, megabytes: float) -> str | None:
    """A plain-words problem with an image file's content, or None when it is fine (read
    once per file and version; see ``_check_image``)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, megapixels, megabytes)
    if key in _passed:
        return None
    problem = _check_image(path, relative, megapixels, megabytes)
    if problem is None:
        _passed.add(key)
    return problem


def _check_image(path: Path, relative: str, megapixels: float, megabytes: float) -> str | None:
    """A plain-words problem with an image file's content, or None when it is fine.

    The file is identified from its own bytes (not its name), its size is checked
    against the limits before any pixels are decoded, and it is read through to the
    end so a truncated or corrupt file is found now rather than half-way through a build.
    JPEGs are decoded at an eighth of their size (enough to reach the end of the data)."""
    size_mb = path.stat().st_size / 1_000_000
    if size_mb > megabytes:
        return (
            f"'{relative}' is {size_mb:.0f} MB, over the {megabytes:g} MB limit for an image; "
            "save a smaller copy, or raise limits: image_mb in exhibition.yaml"
        )
    previous_limit = Image.MAX_IMAGE_PIXELS
    # WeasyPrint, once imported, tells Pillow to accept truncated images for the whole
    # process; the check must not.
    previous_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        # Read the header with Pillow's own limit off, to check the size against ours and
        # say how big the image is; nothing is decoded until it has passed.
        Image.MAX_IMAGE_PIXELS = None
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                pixels = image.width * image.height / 1_000_000
                if pixels > megapixels:
                    return (
                        f"'{relative}' is {image.width} × {image.height} pixels "
                        f"({pixels:.0f} megapixels), over the {megapixels:g} megapixel limit; "
                        "scale it down, or raise limits: image_megapixels in exhibition.yaml"
                    )
                Image.MAX_IMAGE_PIXELS = int(megapixels * 1_000_000)
                if image.format == "JPEG":
                    image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                    image.load()
                else:
                    image.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return (
            f"'{relative}' is so large it could exhaust memory (a 'decompression bomb'); "
            "scale it down, or raise limits: image_megapixels in exhibition.yaml"
        )
    except UnidentifiedImageError:
        return f"'{relative}' is not an image (its content is not JPEG, PNG, TIFF or WebP)"
    except (OSError, SyntaxError, ValueError) as exc:
        return f"'{relative}' is damaged or cut short ({exc}); export or copy it again"
    finally:
        Image.MAX_IMAGE_PIXELS = previous_limit
        ImageFile.LOAD_TRUNCATED_IMAGES = previous_truncated
    return None
