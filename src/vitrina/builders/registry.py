"""What a build can make: every output registered once, with every variant.

An output is a :class:`Builder`: its name (what ``--only`` names), the jobs it plans (one
for the whole exhibition, or one per panel), what a job reads (which panels, and whether
the handout's ``--grey`` or the poster series matters), the function that builds it, and
the files it makes with the preflight's limits for each. The command line, the scheduler,
the workers and the preflight all read this registry, as Sphinx's application reads its
registered builders; adding an output is one new module and one :func:`register` call.

The registry is light on purpose: a builder's module is named, not imported, and loaded
only when one of its jobs runs, so a build with nothing to do (and ``vitrina --help``)
never loads WeasyPrint or ReportLab.

A :class:`Variant` (proof, print, archive) is data too: its folder, PDF standard, colour
and attachments, read by the builders instead of comparing names.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vitrina.model.exhibit import Exhibit, PanelEntry
    from vitrina.output import Output

#: ``build(context, panel)``: the files of one job (``panel`` is None for a job that
#: covers the whole exhibition). ``context`` is a vitrina.builders.base.BuildContext.
BuildFunction = Callable[[Any, "PanelEntry | None"], "list[Output]"]


@dataclass(frozen=True)
class Limits:
    """What one kind of file must meet: smallest type (pt) and image resolution (ppi)."""

    min_type_pt: float
    min_ppi: float
    reading: str
    """Who reads it how, for the preflight's message ("text on an object label")."""


@dataclass(frozen=True)
class FileKind:
    """One kind of file an output makes, and how the preflight checks it."""

    name: str
    """As in preflight.json: poster, booklet, imposed, labels, label, handout."""
    pattern: str
    """Where such a file is written, under its variant's folder (``posters/*.pdf``)."""
    limits: Limits | None = None
    """Smallest type and image resolution; None for a file that repeats another's pages
    (imposed sheets, single labels), whose boxes and fonts alone are checked."""
    scales_with_paper: bool = False
    """The type limit is for A1 and grows with the paper (posters)."""
    one_paper_size: bool = False
    """Pages may trim differently but share one paper size (a part-filled label sheet)."""

    @property
    def copy(self) -> bool:
        return self.limits is None


@dataclass(frozen=True)
class Builder:
    """One output a build can make (posters, booklet, labels, handout)."""

    name: str
    build: str | BuildFunction
    """The build function, or where to find it, ``"module:function"`` (loaded lazily)."""
    files: tuple[FileKind, ...]
    per_panel: bool = False
    """One job per panel (posters), else one job for the whole exhibition."""
    panels: Callable[[Exhibit], list[PanelEntry]] | None = None
    """The panels a whole-exhibition job shows (None: all of them); a per-panel job shows
    its own. Their files and images are the job's inputs."""
    uses_grey: bool = False
    """``--grey`` changes what it makes (the handout)."""
    shared: Callable[[Exhibit], str] | None = None
    """What else every job of this output depends on, as text for the digest (a poster's
    title size is shared by its series: every panel's title and size)."""
    expected_seconds: float = 1.5
    """A first build's guess at one job's time, to start the longest first."""
    summary: str = ""
    """What it is, in a few words, for the command's help."""

    def load(self) -> BuildFunction:
        """The build function, importing its module the first time it is needed."""
        if not isinstance(self.build, str):
            return self.build
        module, _, function = self.build.partition(":")
        return getattr(importlib.import_module(module), function)

    def panels_of(self, exhibit: Exhibit) -> list[PanelEntry]:
        return list(exhibit.panels) if self.panels is None else self.panels(exhibit)


_BUILDERS: dict[str, Builder] = {}


def register(builder: Builder) -> Builder:
    """Add an output; the order of registration is the order outputs are built and
    listed. Registering a name again replaces it (a test's toy builder, say)."""
    _BUILDERS[builder.name] = builder
    return builder


def unregister(name: str) -> None:
    _BUILDERS.pop(name, None)


