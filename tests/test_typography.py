"""Typographic detail in every field and every output, read from the rendered PDFs:
the language's quotation marks and apostrophes (Markdown or not), dates that never break
across lines, and bibliography entries with one full stop after each part."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import copy_sample, keep_panels
from pdf_facts import page_texts
from vitrina.build import build
from vitrina.model import Source
from vitrina.resolve.bibliography import bibliography_entry
from vitrina.resolve.typography import QUOTES, keep_dates_together, quotes_for, typographic

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "“Long live” the ‘old’ order, it’s"),
        ("lt", "„Long live“ the ‚old‘ order, it’s"),
        ("de-AT", "„Long live“ the ‚old‘ order, it’s"),
        ("fr", f"«{NBSP}Long live{NBSP}» the ‹{NBSP}old{NBSP}› order, it’s"),
        ("xx", "“Long live” the ‘old’ order, it’s"),  # unknown: English marks
    ],
)
def test_quotes_follow_the_language(language: str, expected: str) -> None:
    assert typographic("\"Long live\" the 'old' order, it's", language) == expected


def test_a_new_language_is_one_row() -> None:
    assert quotes_for("lt") is QUOTES["lt"]
    assert typographic("the '90s") == "the ’90s"


def test_dates_hold_together() -> None:
    text = keep_dates_together("On 9 December 1918, in January 1919 and 12 objects 1650")
    assert f"9{NBSP}December{NBSP}1918" in text and f"January{NBSP}1919" in text
    assert "December 1919" not in text and "12 objects 1650" not in text


def test_bibliography_has_no_doubled_full_stops() -> None:
    initials = Source(type="article", authors=["White, J. D."], title="A title", year="1971")
    editor = Source(type="book", editors=["Drilinga, Antanas"], title="Lietuvos", year="1991")
    ends = Source(type="article", title="Bruožai 1915–1919 m.", container="Istorija")
    question = Source(type="book", authors=["Doe, Jane"], title="Who won?", year="2001")
    for source in (initials, editor, ends, question):
        text = str(bibliography_entry(source))
        assert not re.search(r"(?<!\.)\.\.(?!\.)|\.”\.|\?\.", text), text
    assert str(bibliography_entry(initials)).startswith("White, J. D. ")
    assert "ed. <i>Lietuvos</i>." in str(bibliography_entry(editor))
    assert "„Bruožai 1915–1919 m.“" in str(bibliography_entry(ends, "lt"))


@pytest.fixture(scope="module")
def lithuanian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's introduction in an exhibition whose language is Lithuanian, with
    straight quotes typed into a plain field (a title), a Markdown one (the lede) and
    the exhibition's subtitle."""
    root = keep_panels(copy_sample(tmp_path_factory.mktemp("lt")), "introduction")
    settings_file = root / "exhibit" / "exhibition.yaml"
    settings = yaml.safe_load(settings_file.read_text(encoding="utf-8"))
    settings.update(language="lt", subtitle="The \"red\" republic's 'story'")
    settings_file.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    panel_file = root / "exhibit" / "introduction.yaml"
    panel = yaml.safe_load(panel_file.read_text(encoding="utf-8"))
    panel["title"] = 'A "republic" declared elsewhere'
    panel["lede"] = 'It was "declared" on 16 December 1918, it\'s said.'
    panel_file.write_text(yaml.safe_dump(panel, allow_unicode=True), encoding="utf-8")
    build(root, outputs=["booklet", "handout", "posters"])
    return root / "output"


@pytest.mark.parametrize("name", ["booklet.pdf", "handout.pdf", "posters/introduction.pdf"])
def test_every_output_has_the_languages_quotes(lithuanian: Path, name: str) -> None:
    text = " ".join(" ".join(page.split()) for page in page_texts(lithuanian / name))
    assert "„republic“" in text  # a plain field
    if name != "handout.pdf":  # the handout gives panels' summaries, not their ledes
        assert "„declared“" in text and "it’s said" in text  # Markdown
    assert '"' not in text and "'" not in text


def test_booklet_cover_subtitle_has_them(lithuanian: Path) -> None:
    cover = " ".join(page_texts(lithuanian / "booklet.pdf")[0].split())
    assert "„red“ republic’s ‚story‘" in cover


def test_no_date_breaks_across_lines(built_sample: Path) -> None:
    """A line never ends inside a date, in any of the sample's outputs."""
    month = (
        r"(January|February|March|April|May|June|July|August|September|October|November|December)"
    )
    broken = re.compile(rf"\b\d{{1,2}}\s*\r?\n\s*{month}\b|\b{month}\s*\r?\n\s*\d{{4}}\b")
    output = built_sample / "output"
    pdfs = [output / "booklet.pdf", output / "handout.pdf", *sorted(output.glob("posters/*.pdf"))]
    for pdf in pdfs:
        for number, page in enumerate(page_texts(pdf), start=1):
            found = broken.search(page)
            assert found is None, f"{pdf.name} page {number}: {found and found[0]!r}"


def test_a_french_bibliography_sets_its_colons_and_names_languages() -> None:
    """« Wellington : Board », not "Wellington: Board"; a language given as a code prints
    as its name in the booklet's language, and not at all when it is the booklet's own."""
    book = Source(
        type="book",
        authors=["McNab, Robert"],
        title="The Old Whaling Days",
        place="Wellington",
        publisher="Whitcombe",
        year="1913",
        language="en",
    )
    french = str(bibliography_entry(book, "fr"))
    assert "Wellington\u00a0: Whitcombe" in french
    assert "anglais" in french
    english = str(bibliography_entry(book, "en"))
    assert "Wellington: Whitcombe" in english and "(In" not in english
    named = Source(type="book", title="Istorija", year="1991", language="Lithuanian")
    assert "(In Lithuanian.)" in str(bibliography_entry(named, "en"))
