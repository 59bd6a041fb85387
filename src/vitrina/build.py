"""The pipeline, in order: load → validate → schedule → draw → render → finish → report →
write.

``check`` runs the first two stages; ``build`` runs them all. The schedule stage works
out which outputs are out of date (their inputs' digests against the cache of the last
build); only those are drawn, rendered and finished, one after another or in worker
processes. Drawing happens inside the builders (each output draws its graphics at its
own size), and so does finishing (imposition, marks, variants). The preflight reads the
finished PDFs before anything is written, so ``--strict`` can refuse a build without
touching the previous outputs.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vitrina.builders.registry import DEFAULT_VARIANT, VARIANTS, builder_names, file_kind_of
from vitrina.errors import BuildError, Problem, ProblemList, StrictPreflightError
from vitrina.load import load_project
from vitrina.memory import MEMORY_DIR, Memory, is_memory
from vitrina.model.exhibit import Exhibit
from vitrina.process import command_settings
from vitrina.schedule.cache import CACHE_FILE, BuildCache
from vitrina.schedule.jobs import Digests, Job, plan_jobs
from vitrina.validate import validate_project
from vitrina.write import OutputLock, write_outputs
from vitrina.write.atomic import (
    OUTPUT_DIR,
    ensure_free_space,
    guard_output_folder,
    recover,
    write_file,
)

if TYPE_CHECKING:  # the preflight and the builders load pdfium and ReportLab
    from vitrina.output import Output
    from vitrina.report.preflight import PreflightReport
    from vitrina.schedule.runner import JobResult


@dataclass
class BuildReport:
    """What a build made and what the curator should know about it."""

    exhibit: Exhibit
    written: list[Path] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    preflight: PreflightReport | None = None
    rendered: list[Job] = field(default_factory=list)
    up_to_date: list[Job] = field(default_factory=list)


def check(root: Path) -> Exhibit:
    """Load and validate only; raises ContentError with every problem found."""
    with command_settings():
        return validate_project(load_project(root))


def check_posters(exhibit: Exhibit) -> None:
    """Every poster laid out once at its floor size, the last test of the build's fitting
    search, so `check` names every panel that `build` would refuse as too long (raises
    ContentError listing them all, each with the build's own message and hint). A poster
    the last build made from the same inputs fitted then and is not laid out again."""
    from vitrina.builders.base import BuildContext
    from vitrina.builders.posters import check_fits
    from vitrina.resolve.layouts import Layouts

    cache = BuildCache.load(exhibit.root / OUTPUT_DIR)
    digests = Digests(exhibit, grey=False)
    built = {
        job.panel
        for job in plan_jobs(exhibit, ["posters"], ["proof", "print", "archive"])
        if cache.fresh(job.key, digests.job(job), digests.unchanged)
    }
    context = BuildContext(exhibit, Layouts.for_exhibition(exhibit.root))
    problems = ProblemList()
    for entry in exhibit.panels:
        if entry.id in built:
            continue
        try:
            check_fits(entry, context)
        except BuildError as exc:
            hint = f"; {exc.hint}" if exc.hint else ""
            problems.add(f"{exc.message}{hint}", exc.location, "poster")
    problems.raise_if_errors()


def _check_panel_names(exhibit: Exhibit, panels: Sequence[str] | None) -> None:
    """``--panel`` names a panel of the exhibition (its file name without .yaml)."""
    known = [entry.id for entry in exhibit.panels]
    unknown = [name for name in panels or () if name.removesuffix(".yaml") not in known]
    if unknown:
        raise BuildError(
            f"no panel called {', '.join(repr(n) for n in unknown)} in this exhibition",
            hint="the panels are: " + ", ".join(known),
        )


def _recheck(exhibit: Exhibit, job: Job, cache: BuildCache, target: Path) -> dict:
    """The preflight of an up-to-date job run again on its files as they are on disk (the
    cache checked they are the files it made), not taken from the cache's own record."""
    from vitrina.output import Note, Output
    from vitrina.report.preflight import check_outputs

    cached = cache.jobs[job.key]
    source = exhibit.panel(job.panel).doc.path if job.panel else None
    outputs = []
    for name in cached.files:
        path = cache.inside(name)
        if path is None:
            continue
        notes = [Note.from_data(note) for note in cached.notes.get(name, [])]
        outputs.append(Output(Path(name), path.read_bytes(), notes, file_kind_of(name), source))
    return check_outputs(outputs)


def _current_others(
    exhibit: Exhibit, planned: list[Job], cache: BuildCache, grey: bool
) -> list[Job]:
    """The jobs of other outputs and variants whose files are up to date in the cache."""
    keys = {job.key for job in planned}
    digests = Digests(exhibit, grey)
    return [
        job
        for job in plan_jobs(exhibit, builder_names(), list(VARIANTS))
        if job.key not in keys
        and job.key in cache.jobs
        and cache.fresh(job.key, digests.job(job), digests.unchanged)
    ]


def _previous_size(cache: BuildCache, todo: list[Job]) -> int:
    """Bytes the jobs about to be rendered wrote last time: what they will need again,
    found out before minutes of rendering rather than when the disk fills."""
    total = 0
    for job in todo:
        cached = cache.jobs.get(job.key)
        for name in cached.files if cached else ():
            path = cache.inside(name)  # never a file outside output/ the cache names
            with contextlib.suppress(OSError):
                total += path.stat().st_size if path else 0
    return total


def default_jobs() -> int:
    """Worker processes when none are asked for: one per core."""
    return max(1, os.cpu_count() or 1)


def build(
    root: Path,
    outputs: Sequence[str] | None = None,
    output_dir: Path | None = None,
    variants: Sequence[str] = (DEFAULT_VARIANT,),
    strict: bool = False,
    grey: bool = False,
    jobs: int = 1,
    force: bool = False,
    on_job_done: Callable[[JobResult], None] | None = None,
    on_plan: Callable[[list[Job], list[Job]], None] | None = None,
    panels: Sequence[str] | None = None,
) -> BuildReport:
    """Build the exhibition in ``root``; nothing is written unless every output succeeded.

    Each variant (proof, print, archive) goes to its own folder under output/. Outputs
    whose inputs have not changed since the last build are left as they are (``force``
    renders everything). ``jobs`` worker processes render in parallel. Runs under the
    command's process-wide settings (vitrina.process), restored when it returns.
    """
    with command_settings():
        exhibit = check(root)
        _check_panel_names(exhibit, panels)
        target = output_dir or exhibit.root / OUTPUT_DIR
        guard_output_folder(target, None if output_dir else exhibit.root)
        with OutputLock(target):  # the whole build: two builds of one folder never overlap
            recover(target)
            return _build_locked(
                exhibit,
                target,
                outputs,
                variants,
                strict,
                grey,
                jobs,
                force,
                on_job_done,
                on_plan,
                panels,
            )


def _build_locked(
    exhibit: Exhibit,
    target: Path,
    outputs: Sequence[str] | None,
    variants: Sequence[str],
    strict: bool,
    grey: bool,
    jobs: int,
    force: bool,
    on_job_done: Callable[[JobResult], None] | None,
    on_plan: Callable[[list[Job], list[Job]], None] | None,
    panels: Sequence[str] | None = None,
) -> BuildReport:
    kinds = [kind for kind in builder_names() if not outputs or kind in outputs]
    wanted = {name.removesuffix(".yaml") for name in panels or ()}
    planned = [
        job
        for job in plan_jobs(exhibit, kinds, list(variants))
        if not panels or job.panel is None or job.panel in wanted
    ]
    digests = Digests(exhibit, grey)
    inputs = {job.key: digests.job(job) for job in planned}
    cache = BuildCache.load(target)
    todo = [
        job
        for job in planned
        if force or not cache.fresh(job.key, inputs[job.key], digests.unchanged)
    ]
    current = [job for job in planned if job not in todo]
    if on_plan is not None:
        on_plan(todo, current)
    ensure_free_space(target, _previous_size(cache, todo))
    results: list[JobResult] = []
    if todo:
        from vitrina.schedule.runner import run_jobs

        last_seconds = {key: cached.seconds for key, cached in cache.jobs.items()}
        results = run_jobs(
            todo,
            exhibit,
            grey,
            jobs,
            on_job_done or (lambda result: None),
            last_seconds,
            Memory(None if force else target),  # --force: nothing remembered either
        )
    made: dict[str, JobResult] = {result.job.key: result for result in results}

    from vitrina.report.preflight import assemble, report_output

    parts = [
        made[job.key].preflight
        if job.key in made
        else _recheck(exhibit, job, cache, target)
        if strict  # the cache file can be edited: --strict believes only the PDFs
        else cache.jobs[job.key].preflight
        for job in planned
    ]
    checked = assemble(exhibit, parts, variants)
    if strict and checked.warnings:
        error = StrictPreflightError(checked.warnings)
        error.report = checked  # type: ignore[attr-defined] # shown whole by the CLI
        raise error
    # The report covers every output that is current, not only those of this build
    # (`--only`, `--panel` and `--variant` build some): one report for what is there.
    others = _current_others(exhibit, planned, cache, grey)
    if others:
        every_variant = list(dict.fromkeys([*variants, *(job.variant for job in others)]))
        checked = assemble(
            exhibit, [*parts, *(cache.jobs[job.key].preflight for job in others)], every_variant
        )
    new_outputs = [output for job in planned if job.key in made for output in made[job.key].outputs]
    for job in planned:
        if job.key in made:
            result = made[job.key]
            cache.record(
                job.key,
                inputs[job.key],
                {str(o.path): o.data for o in result.outputs},
                {str(o.path): [note.to_data() for note in o.notes] for o in result.outputs},
                result.preflight,
                result.seconds,
                digests.reads(result.reads),
            )
    report_file = report_output(checked, exhibit, strict)
    files = {output.path: output.data for output in new_outputs}
    # Builders' memory is written with the rest, but is not a file the curator is told of.
    new_outputs = [output for output in new_outputs if not is_memory(output)]
    previous = target / report_file.path
    if not previous.is_file() or previous.read_bytes() != report_file.data:
        files[report_file.path] = report_file.data
        new_outputs.append(report_file)
    if todo:
        files[Path(CACHE_FILE)] = cache.to_bytes()
    written = write_outputs(target, files) if files else []
    written = [
        path
        for path in written
        if path.name != CACHE_FILE and MEMORY_DIR not in path.relative_to(target).parents
    ]
    if todo:  # sizes and times of the files as written, so the next build need not hash
        cache.stamp()
        with contextlib.suppress(OSError):
            write_file(target / CACHE_FILE, cache.to_bytes())
    return BuildReport(
        exhibit, written, new_outputs, list(exhibit.warnings), checked, todo, current
    )
