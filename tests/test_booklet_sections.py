"""The booklet by sections (builders/booklet_sections.py): after an edit, only the runs of
sections that changed are laid out again and joined with the pages kept from the last
build. The joined booklet must be the booklet a whole layout gives: the same pages
(pixel for pixel), text, contents numbers, link targets, links and bookmarks."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pypdfium2
import pytest
from PIL import ImageChops
from pypdf import PdfReader

from vitrina.build import build
from vitrina.builders.booklet_parts import run_document, split_parts
from vitrina.builders.booklet_sections import Plan, Run, cut_runs_from, read_targets
from vitrina.memory import MEMORY_DIR

REPO = Path(__file__).resolve().parent.parent
HARBOUR = REPO / "tests" / "fixtures" / "exhibitions" / "harbour-office"

MARKED = (
    "<html><head><title>t</title></head><body>"
    '<!--vitrina-part:cover--><section class="cover" id="cover">'
    '<h1 class="cover-title">A &amp; B</h1></section>'
    '<!--vitrina-part:contents--><nav class="contents" id="contents"></nav>'
    '<!--vitrina-part:panel-a--><section class="chapter panel" id="panel-a">A</section>'
    '<!--vitrina-part:panel-b--><section class="chapter panel" id="panel-b">B</section>'
    "<!--vitrina-end--></body></html>"
)


def test_the_booklet_html_is_cut_at_its_marks() -> None:
    booklet = split_parts(MARKED)
    assert booklet is not None
    assert booklet.names == ["cover", "contents", "panel-a", "panel-b"]
    assert booklet.whole() == MARKED


def test_a_layout_without_marks_is_laid_out_whole() -> None:
    assert split_parts("<html><body><section>x</section></body></html>") is None
    twice = MARKED.replace("vitrina-part:panel-b", "vitrina-part:panel-a")
    assert split_parts(twice) is None


def test_a_run_starts_at_its_page_as_in_the_whole_booklet() -> None:
    booklet = split_parts(MARKED)
    assert booklet is not None
    even = run_document(booklet, ["panel-b"], 8)
    assert "counter-reset: page 8" in even and "break-before: left" in even
    assert 'string-set: booklet-title "A & B"' in even
    # The part before stands in (never shown), so "a section after a section" rules apply.
    assert '<section class="chapter panel" style="display: none"></section>' in even
    assert "vitrina-run-start" in even and ">A</section>" not in even
    odd = run_document(booklet, ["cover", "contents"], 1, ["panel-a"])
    assert "break-before: right" in odd and 'id="panel-a"' in odd


def test_a_damaged_or_foreign_plan_is_not_read() -> None:
    run = Run(["cover", "contents"], ["d1", "d2"], 1, 2, 0)
    plan = Plan("key", [run], {}, [])
    assert Plan.from_bytes(plan.to_bytes(), "key") == plan
    assert Plan.from_bytes(plan.to_bytes(), "other key") is None
    assert Plan.from_bytes(b"{not json", "key") is None
    assert Plan.from_bytes(plan.to_bytes()[:40], "key") is None
    gap = Plan("key", [run, Run(["panel-a"], ["d"], 5, 1, 2)], {}, [])
    assert Plan.from_bytes(gap.to_bytes(), "key") is None  # runs must follow each other


def test_runs_are_cut_where_a_part_begins_a_page() -> None:
    names = ["panel-a", "panel-b", "panel-c"]
    assert cut_runs_from(names, {0: "panel-a", 2: "panel-c"}, 4) == [
        [["panel-a", "panel-b"], 0, 2],
        [["panel-c"], 2, 2],
    ]


# Whole builds.


def _same_booklet(joined: Path, whole: Path) -> None:
    """The two booklets have the same pages (pixels, text), targets, links, bookmarks."""
    a, b = pypdfium2.PdfDocument(joined), pypdfium2.PdfDocument(whole)
    assert len(a) == len(b)
    for index in range(len(a)):
        assert a[index].get_textpage().get_text_range() == (
            b[index].get_textpage().get_text_range()
        ), f"page {index + 1}: the text differs"
        picture_a = a[index].render(scale=0.6).to_pil().convert("RGB")
        picture_b = b[index].render(scale=0.6).to_pil().convert("RGB")
        assert ImageChops.difference(picture_a, picture_b).getbbox() is None, (
            f"page {index + 1}: the pages differ"
        )
    dests_a, outline_a = read_targets(joined.read_bytes())
    dests_b, outline_b = read_targets(whole.read_bytes())
    assert _rounded(dests_a) == _rounded(dests_b)
    assert [row[:3] for row in outline_a] == [row[:3] for row in outline_b]
    assert _links(joined) == _links(whole)


def _rounded(dests: dict[str, list[float]]) -> dict[str, tuple[int, float, float]]:
    return {name: (int(p), round(x, 1), round(y, 1)) for name, (p, x, y) in dests.items()}


def _links(path: Path) -> list[tuple[int, str, tuple[float, ...]]]:
    found = []
    for number, page in enumerate(PdfReader(path).pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link":
                rect = tuple(round(float(v), 1) for v in annotation["/Rect"])
                found.append((number, str(annotation.get("/Dest")), rect))
    return found


class _Layouts:
    """Counts the pages WeasyPrint lays out during a build (in this process)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        from vitrina.render import pdf

        self.pages = 0
        original = pdf.RenderSession.render

        def render(session, html, stylesheets, **options):  # noqa: ANN001, ANN202
            document = original(session, html, stylesheets, **options)
            self.pages += len(document.pages)
            return document

        monkeypatch.setattr(pdf.RenderSession, "render", render)


