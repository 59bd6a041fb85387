"""The layout report: how well the posters and the booklet use their paper, measured on
the rendered PDFs (text runs and rows of pixels), not from the layout code's own numbers.

For each poster: the largest empty band between the head and the foot as a share of the
height (a poster should not end in, or hold, an empty band), the body size (the size most
of its text is set in) and the title size and position. Across a series of posters of one
size: whether title size and position agree. For the booklet: pages, pages under a third
full and pages that hold only a heading.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from vitrina.report.findings import Check, Finding, Severity

if TYPE_CHECKING:
    from vitrina.report.pdfinspect import PdfFacts
    from vitrina.report.preflight import OutputSummary

MM_PER_PT = 25.4 / 72
#: A poster's largest empty band may take this share of its height.
MAX_EMPTY_BAND = 0.08
#: A booklet page whose content spans less than this share of its text area is "thin".
THIN_PAGE = 1 / 3
#: Running heads and page numbers sit this close to the booklet page's edges (mm).
BOOKLET_FURNITURE_MM = 14.0
#: Pixels per mm when the rows of a page are read.
ROW_PIXELS_PER_MM = 1.0


def _rows_with_ink(page: Any, trim_pt: tuple[float, float, float, float]) -> list[bool]:
    """For each 1 mm row of the trimmed page (top first): whether anything is printed in
    it, against the page's own background colour."""
    scale = ROW_PIXELS_PER_MM * MM_PER_PT  # pixels per point
    image = page.render(scale=scale).to_pil().convert("L")
    _, height_pt = page.get_size()
    left, bottom, right, top = trim_pt
    box = (
        int(left * scale) + 1,
        int((height_pt - top) * scale) + 1,
        int(right * scale) - 1,
        int((height_pt - bottom) * scale) - 1,
    )
    image = image.crop(box)
    histogram = image.histogram()
    background = histogram.index(max(histogram))
    # Ink is a pixel more than 24 levels from the background: marked 255 through a lookup
    # table (in Pillow's C code), then each row searched for a mark as bytes (a poster
    # is half a million pixels: a Python test of each took a tenth of a second).
    ink = image.point([255 if abs(level - background) > 24 else 0 for level in range(256)])
    data, width = ink.tobytes(), ink.width
    return [b"\xff" in data[y * width : (y + 1) * width] for y in range(ink.height)]


def _longest_blank(rows: list[bool], start: int, end: int) -> int:
    longest = current = 0
    for y in range(max(0, start), min(len(rows), end)):
        current = 0 if rows[y] else current + 1
        longest = max(longest, current)
    return longest


#: The body text's font as embedded: the roman of the family the layouts set text in (a
#: graphic's labels, captions and the foot are in the sans, however many words they hold).
BODY_FONT = "Vitrina-Serif"


def _body_size(runs: list[Any]) -> float | None:
    """The size most characters of the body font are set in (of any font when none is)."""
    body = [run for run in runs if run.font == BODY_FONT] or runs
    sizes: Counter[float] = Counter()
    for run in body:
        sizes[round(run.size_pt * 2) / 2] += len(run.text)
    return sizes.most_common(1)[0][0] if sizes else None


#: The family graphics' labels and captions are set in (every weight of it).
LABEL_FONT = "Vitrina-Sans"
#: Reading distance on an A1 poster (scaled with the paper's short side, 594 mm): the
#: body at least this size (pt),
POSTER_BODY_PT = 24.0
#: and a graphic's labels and the captions (the size most of their characters are in).
POSTER_LABEL_PT = 18.0


def _label_size(runs: list[Any]) -> float | None:
    """The size most characters of the label family (any weight) are set in."""
    sizes: Counter[float] = Counter()
    for run in runs:
        if run.font.startswith(LABEL_FONT):
            sizes[round(run.size_pt * 2) / 2] += len(run.text)
    return sizes.most_common(1)[0][0] if sizes else None


def measure_poster(pdf: bytes, facts: PdfFacts) -> dict[str, Any]:
    """A poster's layout figures, read from its PDF."""
    import pypdfium2 as pdfium

    boxes = facts.boxes[0]
    trim = boxes.trim_pt
    height_mm = (trim[3] - trim[1]) * MM_PER_PT
    runs = [run for run in facts.runs if run.page == 1]
    figures: dict[str, Any] = {"page_mm": list(boxes.trim_mm)}
    if not runs:
        return figures
    title = max(runs, key=lambda run: run.size_pt)
    title_bottom = min(run.box[1] for run in runs if abs(run.size_pt - title.size_pt) < 0.1)
    foot = min(runs, key=lambda run: run.box[1])
    document = pdfium.PdfDocument(pdf)
    try:
        rows = _rows_with_ink(document[0], trim)
    finally:
        document.close()
    # Rows between the bottom of the title and the top of the foot's last line.
    start = int((trim[3] - title_bottom) * MM_PER_PT) + 1
    # The title zone keeps room for a second line on every poster of a series; the
    # measure starts where the head's next line (the lede, or the rule) does.
    while start < len(rows) and not rows[start]:
        start += 1
    end = int((trim[3] - foot.box[3]) * MM_PER_PT) - 1
    band = _longest_blank(rows, start, end)
    figures.update(
        {
            "empty_band_mm": band,
            "empty_band_share": round(band / height_mm, 3),
            "body_pt": _body_size(runs),
            "labels_pt": _label_size(runs),
            "title_pt": round(title.size_pt, 1),
            "title_top_mm": round((trim[3] - title.box[3]) * MM_PER_PT, 1),
        }
    )
    return figures


