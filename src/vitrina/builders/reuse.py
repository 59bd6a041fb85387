"""An output's PDF reused when what it is laid out from has not changed since the last
build, though a file it depends on has.

The build cache renders an output again when any file it reads changed: the handout reads
every panel file, so a caption edited on one panel makes it again, though the handout
prints no caption. A builder that can say, before laying out, what its layout is made of
(the HTML with its drawings, the styles, the page, the variant) keeps a digest of that with
its PDF in its memory (vitrina.memory); the next build, given the same digest, takes the
PDF back instead of laying it out and writing it again.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from vitrina.builders.booklet_parts import digest
from vitrina.memory import memory_output
from vitrina.output import Note, Output


@cache
def package_state() -> str:
    """vitrina's own code, layouts and data files by name, size and time: a layout kept
    by one vitrina is not taken back by another, even of the same version number."""
    from vitrina.paths import PACKAGE_DIR

    stamps = []
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        stat = path.stat()
        stamps.append(f"{path.relative_to(PACKAGE_DIR)}:{stat.st_size}:{stat.st_mtime_ns}")
    return digest(*stamps)


def graphic_inputs(entry: Any, root: Path, box: tuple[Any, ...]) -> list[str]:
    """What a panel's graphic is drawn from, without drawing it: the panel's data, the
    files it names (map layers, by size and time) and the box and style it is drawn in."""
    data = entry.panel.model_dump(mode="json")
    return [entry.panel.model_dump_json(), *files_named(strings_in(data), root), repr(box)]


def strings_in(data: Any) -> list[str]:
    """Every string in a panel's data (some of them name files: layers, images)."""
    found: list[str] = []
    stack = [data]
    while stack:  # bounded by the data's size
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            stack += list(item.values())
        elif isinstance(item, list):
            stack += item
    return found


def files_named(names: list[str], root: Path) -> list[str]:
    """``name:size:mtime`` of each name that is a file in the exhibition folder."""
    found = []
    for name in sorted(set(names)):
        if len(name) > 500 or "\n" in name or not name.strip():
            continue
        path = Path(root) / name
        try:
            if path.is_file():
                stat = path.stat()
                found.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
        except (OSError, ValueError):
            continue
    return found


class ReusedPdf:
    """One output's remembered PDF, under ``name`` in the builder's memory."""

    def __init__(self, context: Any, name: str):
        self.context = context
        self.name = name

    def key(self, *texts: str) -> str:
        """The digest of ``texts`` (what the layout is made of) and of what every
        layout of this context depends on: vitrina and WeasyPrint, variant, language."""
        from vitrina import __version__
        from vitrina.resolve.fonts import font_face_css

        context = self.context
        profile = ""
        if context.variant_spec.cmyk:
            profile = digest(context._cmyk_profile.hex())
        return digest(
            __version__,
            package_state(),
            version("weasyprint"),
            context.variant,
            context.language,
            repr(sorted(context.render_options.items())),
            font_face_css(),
            profile,
            str(context.epoch),
            *texts,
        )

    def get(self, key: str) -> tuple[bytes, list[Note]] | None:
        """The PDF and notes kept under ``key``, or None."""
        memory = self.context.memory
        raw = memory.read(f"{self.name}.json")
        if raw is None:
            return None
        try:
            data = json.loads(raw)
            if data.get("key") != key:
                return None
            notes = [Note.from_data(note) for note in data["notes"]]
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        pdf = memory.read(f"{self.name}.pdf")
        if pdf is None or not pdf.startswith(b"%PDF-"):
            return None
        return pdf, notes

    def keep(self, key: str, pdf: bytes, notes: list[Note]) -> list[Output]:
        """The memory outputs that keep ``pdf`` and ``notes`` under ``key``."""
        data = {"key": key, "notes": [note.to_data() for note in notes]}
        return [
            memory_output(f"{self.name}.json", json.dumps(data, ensure_ascii=False).encode()),
            memory_output(f"{self.name}.pdf", pdf),
        ]
