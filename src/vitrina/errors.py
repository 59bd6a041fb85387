"""Domain errors that carry a location a curator can find in a text editor.

Library code raises these; only the CLI turns them into messages and exit codes,
so no traceback ever reaches a curator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

#: How bad a content problem is: an error stops the build, a warning fails only --strict.
ProblemSeverity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a content file: 1-based line and column, as editors count."""

    path: Path
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = str(self.path)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content: where, which field, and what to do."""

    message: str
    location: Location | None = None
    field: str | None = None
    severity: ProblemSeverity = "error"

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        what = f"{self.field}: " if self.field else ""
        return f"{where}{self.severity}: {what}{self.message}"


class VitrinaError(Exception):
    """Base of every error vitrina reports to a curator."""

    exit_code = 1


class ContentError(VitrinaError):
    """The exhibition's content is invalid; carries every problem found, not just the first."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildError(VitrinaError):
    """The content was valid but an output could not be made (e.g. a panel is too long)."""

    exit_code = 1

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None):
        self.message = message
        self.location = location
        self.hint = hint
        text = f"{location}: {message}" if location else message
        if hint:
            text += f"\n  {hint}"
        super().__init__(text)


class OutputBusyError(BuildError):
    """Another build is writing into the same output folder right now (it holds the
    lock); trying again once it is done will do (``vitrina serve`` does so)."""


class StrictPreflightError(BuildError):
    """``--strict`` was given and the preflight found warnings; nothing is written."""

    def __init__(self, findings: list):
        self.findings = findings
        count = len(findings)
        super().__init__(
            f"the preflight found {count} warning{'s' if count != 1 else ''} and --strict "
            "turns warnings into a failed build",
            hint="fix what is listed above, or build without --strict to write the files "
            "with the warnings recorded in output/preflight.json",
        )


@dataclass
class ProblemList:
    """Collects problems across the validate stage so all are shown together."""

    items: list[Problem] = field(default_factory=list)

    def add(
        self,
        message: str,
        location: Location | None = None,
        field: str | None = None,
        severity: ProblemSeverity = "error",
    ) -> None:
        self.items.append(Problem(message, location, field, severity))

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentError(self.errors)


def _problem_order(problem: Problem) -> tuple:
    loc = problem.location
    if loc is None:
        return ("", 0, 0, problem.message)
    return (str(loc.path), loc.line or 0, loc.column or 0, problem.message)
