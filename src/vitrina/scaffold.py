"""`vitrina new`: a small exhibition that builds at once, for a curator to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

from vitrina.errors import BuildError

TEMPLATE_DIR = Path(__file__).resolve().parent / "scaffold_files"


def create_exhibition(folder: Path, title: str) -> list[Path]:
    """Copy the starter files into ``folder``; refuse to overwrite an existing exhibition."""
    if (folder / "exhibit").exists():
        raise BuildError(
            f"{folder} already has an exhibit/ folder; vitrina will not overwrite it",
            hint="choose a new folder name",
        )
    if folder.exists() and not folder.is_dir():
        raise BuildError(f"{folder} exists and is not a folder")
    created = []
    for source in sorted(TEMPLATE_DIR.rglob("*")):
        if source.is_dir():
            continue
        relative = source.relative_to(TEMPLATE_DIR)
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.name == "exhibition.yaml":
            text = source.read_text(encoding="utf-8").replace(
                "title: My exhibition", _yaml_line("title", title), 1
            )
            target.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(source, target)
        created.append(relative)
    return created


def _yaml_line(key: str, value: str) -> str:
    """``key: value`` written by the YAML library, so that any title (with ':', '#',
    quotes or a leading '-') reads back as exactly what was typed."""
    import yaml

    return yaml.safe_dump({key: value}, allow_unicode=True, width=1_000_000).strip()
