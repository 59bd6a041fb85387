"""Padding the booklet to a multiple of 4 pages from one layout: where the blank pages go."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_sample, keep_panels
from pdf_facts import page_sizes_mm, page_texts
from vitrina.build import build
from vitrina.builders.booklet import pad_to_fold

BLANKS = ["blank1", "blank2", "blank3"]


def pages(count: int, colophon_pages: int = 1) -> list[str]:
    """A laid-out booklet as page names: body pages, then the colophon."""
    body = [f"p{n}" for n in range(1, count - colophon_pages + 1)]
    return body + [f"colophon{n}" for n in range(1, colophon_pages + 1)]


def test_a_booklet_of_whole_sheets_is_left_as_it_is() -> None:
    padded, note = pad_to_fold(pages(20), colophon=19, blanks=[])
    assert padded == [f"p{n}" for n in range(1, 20)] + ["colophon1"]
    assert note == ""


def test_two_blank_pages_go_in_front_of_the_colophon() -> None:
    padded, note = pad_to_fold(pages(18), colophon=17, blanks=BLANKS[:2])
    assert len(padded) == 20
    assert padded[-3:] == ["blank1", "blank2", "colophon1"]
    assert padded[:17] == [f"p{n}" for n in range(1, 18)]
    assert note == "2 blank pages added before the colophon"


@pytest.mark.parametrize(("count", "missing"), [(19, 1), (17, 3)])
def test_a_long_colophon_keeps_its_sides_and_the_padding_goes_at_the_end(
    count: int, missing: int
) -> None:
    """A two-page colophon starting on a left page ends on a right one: an odd number of
    pages in front of it would move it to the wrong side, so the blanks go last."""
    padded, note = pad_to_fold(pages(count, colophon_pages=2), count - 2, BLANKS[:missing])
    assert len(padded) % 4 == 0
    assert padded[count - 2 : count] == ["colophon1", "colophon2"]
    assert padded[count:] == BLANKS[:missing]
    assert note.endswith("added at the end")


@pytest.fixture(scope="module")
def short_booklet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """One panel and no introduction: cover, contents, panel, two pages of sources and the
    colophon on page 6, two short of a sheet."""
    import yaml

    root = keep_panels(copy_sample(tmp_path_factory.mktemp("short")), "introduction")
    settings_file = root / "exhibit" / "exhibition.yaml"
    settings = yaml.safe_load(settings_file.read_text(encoding="utf-8"))
    del settings["intro"]
    settings_file.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    report = build(root, outputs=["booklet"])
    notes = [note.text for output in report.outputs for note in output.notes]
    return root / "output" / "booklet.pdf", notes


def test_short_booklet_is_padded_in_front_of_the_colophon(
    short_booklet: tuple[Path, list[str]],
) -> None:
    booklet, notes = short_booklet
    texts = page_texts(booklet)
    assert len(texts) == 8
    assert "Sources" in texts[3]
    assert page_sizes_mm(booklet, "trimbox") == [(148.0, 210.0)] * 8  # the blank pages too
    assert page_sizes_mm(booklet) == [(154.0, 216.0)] * 8  # with 3 mm bleed
    assert texts[5].strip() == texts[6].strip() == ""  # no running head, no page number
    assert texts[7].startswith("Colophon")
    assert "2 blank pages added before the colophon" in notes


def test_colophon_has_no_page_number_and_contents_do_not_list_it(
    short_booklet: tuple[Path, list[str]],
) -> None:
    booklet, _ = short_booklet
    texts = page_texts(booklet)
    assert texts[7].split()[-1] != "8"
    assert "Colophon" not in texts[1]
    assert "Sources 4" in " ".join(texts[1].split())


def test_a_booklet_layout_of_the_curators_own_without_a_colophon_is_padded_at_the_end(
    tmp_path: Path,
) -> None:
    """Padding does not depend on anything in the layout: a booklet.html of the curator's
    own with no colophon keeps every page it lays out and gains blank pages at the end."""
    root = keep_panels(copy_sample(tmp_path), "introduction")
    built_in = Path(__file__).parent.parent / "src" / "vitrina" / "layouts" / "booklet.html"
    text = built_in.read_text(encoding="utf-8")
    start = text.index('<section class="chapter colophon"')
    end = text.index("</section>", start) + len("</section>")
    (root / "layouts").mkdir()
    (root / "layouts" / "booklet.html").write_text(text[:start] + text[end:], encoding="utf-8")
    build(root, outputs=["booklet"])
    texts = page_texts(root / "output" / "booklet.pdf")
    assert len(texts) % 4 == 0
    assert not any("Colophon" in page for page in texts)
    last_text = max(i for i, page in enumerate(texts) if page.strip())
    assert "Sources" in " ".join(texts[: last_text + 1]) and texts[last_text].strip()
    assert all(not page.strip() for page in texts[last_text + 1 :])
