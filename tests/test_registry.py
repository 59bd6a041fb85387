"""Outputs and variants are registered once and read by the command, the scheduler, the
workers and the preflight alike: a toy output registered here (no vitrina file changed)
is accepted by `--only`, planned, built in each variant's folder and preflighted against
the limits it registered."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from vitrina.builders.registry import (
    VARIANTS,
    Builder,
    FileKind,
    Limits,
    builder_names,
    file_kind_of,
    get_variant,
    register,
    unregister,
)
from vitrina.cli import main
from vitrina.output import Note, NoteKind, Output
from vitrina.scaffold import create_exhibition

TOY_TYPE_PT = 12


def _toy_build(context, panel) -> list[Output]:  # noqa: ANN001
    """One A6 page with a line of 12 pt type per panel (ReportLab: no WeasyPrint)."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(298, 420), invariant=1)
    pdf.setFont("Helvetica", TOY_TYPE_PT)
    for number, entry in enumerate([panel] if panel else context.exhibit.panels):
        pdf.drawString(40, 360 - 20 * number, entry.panel.title)
    pdf.showPage()
    pdf.save()
    name = f"toys/{panel.id}.pdf" if panel else "toy.pdf"
    note = Note("toy type fitted down", NoteKind.FITTED)
    kind = "toys" if panel else "toy"
    return [Output(context.folder / name, buffer.getvalue(), [note], kind, None)]


@pytest.fixture
def toy() -> Iterator[str]:
    # Limits the toy's 12 pt type fails, so the preflight shows they were read.
    limits = Limits(min_type_pt=20.0, min_ppi=300, reading="toy print")
    register(
        Builder(
            "toy",
            _toy_build,
            files=(FileKind("toy", "toy.pdf", limits),),
        )
    )
    register(
        Builder(
            "toys",
            _toy_build,
            files=(FileKind("toys", "toys/*.pdf", limits),),
            per_panel=True,
        )
    )
    yield "toy"
    unregister("toy")
    unregister("toys")


@pytest.fixture
def small(tmp_path: Path) -> Path:
    create_exhibition(tmp_path / "small", "Toys")
    return tmp_path / "small"


def test_a_registered_output_is_accepted_planned_built_and_preflighted(
    toy: str, small: Path
) -> None:
    result = CliRunner().invoke(
        main, ["build", str(small), "--only", "toy,toys", "--variant", "proof,print", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    panels = sorted(p.stem for p in (small / "exhibit").glob("*.yaml"))
    panels = [p for p in panels if p not in ("exhibition", "sources", "evidence")]
    # One job for the whole exhibition, one per panel for the per-panel output, in each
    # variant's own folder.
    for folder in (small / "output", small / "output" / "print"):
        assert (folder / "toy.pdf").is_file()
        assert sorted(p.stem for p in (folder / "toys").glob("*.pdf")) == panels
    assert not (small / "output" / "booklet.pdf").exists()
    report = json.loads((small / "output" / "preflight.json").read_text(encoding="utf-8"))
    kinds = {o["path"]: o["kind"] for o in report["outputs"]}
    assert kinds["toy.pdf"] == "toy" and kinds["print/toy.pdf"] == "toy"
    found = {(f["check"], f["severity"], f["output"]) for f in report["findings"]}
    assert ("type-size", "warning", "toy.pdf") in found  # the registered 20 pt limit
    assert ("fitting", "note", "toy.pdf") in found  # the note's kind, not its words
    type_size = next(f for f in report["findings"] if f["check"] == "type-size")
    assert "toy print should be at least 20.0 pt" in type_size["message"]


def test_an_output_not_registered_is_refused_naming_those_that_are(small: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(small), "--only", "toy"])
    assert result.exit_code == 2
    assert "unknown output toy; use posters, booklet, labels or handout" in result.output


def test_the_scheduler_plans_what_is_registered(toy: str, small: Path) -> None:
    from vitrina.build import check
    from vitrina.schedule.jobs import Digests, plan_jobs

    exhibit = check(small)
    jobs = plan_jobs(exhibit, ["toy", "toys"], ["proof", "archive"])
    per_variant = 1 + len(exhibit.panels)
    assert len(jobs) == 2 * per_variant
    assert [job.panel for job in jobs[:per_variant]] == [None] + [e.id for e in exhibit.panels]
    assert jobs[-1].label == f"toys {exhibit.panels[-1].id} (archive)"
    assert len({Digests(exhibit, False).job(job) for job in jobs}) == len(jobs)
    assert builder_names()[-2:] == ["toy", "toys"]


def test_built_in_outputs_and_variants_are_registered() -> None:
    assert builder_names() == ["posters", "booklet", "labels", "handout"]
    assert list(VARIANTS) == ["proof", "print", "archive"]
    assert get_variant("print").cmyk and get_variant("print").pdf_standard == "pdf/x-4"
    archive = get_variant("archive")
    assert archive.attachments and archive.tagged and not archive.press_sheets
    assert archive.render_options() == {"pdf_variant": "pdf/a-3b", "pdf_tags": True}
    assert get_variant("proof").render_options() == {}


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("posters/labels.pdf", "poster"),
        ("print/posters/booklet.pdf", "poster"),
        ("booklet.pdf", "booklet"),
        ("archive/booklet.pdf", "booklet"),
        ("print/booklet-imposed.pdf", "imposed"),
        ("labels.pdf", "labels"),
        ("labels/stamp-1.pdf", "label"),
        ("archive/labels/stamp-1.pdf", "label"),
        ("handout.pdf", "handout"),
        ("preflight.json", ""),
    ],
)
def test_a_written_file_is_known_by_where_it_is(path: str, kind: str) -> None:
    assert file_kind_of(path) == kind
