"""Padding the booklet to a multiple of 4 pages from one layout: where the blank pages go."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_sample, keep_panels
from pdf_facts import page_texts
from vitrina.build import build
from vitrina.builders.booklet import SPARE_PAGES, pad_to_fold

SPARES = [f"spare{n}" for n in range(1, SPARE_PAGES + 1)]


def pages(count: int, colophon_pages: int = 1) -> list[str]:
    """A laid-out booklet as page names: body pages, the colophon, then the spares."""
    body = [f"p{n}" for n in range(1, count - colophon_pages + 1)]
    return body + [f"colophon{n}" for n in range(1, colophon_pages + 1)] + SPARES


def test_a_booklet_of_whole_sheets_only_drops_the_spares() -> None:
    padded, note = pad_to_fold(pages(20), colophon=19)
    assert padded == [f"p{n}" for n in range(1, 20)] + ["colophon1"]
    assert note == ""


def test_two_blank_pages_go_in_front_of_the_colophon() -> None:
    padded, note = pad_to_fold(pages(18), colophon=17)
    assert len(padded) == 20
    assert padded[-3:] == ["spare1", "spare2", "colophon1"]
    assert padded[:17] == [f"p{n}" for n in range(1, 18)]
    assert note == "2 blank pages added before the colophon"


@pytest.mark.parametrize(("count", "missing"), [(19, 1), (17, 3)])
def test_a_long_colophon_keeps_its_sides_and_the_padding_goes_at_the_end(
    count: int, missing: int
) -> None:
    """A two-page colophon starting on a left page ends on a right one: an odd number of
    pages in front of it would move it to the wrong side, so the blanks go last."""
    padded, note = pad_to_fold(pages(count, colophon_pages=2), colophon=count - 2)
    assert len(padded) % 4 == 0
    assert padded[count - 2 : count] == ["colophon1", "colophon2"]
    assert padded[count:] == SPARES[:missing]
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
    notes = [note for output in report.outputs for note in output.notes]
    return root / "output" / "booklet.pdf", notes


def test_short_booklet_is_padded_in_front_of_the_colophon(
    short_booklet: tuple[Path, list[str]],
) -> None:
    booklet, notes = short_booklet
    texts = page_texts(booklet)
    assert len(texts) == 8
    assert "Sources" in texts[3]
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