def _edit(path: Path, field: str, words: str) -> None:
    """Add ``words`` to the first line of a block ``field`` of a panel file."""
    text = path.read_text(encoding="utf-8")
    found = re.search(rf"^{field}: [|>]-?\n(\s+)", text, re.M)
    assert found, f"no block {field} in {path}"
    end = text.index("\n", found.end())
    path.write_text(text[:end] + " " + words + text[end:], encoding="utf-8")


def _built_copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("output"))
    build(target, outputs=["booklet"], variants=("proof", "print"))
    return target


def test_an_edit_lays_out_its_run_only_and_gives_the_whole_booklet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _built_copy(HARBOUR, tmp_path / "edited")
    memory = root / "output" / MEMORY_DIR / "booklet"
    assert (memory / "proof-en.json").is_file() and (memory / "print-en.pdf").is_file()
    panels = sorted((root / "exhibit").glob("*.yaml"))
    story = next(p for p in panels if "kind: story" in p.read_text(encoding="utf-8"))
    _edit(story, "lede", "Its clerks kept the ledgers in three scripts.")
    layouts = _Layouts(monkeypatch)
    build(root, outputs=["booklet"], variants=("proof", "print"))
    monkeypatch.undo()
    whole = tmp_path / "whole"
    shutil.copytree(root, whole, ignore=shutil.ignore_patterns("output"))
    build(whole, outputs=["booklet"], variants=("proof", "print"))
    pages = len(PdfReader(whole / "output" / "booklet.pdf").pages)
    # Both variants were laid out from their runs: fewer pages than one whole layout.
    assert layouts.pages < pages, f"{layouts.pages} pages laid out for two {pages}-page booklets"
    _same_booklet(root / "output" / "booklet.pdf", whole / "output" / "booklet.pdf")
    _same_booklet(root / "output" / "print" / "booklet.pdf", whole / "output" / "print/booklet.pdf")
    from test_pdf_standards import check_print_file

    problems: list[str] = []
    check_print_file(root / "output" / "print" / "booklet.pdf", problems)
    assert not problems, "\n".join(problems)


