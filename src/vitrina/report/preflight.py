"""The preflight: what a print shop would check before printing, run on every PDF of a
build before anything is written, plus the content checks only the YAML can answer
(alt text, word counts, placeholders).

Every finding is a warning or a note. Warnings are printed and kept in
`output/preflight.json`; with `--strict` any warning fails the build.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from vitrina import __version__
from vitrina.builders.registry import file_kind
from vitrina.memory import is_memory
from vitrina.model.exhibit import Exhibit
from vitrina.output import NoteKind
from vitrina.report.findings import Check, Finding, Severity
from vitrina.report.layout import layout_findings

if TYPE_CHECKING:  # kept light: a build with nothing to render assembles cached results
    from vitrina.output import Output
    from vitrina.report.pdfinspect import PdfFacts

#: Text must keep this far inside the trim, so a cut a little off never touches it (mm).
SAFE_ZONE_MM = 5.0
#: WCAG AA: text against its background.
MIN_CONTRAST = 4.5
#: Words a visitor reads on one panel, and on one object label (DESIGN §5).
PANEL_WORD_LIMIT = 300
LABEL_WORD_LIMIT = 100


#: How the preflight reports what a builder or drawer noted, by the note's kind. (The
#: limits of each kind of file are registered with its output: vitrina.builders.)
NOTE_FINDINGS = {
    # A graphic's label that could not be placed clear of everything else.
    NoteKind.GRAPHIC_LABEL: (Check.GRAPHIC_LABEL, Severity.WARNING),
    # Type fitted down to make an output fit.
    NoteKind.FITTED: (Check.FITTING, Severity.NOTE),
}


@dataclass
class OutputSummary:
    """The facts about one output file, as written in preflight.json."""

    path: str
    kind: str
    pages: int
    trim_mm: list[float]
    media_mm: list[float]
    bleed_mm: list[float]
    fonts: list[dict[str, Any]]
    fonts_embedded: bool
    smallest_type_pt: float | None = None
    lowest_image_ppi: float | None = None
    images: int = 0
    contrast_failures: int = 0
    layout: dict[str, Any] | None = None
    """Layout figures of posters and the booklet (vitrina.report.layout)."""


@dataclass
class PreflightReport:
    outputs: list[OutputSummary] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.WARNING]

    def to_json(self, exhibit: Exhibit, strict: bool) -> bytes:
        document = {
            "vitrina": __version__,
            "exhibition": exhibit.exhibition.title,
            "strict": strict,
            "summary": {
                "outputs": len(self.outputs),
                "warnings": len(self.warnings),
                "notes": len(self.findings) - len(self.warnings),
            },
            "outputs": [asdict(o) for o in self.outputs],
            "findings": [asdict(f) for f in self.findings],
        }
        return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def _scale(facts: PdfFacts) -> float:
    """How much larger than A1 a poster is (its type limits grow with the paper)."""
    trim = facts.boxes[0].trim_mm
    return min(trim) / 594


def _check_pdf(output: Output, facts: PdfFacts, report: PreflightReport) -> None:
    name = output.path.as_posix()
    where = str(output.source) if output.source else None
    first = facts.boxes[0]
    summary = OutputSummary(
        path=name,
        kind=output.kind,
        pages=facts.pages,
        trim_mm=list(first.trim_mm),
        media_mm=list(first.media_mm),
        bleed_mm=list(first.bleed_mm),
        fonts=[asdict(font) for font in facts.fonts],
        fonts_embedded=all(font.embedded for font in facts.fonts),
    )
    report.outputs.append(summary)
    # A part-filled label sheet trims only around the cards it holds: one paper size is
    # what matters there (an odd number of labels is not 'pages of different sizes').
    kind = file_kind(output.kind)
    sizes = (
        {box.media_mm for box in facts.boxes}
        if kind is not None and kind.one_paper_size
        else {(box.trim_mm, box.media_mm) for box in facts.boxes}
    )
    if len(sizes) > 1:
        report.findings.append(
            Finding(Check.PAGE_SIZE, f"pages of {len(sizes)} different sizes", output=name)
        )
    for font in facts.fonts:
        if not font.embedded:
            report.findings.append(
                Finding(
                    Check.FONTS,
                    f"the font {font.name} is not embedded; the printer may substitute it",
                    output=name,
                )
            )
    limits = kind.limits if kind is not None else None
    if kind is None or limits is None:
        return
    scale = _scale(facts) if kind.scales_with_paper else 1.0
    if facts.runs:
        smallest = min(facts.runs, key=lambda run: run.size_pt)
        summary.smallest_type_pt = smallest.size_pt
        floor = limits.min_type_pt * scale
        if smallest.size_pt < floor - 0.05:
            report.findings.append(
                Finding(
                    Check.TYPE_SIZE,
                    f"the smallest type is {smallest.size_pt:g} pt ('{smallest.text[:40]}' on "
                    f"page {smallest.page}); {limits.reading} should be at least "
                    f"{floor:.1f} pt",
                    output=name,
                    location=where,
                )
            )
    summary.images = len(facts.images)
    if facts.images:
        lowest = min(facts.images, key=lambda image: image.ppi)
        summary.lowest_image_ppi = lowest.ppi
        for image in facts.images:
            if image.ppi < limits.min_ppi:
                how = "far below" if image.ppi < limits.min_ppi / 2 else "below"
                report.findings.append(
                    Finding(
                        Check.IMAGE_RESOLUTION,
                        f"an image on page {image.page} ({image.width_mm:g} × "
                        f"{image.height_mm:g} mm) prints at {image.ppi:.0f} ppi, {how} the "
                        f"{limits.min_ppi:.0f} ppi it needs at that size; use a larger scan "
                        "or place it smaller",
                        output=name,
                        location=where,
                    )
                )
    _check_safe_zone(facts, name, where, report)
    failures = [
        run for run in facts.runs if run.contrast is not None and run.contrast < MIN_CONTRAST
    ]
    summary.contrast_failures = len(failures)
    _check_reversed_type(facts, name, where, report)
    for run in failures:
        assert run.background is not None and run.contrast is not None
        report.findings.append(
            Finding(
                Check.CONTRAST,
                f"text '{run.text[:40]}' on page {run.page} has a contrast of "
                f"{run.contrast:.1f}:1 against its background (#{_hex(run.colour)} on "
                f"#{_hex(run.background)}); at least {MIN_CONTRAST}:1 is needed",
                output=name,
                location=where,
            )
        )


def _check_safe_zone(
    facts: PdfFacts, name: str, where: str | None, report: PreflightReport
) -> None:
    """Text closer to the trim than the safe zone, or beyond it (cut off)."""
    inset = SAFE_ZONE_MM * 72 / 25.4 - 0.5
    for run in facts.runs:
        left, bottom, right, top = facts.boxes[run.page - 1].trim_pt
        x0, y0, x1, y1 = run.box
        if x0 < left + inset or y0 < bottom + inset or x1 > right - inset or y1 > top - inset:
            outside = x0 < left or y0 < bottom or x1 > right or y1 > top
            report.findings.append(
                Finding(
                    Check.SAFE_ZONE,
                    f"text '{run.text[:40]}' on page {run.page} "
                    + (
                        "runs past the trim and will be cut off"
                        if outside
                        else f"is closer than {SAFE_ZONE_MM:g} mm to the trim"
                    )
                    + "; check the layout",
                    output=name,
                    location=where,
                )
            )


#: Light type on a dark flood (printed in four inks, a rich black) smaller than this (pt)
#: fills in where the inks do not register exactly: print shops ask for 10 pt or more.
MIN_REVERSED_PT = 10.0


def _luminance(colour: tuple[int, int, int]) -> float:
    return (0.2126 * colour[0] + 0.7152 * colour[1] + 0.0722 * colour[2]) / 255


def _check_reversed_type(
    facts: PdfFacts, name: str, where: str | None, report: PreflightReport
) -> None:
    """Warn once per page on light type under 10 pt reversed out of a dark background."""
    pages: set[int] = set()
    for run in facts.runs:
        if run.background is None or run.page in pages or run.size_pt >= MIN_REVERSED_PT - 0.05:
            continue
        if _luminance(run.background) < 0.2 and _luminance(run.colour) > 0.6:
            pages.add(run.page)
            report.findings.append(
                Finding(
                    Check.REVERSED_TYPE,
                    f"light type of {run.size_pt:g} pt ('{run.text[:40]}') on page {run.page} "
                    f"is reversed out of a dark background; at least {MIN_REVERSED_PT:g} pt "
                    "keeps it sharp when the inks do not register exactly",
                    output=name,
                    location=where,
                )
            )


def _hex(colour: tuple[int, int, int]) -> str:
    return "".join(f"{value:02x}" for value in colour)


#: Fields that hold the words a visitor reads (not file names, keys or credits).
READING_FIELDS = {"title", "lede", "body", "caption", "text", "note", "name", "label"}
_WORD = re.compile(r"\w[\w'’.-]*")


def reading_words(value: object, field_name: str | None = None) -> int:
    """Words a visitor reads in a panel (or any part of one), walking its fields."""
    if isinstance(value, BaseModel):
        return sum(
            reading_words(getattr(value, name), name)
            for name in type(value).model_fields
            if name != "poster"
        )
    if isinstance(value, list):
        return sum(reading_words(item, field_name) for item in value)
    if isinstance(value, str) and field_name in READING_FIELDS:
        return len(_WORD.findall(value))
    return 0


def _check_word_counts(exhibit: Exhibit, report: PreflightReport) -> None:
    """Panels and captions within what visitors read, counted in each language apart
    (a bilingual panel holds twice the words, but each reader reads one language)."""
    several = len(exhibit.languages) > 1
    for language in exhibit.languages:
        named = f" in {language}" if several else ""
        for entry in exhibit.in_language(language).panels:
            words = reading_words(entry.panel)
            if words > PANEL_WORD_LIMIT:
                report.findings.append(
                    Finding(
                        Check.WORD_COUNT,
                        f"the panel '{entry.id}' has {words} words{named}; visitors read "
                        f"panels of {PANEL_WORD_LIMIT} words at most",
                        location=str(entry.doc.locate(())),
                    )
                )
            for index, item in enumerate(getattr(entry.panel, "items", [])):
                caption_words = reading_words(item.caption, "caption")
                if caption_words > LABEL_WORD_LIMIT:
                    report.findings.append(
                        Finding(
                            Check.WORD_COUNT,
                            f"the caption of '{item.title}' has {caption_words} words"
                            f"{named}; labels read best under {LABEL_WORD_LIMIT}",
                            location=str(entry.doc.locate(("items", index, "caption"))),
                        )
                    )


def _check_content(exhibit: Exhibit, report: PreflightReport) -> None:
    for gap in exhibit.translation_gaps:
        report.findings.append(
            Finding(Check.TRANSLATION, f"{gap.field}: {gap.message}", location=str(gap.location))
        )
    _check_word_counts(exhibit, report)
    for entry in exhibit.panels:
        for index, item in enumerate(getattr(entry.panel, "items", [])):
            where = ("items", index)
            if not (item.alt or "").strip():
                report.findings.append(
                    Finding(
                        Check.ALT_TEXT,
                        f"'{item.title}' has no alt text: describe the image for people who "
                        "cannot see it",
                        location=str(entry.doc.locate(where)),
                    )
                )
            if item.placeholder:
                report.findings.append(
                    Finding(
                        Check.PLACEHOLDER,
                        f"'{item.title}' is still a for-placement-only frame ({item.placeholder})",
                        location=str(entry.doc.locate((*where, "placeholder"))),
                    )
                )


def check_outputs(outputs: list[Output]) -> dict[str, Any]:
    """The preflight of some output files, as plain data (kept in the build cache, so an
    up-to-date output is not checked again)."""
    from vitrina.report.layout import measure_layout
    from vitrina.report.pdfinspect import inspect_pdf
    from vitrina.report.prepress import prepress_findings

    report = PreflightReport()
    for output in outputs:
        if not output.kind or is_memory(output) or output.path.suffix != ".pdf":
            continue
        kind = file_kind(output.kind)
        copy = kind is not None and kind.copy
        facts = inspect_pdf(output.data, drawn=not copy)
        _check_pdf(output, facts, report)
        if not copy:
            report.outputs[-1].layout = measure_layout(output.kind, output.data, facts)
        report.findings += prepress_findings(output)
        where = str(output.source) if output.source else None
        for note in output.notes:
            if note.kind in NOTE_FINDINGS:
                check, severity = NOTE_FINDINGS[note.kind]
                report.findings.append(
                    Finding(check, note.text, severity, output.path.as_posix(), where)
                )
    return {
        "outputs": [asdict(summary) for summary in report.outputs],
        "findings": [asdict(finding) for finding in report.findings],
    }


def assemble(
    exhibit: Exhibit, parts: list[dict[str, Any]], variants: Iterable[str]
) -> PreflightReport:
    """The whole preflight: each output's results (new or cached) and the content checks."""
    report = PreflightReport()
    for part in parts:
        report.outputs += [OutputSummary(**summary) for summary in part["outputs"]]
        report.findings += [Finding(**finding) for finding in part["findings"]]
    _check_content(exhibit, report)
    _name_low_resolution_images(exhibit, report)
    report.findings += layout_findings(report.outputs)
    return report