def measure_booklet(pdf: bytes, facts: PdfFacts) -> dict[str, Any]:
    """The booklet's pages: how many, which are under a third full (counting from the
    first to the last printed row inside the running heads and page numbers), which are
    blank and which hold only a heading. The covers (first and last page) are left out."""
    import pypdfium2 as pdfium

    thin, blank, heading_only = [], [], []
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(1, len(document) - 1):
            number = index + 1
            trim = facts.boxes[index].trim_pt
            rows = _rows_with_ink(document[index], trim)
            margin = int(BOOKLET_FURNITURE_MM)
            inner = rows[margin : len(rows) - margin]
            inked = [y for y, ink in enumerate(inner) if ink]
            page_top = trim[3]
            words = [
                run
                for run in facts.runs
                if run.page == number
                and (page_top - run.box[3]) * MM_PER_PT > BOOKLET_FURNITURE_MM
                and (page_top - run.box[1]) * MM_PER_PT < len(rows) - BOOKLET_FURNITURE_MM
            ]
            if not inked:
                blank.append(number)
                continue
            if (inked[-1] - inked[0] + 1) / max(len(inner), 1) >= THIN_PAGE:
                continue  # a full page (a notes page's ruled lines are ink too)
            thin.append(number)
            body = _body_size(words)
            if words and body is not None and sum(len(run.text) for run in words) < 60:
                heading_only.append(number)
    finally:
        document.close()
    return {
        "pages": len(facts.boxes),
        "thin_pages": thin,
        "blank_pages": blank,
        "heading_only_pages": heading_only,
    }


def measure_layout(kind: str, pdf: bytes, facts: PdfFacts) -> dict[str, Any] | None:
    """The layout figures of one output, for the kinds that have them."""
    if kind == "poster":
        return measure_poster(pdf, facts)
    if kind == "booklet":
        return measure_booklet(pdf, facts)
    return None


def _reading_size_findings(path: str, layout: dict[str, Any]) -> list[Finding]:
    """Warnings on a poster whose body or labels are smaller than reading at a distance
    needs (the A1 figures scaled with the paper's short side)."""
    scale = min(layout["page_mm"]) / 594
    findings = []
    for key, floor, what in (
        ("body_pt", POSTER_BODY_PT, "body text"),
        ("labels_pt", POSTER_LABEL_PT, "graphic labels and captions"),
    ):
        size = layout.get(key)
        if size is not None and size < floor * scale - 0.25:
            findings.append(
                Finding(
                    Check.TYPE_SIZE,
                    f"the {what} are set in {size:g} pt; on a poster this size they should "
                    f"be at least {floor * scale:.1f} pt ({floor:g} pt on A1) to be read "
                    "from a step away: shorten the panel or give it a larger poster",
                    output=path,
                )
            )
    return findings


def layout_findings(outputs: list[OutputSummary]) -> list[Finding]:
    """Warnings on posters with an empty band, type too small to read at a distance or a
    series whose titles differ, and booklet pages that hold only a heading; a note with
    the booklet's pages and those under a third full."""
    findings = []
    series: dict[tuple[float, ...], list[tuple[str, dict[str, Any]]]] = {}
    for output in outputs:
        layout = getattr(output, "layout", None)
        if not layout:
            continue
        if output.kind == "poster" and "empty_band_share" in layout:
            series.setdefault(tuple(layout["page_mm"]), []).append((output.path, layout))
            if layout["empty_band_share"] > MAX_EMPTY_BAND:
                findings.append(
                    Finding(
                        Check.LAYOUT,
                        f"{layout['empty_band_mm']} mm of the poster "
                        f"({layout['empty_band_share']:.0%} of its height) is an empty band; "
                        "add text or an image to the panel, or give it a smaller poster",
                        output=output.path,
                    )
                )
        if output.kind == "poster" and "body_pt" in layout:
            findings += _reading_size_findings(output.path, layout)
        if output.kind == "booklet":
            for number in layout.get("heading_only_pages", []):
                findings.append(
                    Finding(
                        Check.LAYOUT,
                        f"booklet page {number} holds only a heading",
                        output=output.path,
                    )
                )
            thin = ", ".join(str(n) for n in layout.get("thin_pages", [])) or "none"
            findings.append(
                Finding(
                    Check.LAYOUT,
                    f"booklet of {layout.get('pages')} pages; pages under a third full: {thin}",
                    Severity.NOTE,
                    output=output.path,
                )
            )
    for page, members in series.items():
        titles = {(layout["title_pt"], layout["title_top_mm"]) for _path, layout in members}
        if len(titles) > 1:
            findings.append(
                Finding(
                    Check.LAYOUT,
                    f"the {page[0]:.0f} × {page[1]:.0f} mm posters do not share one title size "
                    f"and position: {sorted(titles)} (pt, mm from the top)",
                )
            )
    return findings
