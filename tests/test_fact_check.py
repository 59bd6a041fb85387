"""The sample's fact-check (exhibit/evidence.yaml): every sentence and figure a visitor
reads has an entry, and every passage an entry quotes is in the source texts.

Sentences are taken from the validated panels, so a new or reworded sentence fails here
until someone has checked it against the sources and said which passage supports it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from pydantic import BaseModel

from vitrina.build import check

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
EVIDENCE = REPO / "exhibit" / "evidence.yaml"

#: Fields that are settings, keys or positions, not words a visitor reads.
NOT_READ = {
    "kind",
    "sources",
    "image",
    "style",
    "projection",
    "file",
    "colour",
    "poster",
    "extent",
    "leave_out",
    "lat",
    "lon",
    "angle",
    "points",
    "scale",
    "head",
    "capital",
    "epilogue",
    "value",
    "date",
    "end",
}
#: The exhibition's own fields that visitors read (the rest are output settings).
EXHIBITION_FIELDS = ("title", "subtitle", "organisation", "curators", "venue", "intro", "colophon")

_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9ČŠŽĄĘĖĮŲŪ])")
_MARKDOWN = MarkdownIt("commonmark")


def normalise(text: str) -> str:
    """Compare texts whatever their quote marks, line breaks and spacing."""
    for curly, straight in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):
        text = text.replace(curly, straight)
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    """The sentences of a text field, Markdown markup removed, one per heading or
    sentence."""
    found: list[str] = []
    for token in _MARKDOWN.parse(text):
        if token.type != "inline" or not token.children:
            continue
        parts = []
        for child in token.children:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        block = normalise("".join(parts))
        start = 0
        for match in _SENTENCE_END.finditer(block):
            found.append(block[start : match.end()].strip())
            start = match.end()
        if block[start:].strip():
            found.append(block[start:].strip())
    return found


def _statements(value: object, field: str | None = None) -> list[str]:
    if isinstance(value, BaseModel):
        out: list[str] = []
        for name in type(value).model_fields:
            if name not in NOT_READ:
                out += _statements(getattr(value, name), name)
        return out
    if isinstance(value, list):
        if field == "layers":  # base layers by name ("sea"), and the curator's own layers
            value = [item for item in value if isinstance(item, BaseModel)]
        return [s for item in value for s in _statements(item, field)]
    if isinstance(value, str):
        return sentences(value)
    return []


def panel_statements(panel: BaseModel) -> list[str]:
    """Every sentence a visitor reads on a panel, and its figures: a bar's amount and an
    event's date, written as in the YAML."""
    found = _statements(panel)
    unit = getattr(panel, "unit", "")
    for bar in getattr(panel, "bars", []):
        found.append(f"{bar.value:,.0f} {unit}")
        if bar.date:
            found += sentences(bar.date)
    for event in getattr(panel, "events", []):
        found.append(event.date if event.end is None else f"{event.date} – {event.end}")
    for item in [*getattr(panel, "places", []), *getattr(panel, "items", [])]:
        if item.date:
            found += sentences(item.date)
    return found


def exhibition_statements(exhibition: BaseModel) -> list[str]:
    found: list[str] = []
    for name in EXHIBITION_FIELDS:
        found += _statements(getattr(exhibition, name), name)
    return found


@pytest.fixture(scope="module")
def statements() -> dict[str, list[str]]:
    exhibit = check(REPO)
    found = {"exhibition": exhibition_statements(exhibit.exhibition)}
    for entry in exhibit.panels:
        found[entry.id] = panel_statements(entry.panel)
    return found


@pytest.fixture(scope="module")
def evidence() -> dict[str, list[dict]]:
    # BaseLoader: every value a string, as written (a date such as 1918-11-11 included).
    return yaml.load(EVIDENCE.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # noqa: S506


def test_sentences_are_split_where_a_reader_would() -> None:
    text = 'It was *first* published\nin "Izvestia". Then on radio!\n\n## Two slogans\n\n"Long live X!" he wrote.'
    assert sentences(text) == [
        'It was first published in "Izvestia".',
        "Then on radio!",
        "Two slogans",
        '"Long live X!" he wrote.',
    ]


def test_every_sentence_has_evidence(statements, evidence) -> None:  # noqa: ANN001
    missing = []
    for panel_id, found in statements.items():
        checked = {normalise(entry["says"]) for entry in evidence.get(panel_id) or []}
        missing += [f"{panel_id}: {s}" for s in found if normalise(s) not in checked]
    assert not missing, "no entry in exhibit/evidence.yaml for:\n" + "\n".join(missing)


def test_no_evidence_for_sentences_no_longer_shown(statements, evidence) -> None:  # noqa: ANN001
    """A stale entry means a sentence was reworded without its check being redone."""
    stale = []
    for panel_id, entries in evidence.items():
        shown = {normalise(s) for s in statements.get(panel_id, [])}
        stale += [f"{panel_id}: {e['says']}" for e in entries if normalise(e["says"]) not in shown]
    assert not stale, "exhibit/evidence.yaml checks sentences not shown:\n" + "\n".join(stale)


def test_every_entry_quotes_the_sources_or_says_why_not(evidence) -> None:  # noqa: ANN001
    for panel_id, entries in evidence.items():
        for entry in entries:
            assert set(entry) <= {"says", "source", "inference", "note"}, (panel_id, entry)
            assert entry.get("source") or entry.get("note"), f"{panel_id}: {entry['says']}"


def test_every_quoted_passage_is_in_the_seed_texts(evidence) -> None:  # noqa: ANN001
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside this checkout")
    seed = normalise(" ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))))
    wrong = [
        f"{panel_id}: {passage!r}"
        for panel_id, entries in evidence.items()
        for entry in entries
        for passage in entry.get("source") or []
        if normalise(passage) not in seed
    ]
    assert not wrong, "passages not found verbatim in shared/seeds:\n" + "\n".join(wrong)


def test_bibliography_is_copied_from_the_articles_references() -> None:
    """Every work listed (title, ISBN, ISSN, year, pages) is in the article's references."""
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside this checkout")
    seed = normalise(" ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))))
    exhibit = check(REPO)
    for key, source in exhibit.sources.items():
        assert normalise(source.title) in seed, key
        for field in ("isbn", "issn", "year", "lccn", "doi"):
            value = getattr(source, field, None)
            if value:
                assert str(value) in seed, (key, field, value)
        for pages in str(getattr(source, "pages", "") or "").split(", "):
            if pages:
                assert pages in seed, (key, pages)
