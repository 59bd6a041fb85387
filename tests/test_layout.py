"""Posters as a series and fitted both ways, measured on the rendered PDFs: rows of pixels
and text boxes read back with pypdfium2, not the layout code's own numbers."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pypdfium2
import pytest
import yaml

from vitrina.build import build
from vitrina.errors import VitrinaError

FIXTURE = Path(__file__).parent / "fixtures" / "exhibitions" / "trading-house"
MM_PER_PT = 25.4 / 72


def text_sizes(pdf: Path) -> list[tuple[float, float, str]]:
    """(font size, top in mm from the page top, character) of every printed character."""
    import pypdfium2.raw as raw

    document = pypdfium2.PdfDocument(pdf)
    page = document[0]
    height = page.get_height()
    textpage = page.get_textpage()
    found = []
    for index in range(textpage.count_chars()):
        char = chr(raw.FPDFText_GetUnicode(textpage.raw, index))
        if char.isspace():
            continue
        size = raw.FPDFText_GetFontSize(textpage.raw, index)
        box = textpage.get_charbox(index)
        found.append((round(size, 1), (height - box[3]) * MM_PER_PT, char))
    document.close()
    return found


def blank_bands_mm(pdf: Path, start_mm: float) -> int:
    """The longest run of 1 mm rows below ``start_mm`` with nothing printed in them, up to
    the poster's foot line (its lowest printed row)."""
    document = pypdfium2.PdfDocument(pdf)
    page = document[0]
    image = page.render(scale=MM_PER_PT).to_pil().convert("L")  # 1 pixel per mm
    document.close()
    histogram = image.histogram()
    background = histogram.index(max(histogram))
    pixels = image.load()
    inked = [
        any(abs(pixels[x, y] - background) > 24 for x in range(5, image.width - 5))
        for y in range(image.height - 5)
    ]
    last = max(y for y, ink in enumerate(inked) if ink)
    y = int(start_mm)
    while not inked[y]:
        y += 1  # the title zone's room for a second line is part of the grid
    longest = current = 0
    for row in inked[y:last]:
        current = 0 if row else current + 1
        longest = max(longest, current)
    return longest


def test_sample_posters_share_one_title_and_fill_their_paper(built_sample: Path) -> None:
    posters = sorted((built_sample / "output" / "posters").glob("*.pdf"))
    titles = set()
    for pdf in posters:
        chars = text_sizes(pdf)
        title_size = max(size for size, _top, _c in chars)
        title = [(size, top) for size, top, _c in chars if size == title_size]
        titles.add((title_size, round(min(top for _s, top in title), 1)))
        band = blank_bands_mm(pdf, max(top for _s, top in title) + title_size * MM_PER_PT)
        assert band / 841 <= 0.095, f"{pdf.stem}: an empty band of {band} mm"
        body = Counter(size for size, top, _c in chars if size < title_size / 2)
        assert body.most_common(1)[0][0] >= 20, pdf.stem
    assert len(titles) == 1, titles  # one title size, at one height, for the whole series
    report = json.loads((built_sample / "output" / "preflight.json").read_text())
    layouts = [o["layout"] for o in report["outputs"] if o["kind"] == "poster"]
    assert len(layouts) == len(posters) and all("empty_band_share" in x for x in layouts)
    # Body type for reading distance (the body font's size, read from the PDF; a graphic's
    # many small labels are not the body): not under 24 pt on A1.
    assert {x["body_pt"] for x in layouts} and min(x["body_pt"] for x in layouts) >= 24, layouts
    assert not [f for f in report["findings"] if "do not share one title" in f["message"]]


def fixture_copy(tmp_path: Path, *panels: str, **posters: object) -> Path:
    root = tmp_path / "fixture"
    shutil.copytree(FIXTURE, root)
    settings_path = root / "exhibit" / "exhibition.yaml"
    settings = yaml.safe_load(settings_path.read_text(encoding="utf-8"))
    settings["panels"] = list(panels)
    settings["posters"].update(posters)
    settings_path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    for path in (root / "exhibit").glob("*.yaml"):
        if path.stem not in (*panels, "exhibition", "sources"):
            path.unlink()
    return root


def test_twelve_objects_fit_one_a1_poster_at_a_legible_size(tmp_path: Path) -> None:
    root = fixture_copy(tmp_path, "objects")
    build(root, outputs=["posters"])
    pdf = root / "output" / "posters" / "objects.pdf"
    chars = text_sizes(pdf)
    text = "".join(c for _s, _t, c in chars)
    for number in range(1, 13):
        assert f"FX-{number:03d}" in text  # every object's credit is on the poster
    captions = [size for size, _top, _c in chars if size < 30]
    assert min(captions) >= 18  # captions at A1 not under 18 pt
    assert blank_bands_mm(pdf, 120) / 841 <= 0.08


