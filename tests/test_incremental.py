"""Fast rebuilds: unchanged outputs are not rendered again, a change re-renders what
depends on it, workers give the same bytes, and a no-change build never loads WeasyPrint."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import copy_sample, keep_panels
from vitrina.build import build
from vitrina.cli import main
from vitrina.schedule.cache import CACHE_FILE


@pytest.fixture(scope="module")
def built_small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two panels (a story and the captions), built once: posters, labels, handout."""
    root = keep_panels(copy_sample(tmp_path_factory.mktemp("small") / "x"), "manifesto", "stamp")
    build(root, outputs=["posters", "labels", "handout"])
    return root


@pytest.fixture
def small(built_small: Path, tmp_path: Path) -> Path:
    """A copy of the built folder (times kept) for one test to change."""
    root = tmp_path / "x"
    shutil.copytree(built_small, root)
    return root


def _rendered(report) -> list[str]:  # noqa: ANN001
    return sorted(job.key for job in report.rendered)


def _mtimes(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_no_change_renders_and_writes_nothing(small: Path) -> None:
    before = _mtimes(small / "output")
    report = build(small, outputs=["posters", "labels", "handout"])
    assert report.rendered == [] and len(report.up_to_date) == 4
    assert report.written == []
    assert _mtimes(small / "output") == before


def test_a_caption_edit_renders_only_what_shows_that_panel(small: Path) -> None:
    stamp = small / "exhibit" / "stamp.yaml"
    stamp.write_text(stamp.read_text().replace("that had lasted", "that lasted only"))
    report = build(small, outputs=["posters", "labels", "handout"])
    assert _rendered(report) == ["proof:handout", "proof:labels", "proof:posters/stamp"]
    from pdf_facts import page_texts

    assert "a republic that lasted only from" in " ".join(
        page_texts(small / "output" / "labels.pdf")[0].split()
    )


def test_a_layout_override_renders_the_outputs_that_use_it(small: Path) -> None:
    css = small / "layouts" / "css"
    css.mkdir(parents=True)
    from vitrina.paths import PACKAGE_DIR

    (css / "labels.css").write_text(
        (PACKAGE_DIR / "layouts" / "css" / "labels.css").read_text() + "\n/* changed */\n"
    )
    report = build(small, outputs=["posters", "labels", "handout"])
    assert _rendered(report) == ["proof:labels"]


def test_a_deleted_or_edited_output_is_made_again(small: Path) -> None:
    (small / "output" / "posters" / "manifesto.pdf").unlink()
    (small / "output" / "labels.pdf").write_bytes(b"%PDF-1.7 edited by hand")
    report = build(small, outputs=["posters", "labels", "handout"])
    assert _rendered(report) == ["proof:labels", "proof:posters/manifesto"]
    assert (small / "output" / "posters" / "manifesto.pdf").is_file()


def test_force_renders_everything(small: Path) -> None:
    report = build(small, outputs=["posters", "labels"], force=True)
    assert len(report.rendered) == 3 and report.up_to_date == []


def test_a_damaged_cache_means_a_full_build(small: Path) -> None:
    (small / "output" / CACHE_FILE).write_text("{not json")
    report = build(small, outputs=["labels"])  # one output is enough to show it
    assert _rendered(report) == ["proof:labels"]
    json.loads((small / "output" / CACHE_FILE).read_text())


def test_two_workers_make_the_same_bytes(small: Path, tmp_path: Path) -> None:
    parallel = tmp_path / "parallel"
    report = build(small, outputs=["posters", "labels"], output_dir=parallel, jobs=2)
    assert len(report.rendered) == 3
    for pdf in parallel.rglob("*.pdf"):
        assert pdf.read_bytes() == (small / "output" / pdf.relative_to(parallel)).read_bytes()


def test_a_failing_worker_stops_the_build_with_its_message(small: Path) -> None:
    story = small / "exhibit" / "manifesto.yaml"
    story.write_text(
        story.read_text().replace("body: |\n", "body: |\n" + "  Words and more words.\n\n" * 150)
    )
    settings = small / "exhibit" / "exhibition.yaml"
    settings.write_text(settings.read_text().replace("size: A1", "size: A4"))
    result = CliRunner().invoke(main, ["build", "--jobs", "2", "--only", "posters", str(small)])
    assert result.exit_code == 1
    assert "the panel 'manifesto' does not fit" in result.output
    assert "Traceback" not in result.output


def test_plain_progress_lines_and_a_summary_when_not_a_terminal(small: Path) -> None:
    (small / "output" / "posters" / "stamp.pdf").unlink()
    result = CliRunner().invoke(main, ["build", "--jobs", "1", "--only", "posters", str(small)])
    assert result.exit_code == 0, result.output
    assert "[1/" in result.output and "rendered poster stamp" in result.output
    assert "up to date" in result.output and "0 failed" in result.output


def test_no_change_build_does_not_import_weasyprint(small: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from vitrina.build import build; "
        f"r = build(Path({str(small)!r}), outputs=['posters', 'labels', 'handout']); "
        "print(len(r.rendered), 'weasyprint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["0", "False"]


def test_progress_hears_of_each_job_as_it_finishes(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """With workers, a finished job is reported while others still run (the progress bar
    once stood still until every job was done). The last poster waits, in its worker,
    for the report of an earlier one; if that report never comes it gives up and says so."""
    import time

    from vitrina.build import check
    from vitrina.schedule import runner
    from vitrina.schedule.jobs import plan_jobs

    exhibit = check(copy_sample(tmp_path / "sample"))
    jobs = plan_jobs(exhibit, ["posters"], ["proof"])
    release = tmp_path / "release"

    def run(self, job):  # noqa: ANN001, ANN202
        waited = False
        if job.panel == jobs[-1].panel:
            deadline = time.monotonic() + 20
            while not release.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            waited = not release.exists()
        return runner.JobResult(job, [], {"gave up waiting": waited}, 0.0)

    monkeypatch.setattr(runner._Worker, "run", run)  # forked workers inherit it
    results = runner.run_jobs(jobs, exhibit, False, 2, lambda result: release.touch())
    assert len(results) == len(jobs)
    assert not any(result.preflight["gave up waiting"] for result in results)


def test_the_longest_jobs_start_first_as_the_last_build_measured(
    tmp_path: Path,
    monkeypatch,  # noqa: ANN001
) -> None:
    from vitrina.build import check
    from vitrina.schedule import runner
    from vitrina.schedule.jobs import plan_jobs

    exhibit = check(copy_sample(tmp_path / "sample"))
    jobs = plan_jobs(exhibit, ["posters", "booklet"], ["proof"])
    posters = [job for job in jobs if job.kind == "posters"]
    started: list[str] = []

    def run(self, job):  # noqa: ANN001, ANN202
        started.append(job.key)
        return runner.JobResult(job, [], {}, 0.0)

    monkeypatch.setattr(runner._Worker, "run", run)
    measured = {posters[3].key: 20.0, posters[0].key: 0.2}
    runner.run_jobs(jobs, exhibit, False, 1, last_seconds=measured)
    # The map poster measured at 20 s goes before the booklet's guessed 8 s; the poster
    # measured at 0.2 s goes after every poster guessed at 1.5 s.
    assert started[:2] == [posters[3].key, next(j.key for j in jobs if j.kind == "booklet")]
    assert started[-1] == posters[0].key


def test_a_changed_geojson_layer_changes_its_map_panel_digest(tmp_path: Path) -> None:
    """Editing a map's own GeoJSON layer must re-render the map (not only its YAML)."""
    from vitrina.build import check
    from vitrina.schedule.jobs import Digests

    root = keep_panels(copy_sample(tmp_path / "x"), "front-line")
    [layer] = check(root).panel("front-line").panel.own_layers

    def digest() -> str:
        exhibit = check(root)
        return Digests(exhibit, grey=False).panel(exhibit.panel("front-line"))

    before = digest()
    path = root / layer.file
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert digest() != before
