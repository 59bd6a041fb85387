"""An output whose layout is made of the same HTML, drawings and styles as last time takes
its PDF back from the last build (builders/reuse.py), though a file it reads changed: the
handout prints no chart caption, so a caption edit does not lay it out again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vitrina.build import build
from vitrina.builders.booklet_sections import Plan, Run
from vitrina.output import Note, NoteKind

HARBOUR = Path(__file__).resolve().parent / "fixtures" / "exhibitions" / "harbour-office"


def _renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from vitrina.render import pdf

    count = [0]
    original = pdf.RenderSession.render

    def render(session, html, stylesheets, **options):  # noqa: ANN001, ANN202
        count[0] += 1
        return original(session, html, stylesheets, **options)

    monkeypatch.setattr(pdf.RenderSession, "render", render)
    return count


def test_the_handout_is_kept_when_what_it_prints_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "harbour"
    shutil.copytree(HARBOUR, root)
    build(root, outputs=["handout"])
    handout = root / "output" / "handout.pdf"
    first = handout.read_bytes()
    chart = root / "exhibit" / "chests.yaml"
    text = chart.read_text(encoding="utf-8")
    chart.write_text(text.replace("caption: |\n", "caption: |\n  Counted again in 1912.\n"))
    renders = _renders(monkeypatch)
    report = build(root, outputs=["handout"])
    assert [job.kind for job in report.rendered] == ["handout"]  # the file changed: a job
    assert renders[0] == 0, "the handout was laid out again for a caption it does not print"
    assert handout.read_bytes() == first
    # A title it prints: laid out again.
    chart.write_text(
        chart.read_text().replace("title: Chests shipped", "title: Tea chests shipped")
    )
    build(root, outputs=["handout"])
    assert renders[0] > 0
    assert handout.read_bytes() != first


def test_a_graphic_note_survives_the_booklet_plan() -> None:
    """A graphic's warning (a label left out) kept with a run comes back as the same
    warning when the run's pages are kept."""
    note = Note("the label 'Vilnius' was left out", NoteKind.GRAPHIC_LABEL)
    run = Run(["cover", "contents"], ["a", "b"], 1, 2, 0, notes=[note.to_data()])
    plan = Plan.from_bytes(Plan("k", [run], {}, []).to_bytes(), "k")
    assert plan is not None
    assert [Note.from_data(data) for data in plan.runs[0].notes] == [note]