def test_overflow_figure_is_what_the_panel_is_over_by(tmp_path: Path) -> None:
    """The figure in the message is right: the same panel on a poster that much taller
    (the width, and so the type and the margins, unchanged) fits; a little less does not."""

    def long_introduction(root: Path) -> Path:
        path = root / "exhibit" / "introduction.yaml"
        panel = yaml.safe_load(path.read_text(encoding="utf-8"))
        panel["body"] = "\n\n".join([panel["body"]] * 4)
        path.write_text(yaml.safe_dump(panel, allow_unicode=True), encoding="utf-8")
        return root

    root = long_introduction(fixture_copy(tmp_path, "introduction", size="A3", min_body_pt=32))
    with pytest.raises(VitrinaError) as caught:
        build(root, outputs=["posters"])
    message = str(caught.value)
    assert "the panel 'introduction' does not fit on one A3 poster" in message
    over = int(re.search(r"over by about (\d+) mm", message)[1])
    assert 30 < over < 1000
    taller = fixture_copy(
        tmp_path / "taller", "introduction", size=f"297 x {420 + over + 6}", min_body_pt=32
    )
    build(long_introduction(taller), outputs=["posters"])  # fits
    shorter = fixture_copy(
        tmp_path / "short", "introduction", size=f"297 x {420 + over - 20}", min_body_pt=32
    )
    with pytest.raises(VitrinaError):
        build(long_introduction(shorter), outputs=["posters"])


