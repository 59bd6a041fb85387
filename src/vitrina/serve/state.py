"""What the preview page shows, worked out from the output folder as it is on disk.

Every proof output found under output/ is shown, so a file the last good build wrote
stays visible while the YAML has a mistake in it. Each panel gathers its poster, the
booklet pages of its section (found by the booklet's named destination ``panel-<id>``)
and its single labels; the preflight findings go beside the panel or output they concern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vitrina.serve.pages import PageImages, PdfPages

#: Whole-exhibition outputs in the order the page lists them, with their headings; any
#: other PDF at the top of output/ follows under its file name.
KNOWN_OUTPUTS = {
    "booklet.pdf": "Booklet",
    "booklet-imposed.pdf": "Booklet, imposed for the press",
    "labels.pdf": "Label sheets",
    "handout.pdf": "Handout",
}
#: Outputs shown as whole sheets rather than trimmed pages.
SHEETS = {"booklet-imposed.pdf", "labels.pdf"}
#: Booklet chapters that are not panels: a panel's section ends where one of them starts.
OTHER_CHAPTERS = ("introduction-text", "bibliography", "colophon")


@dataclass
class Built:
    """What the last good build said about the exhibition (kept while the YAML is broken)."""

    title: str = ""
    panels: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _doc(relative: str, pages: PdfPages) -> dict[str, Any]:
    """An output file as the page shows it: its link and each page's image and size."""
    return {
        "path": relative,
        "digest": pages.digest,
        "pdf": f"/output/{relative}?v={pages.digest}",
        "pages": [_page(pages, index) for index in range(len(pages.sizes))],
    }


def _page(pages: PdfPages, index: int) -> dict[str, Any]:
    width, height = pages.sizes[index]
    return {
        "thumb": f"/thumb/{pages.digest}/{index}.png",
        "large": f"/page/{pages.digest}/{index}.png",
        "index": index,
        "width": round(width, 1),
        "height": round(height, 1),
    }


def booklet_sections(path: Path, panel_ids: list[str], page_count: int) -> dict[str, list[int]]:
    """Each panel's booklet pages (0-based), from the booklet's named destinations: from
    the page where ``panel-<id>`` starts to the page where the next chapter starts, that
    page too unless the next chapter starts at the top of it (the highest point any
    destination has). A layout of the curator's own without those anchors gives none
    (the whole booklet is shown below the panels anyway)."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(path)
        places = {
            name.lstrip("/"): (reader.get_destination_page_number(dest), float(dest.top or 0))
            for name, dest in reader.named_destinations.items()
        }
    except Exception:  # noqa: BLE001 - an unreadable booklet shows no sections
        return {}
    if not places:
        return {}
    text_top = max(top for _page, top in places.values())
    chapters = sorted(  # in reading order: by page, then down the page
        (page, -top)
        for name, (page, top) in places.items()
        if name.startswith("panel-") or name in OTHER_CHAPTERS
    )
    sections = {}
    for panel_id in panel_ids:
        place = places.get(f"panel-{panel_id}")
        if place is None:
            continue
        start, top = place
        end = page_count - 1
        following = [other for other in chapters if other > (start, -top)]
        if following:
            page, next_top = following[0]
            end = page - 1 if -next_top >= text_top - 2 else page
        sections[panel_id] = list(range(start, max(start, end) + 1))
    return sections


def _panel_of_finding(finding: dict[str, Any], panels: list[dict[str, Any]]) -> str | None:
    """The panel a finding concerns: by its output (poster, single label) or its file."""
    output = finding.get("output") or ""
    location = (finding.get("location") or "").split(":", 1)[0]
    for panel in panels:
        if output == f"posters/{panel['id']}.pdf" or re.fullmatch(
            rf"labels/{re.escape(panel['id'])}-\d+\.pdf", output
        ):
            return panel["id"]
        if location and location == panel["file"]:
            return panel["id"]
    return None


def _labels_of(output_dir: Path, panel_id: str) -> list[Path]:
    pattern = re.compile(rf"{re.escape(panel_id)}-(\d+)\.pdf")
    found = []
    folder = output_dir / "labels"
    if folder.is_dir():
        for path in folder.iterdir():
            match = pattern.fullmatch(path.name)
            if match:
                found.append((int(match.group(1)), path))
    return [path for _number, path in sorted(found)]


def view(output_dir: Path, built: Built, images: PageImages) -> dict[str, Any]:
    """The whole page's content as JSON-able data, with thumbnails drawn for new files."""
    shown: set[str] = set()

    def load(path: Path, sheet: bool = False) -> dict[str, Any] | None:
        if path.is_symlink() or not path.is_file():  # only what the build wrote
            return None
        pages = images.load(path, sheet)
        if pages is None:
            return None
        shown.add(pages.digest)
        return _doc(path.relative_to(output_dir).as_posix(), pages)

    outputs = []
    names = [name for name in KNOWN_OUTPUTS if (output_dir / name).is_file()]
    if output_dir.is_dir():
        names += sorted(
            path.name
            for path in output_dir.glob("*.pdf")
            if path.name not in KNOWN_OUTPUTS and not path.name.startswith(".")
        )
    booklet = None
    for name in names:
        doc = load(output_dir / name, name in SHEETS)
        if doc is None:
            continue
        if name == "booklet.pdf":
            booklet = doc
        doc["title"] = KNOWN_OUTPUTS.get(name, name)
        doc["findings"] = [f for f in built.findings if f.get("output") == name]
        outputs.append(doc)

    sections = {}
    if booklet is not None:
        sections = booklet_sections(
            output_dir / "booklet.pdf", [p["id"] for p in built.panels], len(booklet["pages"])
        )
    panels = []
    for number, panel in enumerate(built.panels, 1):
        poster = load(output_dir / "posters" / f"{panel['id']}.pdf")
        labels = [doc for path in _labels_of(output_dir, panel["id"]) if (doc := load(path))]
        section = sections.get(panel["id"], [])
        panels.append(
            {
                **panel,
                "number": number,
                "poster": poster,
                "booklet": [booklet["pages"][i] for i in section] if booklet else [],
                "booklet_pdf": booklet["pdf"] if booklet else None,
                "labels": labels,
                "findings": [
                    f for f in built.findings if _panel_of_finding(f, built.panels) == panel["id"]
                ],
            }
        )
    placed = {id(f) for panel in panels for f in panel["findings"]}
    placed |= {id(f) for doc in outputs for f in doc["findings"]}
    images.keep_only(shown)
    return {
        "title": built.title,
        "panels": panels,
        "outputs": outputs,
        "findings": [f for f in built.findings if id(f) not in placed],
        "warnings": built.warnings,
    }