def test_an_edit_that_moves_the_pages_after_it_renumbers_them(tmp_path: Path) -> None:
    """A long addition to the first section pushes every later section on: the joined
    booklet's folios, contents numbers and padding are those of a whole layout."""
    root = tmp_path / "edited"
    shutil.copytree(HARBOUR, root)
    build(root, outputs=["booklet"])
    before = len(PdfReader(root / "output" / "booklet.pdf").pages)
    first = sorted((root / "exhibit").glob("*.yaml"))
    story = next(p for p in first if "kind: story" in p.read_text(encoding="utf-8"))
    _edit(story, "lede", "The harbour office kept its own time by a gun at noon. " * 30)
    build(root, outputs=["booklet"])
    whole = tmp_path / "whole"
    shutil.copytree(root, whole, ignore=shutil.ignore_patterns("output"))
    build(whole, outputs=["booklet"])
    after = len(PdfReader(whole / "output" / "booklet.pdf").pages)
    assert after > before, "the edit was meant to add pages"
    _same_booklet(root / "output" / "booklet.pdf", whole / "output" / "booklet.pdf")


def test_a_damaged_memory_only_costs_a_whole_layout(tmp_path: Path) -> None:
    root = tmp_path / "edited"
    shutil.copytree(HARBOUR, root)
    build(root, outputs=["booklet"])
    memory = root / "output" / MEMORY_DIR / "booklet"
    (memory / "proof-en.pdf").write_bytes(b"%PDF-1.7 damaged")
    story = next(
        p for p in sorted((root / "exhibit").glob("*.yaml")) if "kind: story" in p.read_text()
    )
    _edit(story, "lede", "A few more words.")
    build(root, outputs=["booklet"])
    assert PdfReader(io.BytesIO((memory / "proof-en.pdf").read_bytes())).pages  # made anew
    whole = tmp_path / "whole"
    shutil.copytree(root, whole, ignore=shutil.ignore_patterns("output"))
    build(whole, outputs=["booklet"])
    _same_booklet(root / "output" / "booklet.pdf", whole / "output" / "booklet.pdf")


def test_the_archive_booklet_is_always_laid_out_whole(tmp_path: Path) -> None:
    """PDF/A's tag tree spans the document: the archive keeps no runs to join."""
    root = tmp_path / "archive"
    shutil.copytree(HARBOUR, root)
    build(root, outputs=["booklet"], variants=("archive",))
    assert (root / "output" / "archive" / "booklet.pdf").is_file()
    assert not list((root / "output" / MEMORY_DIR).glob("booklet/archive-*"))


def test_the_sample_after_a_caption_edit(built_sample: Path, tmp_path: Path) -> None:
    """The sample's booklet, joined after an edit to a chart's caption in the middle of
    the booklet, is the booklet a whole layout gives."""
    root = tmp_path / "edited"
    shutil.copytree(built_sample, root)
    _edit(root / "exhibit" / "money.yaml", "caption", "The sums were revised in spring.")
    build(root, outputs=["booklet"])
    whole = tmp_path / "whole"
    shutil.copytree(root, whole, ignore=shutil.ignore_patterns("output"))
    build(whole, outputs=["booklet"])
    _same_booklet(root / "output" / "booklet.pdf", whole / "output" / "booklet.pdf")


def test_a_section_made_shorter_moves_up_as_in_a_whole_layout(
    built_sample: Path, tmp_path: Path
) -> None:
    """The chart section begins a page in the sample; cut to one bar and a shorter lede
    it fits on the page before, under the map section's last lines, as a whole layout
    puts it: the run before a changed run is laid out with it."""
    root = tmp_path / "edited"
    shutil.copytree(built_sample, root)
    money = root / "exhibit" / "money.yaml"
    text = money.read_text(encoding="utf-8")
    text = text[: text.index("  - label: Sum a delegate")]
    text = text.replace(
        "  Soviet Russia lent its government millions of rubles; the Soviets demanded\n"
        "  large war contributions from the cities and villages they captured.\n",
        "",
    )
    money.write_text(text, encoding="utf-8")
    build(root, outputs=["booklet"])
    whole = tmp_path / "whole"
    shutil.copytree(root, whole, ignore=shutil.ignore_patterns("output"))
    build(whole, outputs=["booklet"])
    _same_booklet(root / "output" / "booklet.pdf", whole / "output" / "booklet.pdf")