def test_sample_booklet_is_tight(built_sample: Path) -> None:
    """Panels run on and a graphic too tall for the space under its section's head is
    redrawn to fit there: 16 pages (20 when four heads were parted from their map, chart,
    timeline or object), no page between the covers holding only a heading, and each
    graphic on the page of its section's title."""
    pdf = built_sample / "output" / "booklet.pdf"
    document = pypdfium2.PdfDocument(pdf)
    texts = [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    document.close()
    assert len(texts) <= 16
    for number, text in enumerate(texts[1:-1], start=2):
        words = [w for w in text.split() if not w.isdigit()]
        assert not words or len(words) > 12, f"page {number}: {text!r}"
    assert "Every fact in this exhibition" in " ".join(texts)  # from the YAML's sources_note
    # A word drawn in each graphic, or in its object's frame, with its section's head
    # (the title's last words and the lede's first).
    for lede, drawn in [
        ("advance Following the retreating", "Kaunas"),
        ("villages The republic was new", "Demanded from villages"),
        ("a stamp A Soviet stamp of 1968", "For placement only"),
        ("Litbel Less than five months", "Compiègne"),
    ]:
        page = next(text for text in texts if lede in text)
        assert drawn.lower() in page.lower(), lede


def test_text_beside_a_graphic_fills_its_column(built_sample: Path) -> None:
    """The timeline stands beside the text at the poster's full height: the text is set
    large enough to reach about as far down, not left ending half-way (read from the PDF:
    the body font's lowest line against the source line under both)."""
    from vitrina.report.pdfinspect import inspect_pdf

    pdf = (built_sample / "output" / "posters" / "timeline.pdf").read_bytes()
    facts = inspect_pdf(pdf)
    height_pt = facts.boxes[0].trim_pt[3] - facts.boxes[0].trim_pt[1]
    body = [run for run in facts.runs if run.font == "Vitrina-Serif"]
    sources = next(run for run in facts.runs if run.text.startswith("Sources"))
    lowest_body = min(run.box[1] for run in body)
    assert lowest_body - sources.box[3] < 0.08 * height_pt  # the series' empty-band limit


def test_preflight_reports_the_booklet_and_small_reading_sizes(built_sample: Path) -> None:
    """The layout report names the booklet's pages and those under a third full; the
    sample's posters meet the reading sizes, so no type-size or reversed-type warning."""
    import json

    report = json.loads((built_sample / "output" / "preflight.json").read_text("utf-8"))
    messages = [finding["message"] for finding in report["findings"]]
    assert any(m.startswith("booklet of 16 pages; pages under a third full:") for m in messages)
    checks = {finding["check"] for finding in report["findings"]}
    assert "reversed-type" not in checks and "type-size" not in checks


@pytest.mark.parametrize(
    ("page_mm", "body", "labels", "warned"),
    [
        ((594, 841), 22.0, 20.0, ["body text"]),  # A1: body under 24 pt
        ((594, 841), 26.0, 16.0, ["graphic labels"]),  # A1: labels under 18 pt
        ((420, 594), 18.0, 13.0, []),  # A2: 17 and 12.7 pt are enough
        ((841, 1189), 30.0, 24.0, ["body text", "graphic labels"]),  # A0: 34 and 25.5 pt
    ],
)
def test_poster_reading_sizes_scale_with_the_paper(
    page_mm: tuple[int, int], body: float, labels: float, warned: list[str]
) -> None:
    from vitrina.report.layout import _reading_size_findings

    layout = {"page_mm": list(page_mm), "body_pt": body, "labels_pt": labels}
    found = [f.message for f in _reading_size_findings("p.pdf", layout)]
    assert len(found) == len(warned)
    for message, what in zip(found, warned, strict=True):
        assert what in message


def test_small_type_reversed_out_of_a_dark_flood_is_warned() -> None:
    from types import SimpleNamespace

    from vitrina.report.pdfinspect import PdfFacts, TextRun
    from vitrina.report.preflight import _check_reversed_type

    light, dark = (240, 235, 225), (29, 27, 24)
    facts = PdfFacts(
        runs=[
            TextRun(1, "ORGANISATION", 8.0, light, dark),
            TextRun(1, "second run, same page", 7.0, light, dark),
            TextRun(2, "Title", 12.0, light, dark),
            TextRun(3, "dark on paper", 7.0, dark, (255, 255, 255)),
        ]
    )
    report = SimpleNamespace(findings=[])
    _check_reversed_type(facts, "booklet.pdf", None, report)
    assert [f.check for f in report.findings] == ["reversed-type"]  # once, for page 1
    assert "8 pt" in report.findings[0].message


def test_short_texts_and_small_graphics_fill_their_posters(tmp_path: Path) -> None:
    """Panels with little in them still fill the poster as designed wholes (read from the
    PDFs): a short story, a roster of six, a chart of four bars on 700 × 1000 mm and a
    timeline without text leave no empty band over 9 % of the height (they left 31–35 %);
    the timeline's labels are set for reading at a step away (≥ 30 pt on A1, were 19 pt);
    and a short story whose blocks cannot fill the height ends with its quote and source
    line standing on the foot line rather than in an empty band at the foot."""
    from vitrina.report.pdfinspect import inspect_pdf

    root = fixture_copy(tmp_path, "ledger", "correspondents", "sound", "voyages", "afterlife")
    build(root, outputs=["posters"])
    posters = root / "output" / "posters"
    for name in ("ledger", "correspondents", "sound", "voyages"):
        pdf = posters / f"{name}.pdf"
        chars = text_sizes(pdf)
        title_size = max(size for size, _top, _c in chars)
        title_bottom = max(top for size, top, _c in chars if size == title_size)
        height = pypdfium2.PdfDocument(pdf)[0].get_height() * MM_PER_PT
        band = blank_bands_mm(pdf, title_bottom + title_size * MM_PER_PT)
        assert band / height <= 0.09, f"{name}: an empty band of {band} mm"
    timeline = inspect_pdf((posters / "voyages.pdf").read_bytes())
    labels = [run for run in timeline.runs if "Warehouse bought" in run.text]
    assert labels and labels[0].size_pt >= 30, labels
    afterlife = inspect_pdf((posters / "afterlife.pdf").read_bytes())
    height_pt = afterlife.boxes[0].trim_pt[3] - afterlife.boxes[0].trim_pt[1]
    foot = next(run for run in afterlife.runs if run.text.startswith("Grain, Timber"))
    sources = next(run for run in afterlife.runs if run.text.startswith("Sources"))
    quote = next(run for run in afterlife.runs if "Forty-two boxes, dry" in run.text)
    assert sources.box[1] - foot.box[3] < 0.04 * height_pt  # on the foot line
    assert quote.box[1] - sources.box[3] < 0.12 * height_pt  # the quote just above it


def test_a_source_cited_by_its_title_is_in_italics_not_tags() -> None:
    """A source without authors is cited by its title, in italics: HTML, not the tags
    printed as text on every poster's source line."""
    from vitrina.model import Source
    from vitrina.resolve.bibliography import short_cite_html

    source = Source(type="other", title="Papers of the house")
    html = str(short_cite_html(source, "en"))
    assert "<i>Papers of the house</i>" in html and "&lt;" not in html
