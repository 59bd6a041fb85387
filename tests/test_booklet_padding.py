"""Padding the booklet to a multiple of 4 pages from one layout: where the blank pages go."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_sample, keep_panels
from pdf_facts import page_sizes_mm, page_texts
from vitrina.build import build
from vitrina.builders.booklet import pad_to_fold

NOTES = ["notes1", "notes2", "notes3"]


def pages(count: int, back_pages: int = 1) -> list[str]:
    """A laid-out booklet as page names: body pages, then the back cover."""
    body = [f"p{n}" for n in range(1, count - back_pages + 1)]
    return body + [f"back{n}" for n in range(1, back_pages + 1)]


def test_a_booklet_of_whole_sheets_is_left_as_it_is() -> None:
    padded, note = pad_to_fold(pages(20), back=19, fillers=[])
    assert padded == [f"p{n}" for n in range(1, 20)] + ["back1"]
    assert note == ""


@pytest.mark.parametrize("count", [17, 18, 19])
def test_notes_pages_go_in_front_of_the_back_cover(count: int) -> None:
    missing = 20 - count
    padded, note = pad_to_fold(pages(count), back=count - 1, fillers=NOTES)
    assert len(padded) == 20
    assert padded[-1] == "back1"
    assert padded[-1 - missing : -1] == NOTES[:missing]
    assert padded[: count - 1] == [f"p{n}" for n in range(1, count)]  # every side kept
    assert note == f"{missing} notes page{'s' if missing > 1 else ''} added before the back cover"


def test_a_long_back_cover_stays_whole_at_the_end() -> None:
    padded, note = pad_to_fold(pages(18, back_pages=2), back=16, fillers=NOTES)
    assert padded[-2:] == ["back1", "back2"] and padded[16:18] == NOTES[:2]


def test_a_layout_without_a_back_cover_is_padded_at_the_end() -> None:
    padded, note = pad_to_fold([f"p{n}" for n in range(1, 8)], back=7, fillers=NOTES)
    assert padded[-1] == "notes1" and note.endswith("at the end")


@pytest.fixture(scope="module")
def short_booklet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """One panel and no introduction: cover, contents, panel, two pages of sources and the
    back cover on page 6, two short of a sheet."""
    import yaml

    root = keep_panels(copy_sample(tmp_path_factory.mktemp("short")), "introduction")
    settings_file = root / "exhibit" / "exhibition.yaml"
    settings = yaml.safe_load(settings_file.read_text(encoding="utf-8"))
    del settings["intro"]
    settings_file.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    report = build(root, outputs=["booklet"])
    notes = [note.text for output in report.outputs for note in output.notes]
    return root / "output" / "booklet.pdf", notes


def test_short_booklet_is_padded_with_notes_pages_in_front_of_the_back_cover(
    short_booklet: tuple[Path, list[str]],
) -> None:
    booklet, notes = short_booklet
    texts = page_texts(booklet)
    assert len(texts) == 8
    assert "Sources" in texts[3]
    assert page_sizes_mm(booklet, "trimbox") == [(148.0, 210.0)] * 8  # the notes pages too
    assert page_sizes_mm(booklet) == [(154.0, 216.0)] * 8  # with 3 mm bleed
    # Notes pages: the word and ruled lines, no running head, no page number.
    assert [t.split() for t in texts[5:7]] == [["NOTES"]] * 2  # set in capitals
    assert "Made with vitrina" in texts[7]
    assert "2 notes pages added before the back cover" in notes


def test_back_cover_has_no_page_number_and_contents_do_not_list_it(
    short_booklet: tuple[Path, list[str]],
) -> None:
    booklet, _ = short_booklet
    texts = page_texts(booklet)
    assert texts[7].split()[-1] != "8"
    assert "vitrina" not in texts[1]
    assert "Sources 4" in " ".join(texts[1].split())


def test_a_booklet_layout_of_the_curators_own_without_a_colophon_is_padded_at_the_end(
    tmp_path: Path,
) -> None:
    """Padding does not depend on anything in the layout: a booklet.html of the curator's
    own with no back cover keeps every page it lays out and gains notes pages at the end."""
    root = keep_panels(copy_sample(tmp_path), "introduction")
    built_in = Path(__file__).parent.parent / "src" / "vitrina" / "layouts" / "booklet.html"
    text = built_in.read_text(encoding="utf-8")
    start = text.index('<section class="back-cover')
    end = text.index("</section>", start) + len("</section>")
    (root / "layouts").mkdir()
    (root / "layouts" / "booklet.html").write_text(text[:start] + text[end:], encoding="utf-8")
    build(root, outputs=["booklet"])
    texts = page_texts(root / "output" / "booklet.pdf")
    assert len(texts) % 4 == 0
    assert not any("Made with vitrina" in page for page in texts)
    last_text = max(i for i, page in enumerate(texts) if page.split() != ["NOTES"])
    assert "Sources" in " ".join(texts[: last_text + 1]) and texts[last_text].strip()
    assert last_text + 1 < len(texts)  # padded after the last page laid out