def builders() -> list[Builder]:
    """Every registered output, in order."""
    return list(_BUILDERS.values())


def builder_names() -> list[str]:
    return list(_BUILDERS)


def get_builder(name: str) -> Builder:
    return _BUILDERS[name]


def file_kind(name: str) -> FileKind | None:
    """The registered file kind of this name (None for files the preflight skips)."""
    for builder in _BUILDERS.values():
        for kind in builder.files:
            if kind.name == name:
                return kind
    return None


def file_kind_of(path: str | PurePath) -> str:
    """What a written file is, from where it is (``print/posters/x.pdf`` → poster); "" for
    files no output registered (the preflight report)."""
    parts = PurePath(path).parts
    for variant in VARIANTS.values():
        folder = variant.folder.parts
        if folder and parts[: len(folder)] == folder:
            parts = parts[len(folder) :]
            break
    if not parts:
        return ""
    name = PurePath(*parts)
    # One per language (`booklet-lt.pdf`, `booklet-imposed-en.pdf`) is the same kind.
    plain = name.with_name(_LANGUAGE_SUFFIX.sub("", name.stem) + name.suffix)
    for candidate in (name, plain):
        for builder in _BUILDERS.values():
            for kind in builder.files:
                pattern = PurePath(kind.pattern)
                if len(parts) == len(pattern.parts) and candidate.match(kind.pattern):
                    return kind.name
    return ""


#: The language code a file made once per language ends its name with.
_LANGUAGE_SUFFIX = re.compile(r"-[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


@dataclass(frozen=True)
class Variant:
    """One form every output can be made in, and what makes it so."""

    name: str
    folder: Path
    """Where its files go, under output/."""
    summary: str
    pdf_standard: str | None = None
    """WeasyPrint's ``pdf_variant``: ``pdf/x-4`` (print), ``pdf/a-3b`` (archive)."""
    output_intent: str | None = None
    """The intent WeasyPrint writes (print: sRGB, replaced by the press profile)."""
    cmyk: bool = False
    """Colours converted to CMYK through the press profile."""
    tagged: bool = False
    """A tagged PDF (structure tree), as an archive needs."""
    attachments: bool = False
    """The exhibition's YAML files attached inside every PDF, with custom metadata."""
    press_sheets: bool = True
    """Sheets for cutting and folding: the imposed booklet and labels on cutting sheets
    (the archive keeps reading copies only: one card per page, no imposition)."""
    marks_beyond_trim: bool = False
    """Crop and fold marks off the trim on outputs that print on a larger sheet (the
    tri-fold handout at the print shop)."""

    def render_options(self) -> dict[str, Any]:
        """WeasyPrint options that act at layout time."""
        options: dict[str, Any] = {}
        if self.pdf_standard:
            options["pdf_variant"] = self.pdf_standard
        if self.output_intent:
            options["output_intent"] = self.output_intent
        if self.tagged:
            options["pdf_tags"] = True
        return options


#: The variant made when none is asked for: its files go straight into output/.
DEFAULT_VARIANT = "proof"

VARIANTS: dict[str, Variant] = {
    variant.name: variant
    for variant in (
        Variant("proof", Path(), "screen RGB, in output/"),
        Variant(
            "print",
            Path("print"),
            "PDF/X-4, CMYK, in output/print/",
            # WeasyPrint writes PDF/X-4 with an sRGB intent; the PDF's colours are then
            # converted to CMYK and the press profile put in its place.
            pdf_standard="pdf/x-4",
            output_intent="srgb",
            cmyk=True,
            marks_beyond_trim=True,
        ),
        Variant(
            "archive",
            Path("archive"),
            "PDF/A-3b with the YAML sources attached, in output/archive/",
            pdf_standard="pdf/a-3b",
            tagged=True,
            attachments=True,
            press_sheets=False,
        ),
    )
}


def get_variant(name: str) -> Variant:
    return VARIANTS[name]
