"""A poster built again after a small edit starts its fitting from the sizes the last
build settled on (vitrina.builders.poster_memory), in fewer layouts, and prints exactly
the poster a full search gives; a stale or damaged memory file only costs time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import copy_sample, keep_panels
from pdf_facts import printed_layout
from vitrina.build import build
from vitrina.builders import posters
from vitrina.memory import MEMORY_DIR

PANELS = ("manifesto", "stamp")
EDITS = {
    "stamp": ("that had lasted", "that lasted only"),
    "manifesto": ("then announced on radio", "then announced on the radio"),
}


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many WeasyPrint layouts the posters' fitting made, by panel."""
    counts: dict[str, int] = {}
    layout = posters._Layouts.layout

    def counting(self, body_pt: float, media_mm: float, probe: bool):  # noqa: ANN001, ANN202
        counts[self.entry.id] = counts.get(self.entry.id, 0) + 1
        return layout(self, body_pt, media_mm, probe)

    monkeypatch.setattr(posters._Layouts, "layout", counting)
    return counts


def _layouts(root: Path) -> dict[str, list[tuple]]:
    return {panel: printed_layout(root / "output" / "posters" / f"{panel}.pdf") for panel in PANELS}


def _memory(root: Path, panel: str) -> Path:
    return root / "output" / MEMORY_DIR / "posters" / "proof" / f"{panel}.json"


@pytest.mark.slow  # five builds of two posters
def test_an_edited_poster_starts_from_the_last_fit_and_prints_the_full_searchs_poster(
    tmp_path: Path, counted: dict[str, int]
) -> None:
    root = keep_panels(copy_sample(tmp_path / "x"), *PANELS)
    build(root, outputs=["posters"])
    for panel in PANELS:
        assert json.loads(_memory(root, panel).read_text())["settled"]
    for panel, (old, new) in EDITS.items():
        path = root / "exhibit" / f"{panel}.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    counted.clear()
    report = build(root, outputs=["posters"])
    assert sorted(job.panel for job in report.rendered) == sorted(PANELS)
    assert not any(
        MEMORY_DIR in path.relative_to(root / "output").parents for path in report.written
    )
    hinted, hinted_counts = _layouts(root), dict(counted)

    counted.clear()
    build(root, outputs=["posters"], force=True)  # --force searches in full
    full = _layouts(root)
    for panel in PANELS:
        assert hinted[panel] == full[panel], f"{panel}: the hinted fit printed another poster"
        assert hinted_counts[panel] < counted[panel], (panel, hinted_counts, counted)

    # A stale memory (sizes that fit but are not the largest, a search that found nothing)
    # and a damaged one are only where to look first: the same posters come out.
    stale = json.loads(_memory(root, "stamp").read_text())
    assert set(stale["settled"]) == {"first", "larger"}
    stale["settled"] = {"first": None, "larger": stale["settled"]["larger"] - 1.5}
    _memory(root, "stamp").write_text(json.dumps(stale))
    _memory(root, "manifesto").write_bytes(b'{"format": 1, "settled": {"first": "x", \x00')
    report = build(root, outputs=["posters"])
    assert sorted(job.panel for job in report.rendered) == sorted(PANELS)
    assert _layouts(root) == full
    for panel in PANELS:  # and each memory file is whole again
        assert json.loads(_memory(root, panel).read_text())["settled"]


def test_a_memory_file_that_is_not_a_posters_is_ignored() -> None:
    from vitrina.builders.poster_memory import MAX_BYTES, parse

    assert parse(None) == {}
    assert parse(b"\xff\xfe") == {}
    assert parse(b"[1, 2]") == {}
    assert parse(b'{"format": 2, "settled": {"first": 30}}') == {}
    assert parse(b'{"format": 1, "settled": {"first": 30.5}}') == {"first": 30.5}
    assert parse(b'{"format": 1, "settled": {"a": true, "b": -1, "c": 1e999, "d": null}}') == {
        "d": None
    }
    assert parse(b'{"format": 1, "settled": {}}' + b" " * MAX_BYTES) == {}
    assert parse(b"[" * 100_000) == {}