_PLACED = re.compile(r"\(([\d.]+) × ([\d.]+) mm\) prints at (\d+) ppi")


def _name_low_resolution_images(exhibit: Exhibit, report: PreflightReport) -> None:
    """Say which image file a low-resolution finding is about, with its YAML line.

    The PDF knows only the placed size and resolution; the image whose pixel width best
    matches (resolution × width) is the one, among the captions items of the finding's
    panel (or of the whole exhibition, for the booklet and labels)."""
    if not any(finding.check == Check.IMAGE_RESOLUTION for finding in report.findings):
        return
    from PIL import Image

    candidates: list[tuple[str, str, int]] = []  # (image path, YAML location, pixel width)
    for entry in exhibit.panels:
        for index, item in enumerate(getattr(entry.panel, "items", [])):
            if not item.image:
                continue
            try:
                with Image.open(exhibit.root / item.image) as image:
                    width = image.width
            except (OSError, ValueError):
                continue
            where = str(entry.doc.locate(("items", index, "image")))
            candidates.append((item.image, where, width))
    for number, finding in enumerate(report.findings):
        match = _PLACED.search(finding.message) if finding.check == Check.IMAGE_RESOLUTION else None
        if match is None or "assets/" in finding.message:
            continue
        pixels = float(match[3]) * float(match[1]) / 25.4
        panel = (finding.location or "").split(":")[0]
        pool = [c for c in candidates if c[1].startswith(panel + ":")] or candidates
        best = min(pool, key=lambda c: abs(c[2] - pixels), default=None)
        if best is None or abs(best[2] - pixels) > 0.03 * best[2] + 2:
            continue
        report.findings[number] = Finding(
            finding.check,
            f"'{best[0]}' {finding.message.removeprefix('an image ')}",
            finding.severity,
            finding.output,
            best[1],
        )


def report_output(report: PreflightReport, exhibit: Exhibit, strict: bool) -> Output:
    """The report as `output/preflight.json`."""
    from vitrina.output import Output

    return Output(Path("preflight.json"), report.to_json(exhibit, strict))
