"""The `vitrina` command. The only place that prints messages and chooses exit codes:
0 — done; 1 — the build failed; 2 — the content or the command is wrong."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from vitrina import __version__
from vitrina.builders.registry import DEFAULT_VARIANT, VARIANTS, builder_names, builders
from vitrina.errors import ContentError, Problem, StrictPreflightError, VitrinaError

err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
out = Console(highlight=False, soft_wrap=True, emoji=False)


def _show_problem(problem: Problem) -> None:
    colour = "red" if problem.severity == "error" else "yellow"
    where = f"{problem.location}: " if problem.location else ""
    field = f"[bold]{problem.field}[/bold]: " if problem.field else ""
    err.print(f"{where}[{colour}]{problem.severity}[/{colour}]: {field}", end="")
    err.print(problem.message, markup=False)


def _fail(exc: VitrinaError) -> None:
    if isinstance(exc, ContentError):
        for problem in exc.problems:
            _show_problem(problem)
        count = len(exc.problems)
        err.print(
            f"[red]{count} problem{'s' if count != 1 else ''} found; nothing was written.[/red]"
        )
    else:
        err.print("[red]error:[/red] ", end="")
        err.print(str(exc), markup=False)
        err.print("Nothing was written; the previous outputs are unchanged.")
    sys.exit(exc.exit_code)


def show_preflight(console: Console, report, table: bool = True) -> None:  # noqa: ANN001
    """The preflight as a table of outputs and a list of findings: every current output,
    whether rendered now or up to date (then from the build cache)."""
    if table:
        _preflight_table(console, report)
    # A finding about a panel file (a map label that could not be placed) is found in each
    # output and variant that draws it: said once, with the files it is in.
    groups: dict[tuple[str, str, str], list[Any]] = {}
    for finding in report.findings:
        key = (str(finding.severity), str(finding.check), finding.message)
        groups.setdefault(key, []).append(finding)
    for (severity, check, message), found in groups.items():
        colour = "yellow" if severity == "warning" else "cyan"
        files = list(dict.fromkeys(f.output for f in found if f.output))
        where = next((f.location for f in found if f.location), None)
        also = ""
        if where is None and files:
            where, files, also = files[0], files[1:], "also "
        console.print(
            f"{where + ': ' if where else ''}[{colour}]{severity}[/{colour}] ({check}): ",
            end="",
        )
        suffix = ""
        if len(files) > 1 or (files and also):
            shown = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
            suffix = f" ({also}in {shown})"
        console.print(message + suffix, markup=False)
    warnings = sum(1 for (severity, _check, _message) in groups if severity == "warning")
    notes = len(groups) - warnings
    console.print(
        f"Preflight: {warnings} warning{'s' if warnings != 1 else ''}, "
        f"{notes} note{'s' if notes != 1 else ''}; details in output/preflight.json."
    )


def _preflight_table(console: Console, report) -> None:  # noqa: ANN001
    from rich.table import Table

    table = Table(title="Preflight", title_justify="left", show_edge=False, pad_edge=False)
    table.add_column("output", no_wrap=True)
    for heading in ("pages", "trim mm", "fonts", "min pt", "ppi", "contrast"):
        table.add_column(heading, justify="right", no_wrap=True)
    for summary in report.outputs:
        if summary.kind == "label":
            continue  # single labels repeat labels.pdf
        table.add_row(
            summary.path,
            str(summary.pages),
            "×".join(f"{v:g}" for v in summary.trim_mm),
            "embedded" if summary.fonts_embedded else "[red]MISSING[/red]",
            f"{summary.smallest_type_pt:g}" if summary.smallest_type_pt else "–",
            f"{summary.lowest_image_ppi:.0f}" if summary.images else "–",
            "–" if summary.kind == "imposed" else f"{summary.contrast_failures} low",
        )
    console.print(table)


def _guard(action):  # noqa: ANN001, ANN202
    """Run a command body, under the command's process-wide settings, turning every
    failure into a message and an exit code."""
    from vitrina.process import command_settings

    try:
        with command_settings():
            return action()
    except StrictPreflightError as exc:
        from vitrina.report.preflight import PreflightReport

        report = getattr(exc, "report", None) or PreflightReport(findings=exc.findings)
        show_preflight(err, report, table=bool(report.outputs))
        _fail(exc)
    except VitrinaError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        err.print(
            "[red]Interrupted.[/red] Nothing was written; the previous outputs are unchanged."
        )
        sys.exit(130)
    except Exception as exc:  # a bug in vitrina, not the curator's fault
        if os.environ.get("VITRINA_DEBUG"):
            raise
        err.print(
            f"[red]internal error:[/red] {type(exc).__name__}: {exc}\n"
            "This is a bug in vitrina, not in your files. Nothing was written. "
            "Run again with VITRINA_DEBUG=1 to see the details for a bug report.",
            markup=True,
        )
        sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vitrina")
def main() -> None:
    """vitrina turns an exhibition written in YAML into print-ready PDFs."""


@main.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
def check(folder: Path) -> None:
    """Check the exhibition in FOLDER (default: here) and list every problem, writing nothing."""
    from vitrina.build import check as run_check
    from vitrina.build import check_posters
    from vitrina.report.preflight import assemble

    exhibit = _guard(lambda: run_check(folder))
    for warning in exhibit.warnings:
        _show_problem(warning)
    content = assemble(exhibit, [], (DEFAULT_VARIANT,))  # the preflight's content-only checks
    for finding in content.findings:
        colour = "yellow" if finding.severity == "warning" else "cyan"
        where = finding.location or ""
        out.print(
            f"{where + ': ' if where else ''}[{colour}]{finding.severity}[/{colour}] "
            f"({finding.check}): ",
            end="",
        )
        out.print(finding.message, markup=False)
    _guard(lambda: check_posters(exhibit))
    warnings = len(exhibit.warnings) + len(content.warnings)
    out.print(
        f"[green]OK[/green]: {len(exhibit.panels)} panels, {len(exhibit.sources)} sources, "
        + (
            f"no errors; {warnings} warning{'s' if warnings != 1 else ''} to look at "
            "(build --strict would refuse them)."
            if warnings
            else "no problems found."
        )
    )


@main.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--only",
    multiple=True,
    metavar="LIST",
    help=f"Build only these outputs: {', '.join(builder_names())} (comma-separated, "
    "or repeat the option). Default: all.",
)
@click.option(
    "--panel",
    "panels",
    multiple=True,
    metavar="NAME",
    help="Build only the poster of this panel (its file name without .yaml; repeat or "
    "separate with commas for several). With --only, the other outputs too.",
)
@click.option(
    "--variant",
    "variants",
    default=DEFAULT_VARIANT,
    show_default=True,
    metavar="LIST",
    help="Comma-separated variants: "
    + ", ".join(f"{variant.name} ({variant.summary})" for variant in VARIANTS.values())
    + ".",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Fail the build, writing nothing, if the preflight finds any warning.",
)
@click.option(
    "--grey",
    is_flag=True,
    help="Make the handout in shades of grey, for a black-and-white printer.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=None,
    help="Render this many outputs at once, in separate processes. Default: one per core.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Render every output again, even those that are up to date.",
)
def build(
    folder: Path,
    only: tuple[str, ...],
    panels: tuple[str, ...],
    variants: str,
    strict: bool,
    grey: bool,
    jobs: int | None,
    force: bool,
) -> None:
    """Build the posters, the booklet, the labels and the handout of the exhibition in
    FOLDER (default: here) into FOLDER/output/. Outputs whose sources have not changed
    since the last build are kept as they are."""
    from vitrina.build import build as run_build
    from vitrina.build import default_jobs

    kinds = _list(only)
    wrong = [kind for kind in kinds if kind not in builder_names()]
    if wrong:
        raise click.BadParameter(
            f"unknown output {', '.join(wrong)}; use {_either(builder_names())}",
            param_hint="--only",
        )
    chosen_panels = _list(panels)
    if chosen_panels and not kinds:  # the outputs made one per panel (the posters)
        kinds = [builder.name for builder in builders() if builder.per_panel]
    chosen = [v.strip() for v in variants.split(",") if v.strip()]
    unknown = [v for v in chosen if v not in VARIANTS]
    if unknown or not chosen:
        raise click.BadParameter(
            f"unknown variant {', '.join(unknown) or '(none)'}; use {_either(list(VARIANTS))}",
            param_hint="--variant",
        )
    started = time.perf_counter()
    progress = BuildProgress(out)
    try:
        report = _guard(
            lambda: run_build(
                folder,
                outputs=kinds or None,
                panels=chosen_panels or None,
                variants=chosen,
                strict=strict,
                grey=grey,
                jobs=jobs or default_jobs(),
                force=force,
                on_plan=progress.plan,
                on_job_done=progress.done,
            )
        )
    finally:
        progress.stop()
    for warning in report.warnings:
        _show_problem(warning)
    root = report.exhibit.root
    for output, path in zip(report.outputs, report.written, strict=True):
        note = f"  ({'; '.join(map(str, output.notes))})" if output.notes else ""
        out.print(f"  wrote {path.relative_to(root)}{note}", markup=False)
    if report.preflight is not None:
        show_preflight(out, report.preflight, table=bool(report.preflight.outputs))
    out.print(
        f"[green]Done[/green]: {len(report.rendered)} rendered, {len(report.up_to_date)} up "
        f"to date, 0 failed; {len(report.written)} files written in "
        f"{time.perf_counter() - started:.1f} s."
    )


def _either(names: list[str]) -> str:
    """ "a, b or c" """
    return " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _list(values: tuple[str, ...]) -> list[str]:
    """An option given as a comma-separated list, repeated, or both."""
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


class BuildProgress:
    """Progress while rendering: a bar on a terminal, one plain line per output otherwise
    (CI logs, pipes)."""

    def __init__(self, console: Console):
        self.console = console
        self.total = 0
        self.count = 0
        self._bar = None
        self._task = None

    def plan(self, todo: list, current: list) -> None:  # noqa: ANN001
        self.total = len(todo)
        if not todo:
            self.console.print(f"Everything is up to date ({len(current)} outputs).")
            return
        self.console.print(
            f"Rendering {len(todo)} output{'s' if len(todo) != 1 else ''}"
            + (f"; {len(current)} up to date." if current else ".")
        )
        if self.console.is_terminal:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total}"),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self._task = self._bar.add_task("rendering", total=len(todo))
            self._bar.start()

    def done(self, result) -> None:  # noqa: ANN001
        self.count += 1
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=f"rendered {result.job.label}")
        else:
            self.console.print(
                f"  [{self.count}/{self.total}] rendered {result.job.label} "
                f"({result.seconds:.1f} s)",
                markup=False,
            )

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


@main.command()
@click.argument(
    "folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The port to listen on (0: any free one).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in your browser.")
def serve(folder: Path, port: int, open_browser: bool) -> None:
    """Preview the exhibition in FOLDER (default: here) in your web browser, on this
    computer only: every output as pages, rebuilt into FOLDER/output/ each time you save
    a file. Ctrl-C stops it."""
    import threading

    from vitrina.serve import serve as start_preview

    def report(text: str) -> None:
        out.print(text, markup=False)

    from rich.markup import escape

    preview = _guard(lambda: start_preview(folder, port, open_browser, report))
    # From here on a Ctrl-C, whenever it comes (even while the first lines are printed),
    # stops the preview and its build process: left running, the build would keep the
    # command waiting for it at exit.
    try:
        out.print(f"Previewing {escape(str(folder.resolve()))} at [bold]{preview.url}[/bold]")
        out.print("Save a file to see it change there; press Ctrl-C to stop.")
        threading.Event().wait()
    except KeyboardInterrupt:
        out.print("Stopping…")
    finally:
        preview.stop()
    out.print("Stopped.")


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="My exhibition", show_default=True, help="The exhibition's title.")
@click.option(
    "--languages",
    default="",
    help="The exhibition's languages as codes, the primary one first, such as lt,en: "
    "every text is then written once per language.",
)
def new(folder: Path, title: str, languages: str) -> None:
    """Create a new exhibition in FOLDER, ready to edit and build."""
    from vitrina.scaffold import create_exhibition

    codes = [code for code in languages.split(",") if code.strip()]
    created = _guard(lambda: create_exhibition(folder, title, codes))
    out.print(f"[green]Created[/green] {len(created)} files in {folder}:", markup=True)
    for path in created:
        out.print(f"  {path}", markup=False)
    out.print(
        f"Next: edit the YAML files in {folder / 'exhibit'}, then run: vitrina build {folder}"
    )
