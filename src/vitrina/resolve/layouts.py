"""The layout search path: the exhibition's own `layouts/` first, then vitrina's built-in set.

Like MkDocs' custom_dir: a curator overrides one template or stylesheet by putting a
file of the same name in their `layouts/` folder. An override can still extend the file it
replaces through the `builtin/` prefix, e.g. `{% extends "builtin/poster.html" %}` (the
Pelican trick with a PrefixLoader).

Layouts are code, and an exhibition folder may come from someone else, so templates run
in Jinja2's immutable sandbox (no Python internals, no changing vitrina's data, no file
or module reachable through a value), and every template and stylesheet is read through
the containment rule of ``vitrina.paths``: a link that leads outside the
exhibition folder is refused with the file named.
"""

from __future__ import annotations

import io
import os
import re
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from vitrina.deadline import time_limit
from vitrina.dependencies import note_file
from vitrina.errors import BuildError, Location
from vitrina.paths import BUILTIN_LAYOUTS, OutsideError, contained, relative_name
from vitrina.resolve.typography import typographic

LAYOUTS_DIR = "layouts"

#: What a template may read from a file path value: its name, never its contents.
_PATH_ATTRIBUTES = frozenset({"name", "stem", "suffix", "suffixes", "parts", "as_posix"})

#: Jinja's own globals that stay available; ``lipsum`` is left out (unbounded text).
_JINJA_GLOBALS = ("range", "dict", "namespace", "cycler", "joiner")


#: Longest text or list a template may make with ``*``, and the largest ``**`` result:
#: far above any page, far below what would exhaust memory.
MAX_REPEAT = 1_000_000
#: Longest a template may take to render; real ones take well under a second.
TEMPLATE_SECONDS = 20.0


class TemplateTimeout(Exception):
    """A template ran for longer than TEMPLATE_SECONDS (a loop in a loop in a loop…)."""


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, also closed to files, modules and classes.

    The stock sandbox already refuses ``_``-names and Python internals; on top of that
    a value that is a path may only give its name (``path.read_text()`` or
    ``path.joinpath('/etc/passwd')`` would reach the machine's files), no attribute may
    hand a template a module, a class or an open file, and ``*`` and ``**`` cannot make
    values large enough to exhaust memory.
    """

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(times, int)
                if sized and len(seq) * times > MAX_REPEAT:
                    raise SecurityError(f"'*' would make more than {MAX_REPEAT:,} items")
        elif operator == "**" and isinstance(right, int | float) and abs(right) > 100:
            raise SecurityError("'**' with an exponent above 100")
        return super().call_binop(context, operator, left, right)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, PurePath):
            return attr in _PATH_ATTRIBUTES
        if isinstance(obj, types.ModuleType | io.IOBase):
            return False
        return not isinstance(value, type | types.ModuleType | io.IOBase)


def _nothing_for_none(value: Any) -> Any:
    """What ``{{ value }}`` prints: an optional field left out prints nothing, never 'None'
    (a curator's own template need not guard every optional field)."""
    return "" if value is None else value


def _printed(language: str | None) -> Callable[[Any], Any]:
    """What ``{{ value }}`` prints: nothing for None, and every plain text (a title, a
    caption, a name: fields that are not Markdown) with the language's quotation marks,
    apostrophes and unbreakable dates. HTML already made (Markdown) keeps its own, and a
    word that looks like a file name or an address is left exactly as it is."""

    def printed(value: Any) -> Any:
        if value is None:
            return ""
        if type(value) is str and not _LOOKS_LIKE_A_PATH.fullmatch(value):
            return typographic(value, language)
        return value

    return printed


def in_language(value: Any, language: str) -> Any:
    """``{{ text | typographic(code) }}``: a plain text in another language than the
    document's (a bilingual poster's second) with that language's quotation marks and
    unbreakable dates, as HTML, so the document's own (``_printed``) leave it alone."""
    if value is None:
        return ""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    if _LOOKS_LIKE_A_PATH.fullmatch(value):
        return value
    return Markup(escape(typographic(value, language)))


#: One word with a slash, a dot or a colon in it: an image's path, an address, an id.
_LOOKS_LIKE_A_PATH = re.compile(r"[^\s]*[/.:#][^\s]*")


@dataclass(frozen=True)
class _Folder:
    """One folder of the search path and the folder its files must resolve inside."""

    path: Path
    boundary: Path
    shown_from: Path  # messages name files relative to this


class _ContainedLoader(jinja2.BaseLoader):
    """Like FileSystemLoader, but a file whose links lead out of its boundary is refused.

    Every file looked at is noted as a dependency of the job being rendered, each time the
    template is used (also when Jinja reuses it compiled): the one found, and the ones
    looked for first, so that a new override in `layouts/` renders the job again."""

    def __init__(self, folders: list[_Folder], watched: list[Path] | None = None):
        self.folders = folders
        self.watched = watched or []

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses '..' with TemplateNotFound
        looked = [folder.joinpath(*pieces) for folder in self.watched]
        for path in looked:
            note_file(path)
        for folder in self.folders:
            candidate = folder.path.joinpath(*pieces)
            looked.append(candidate)
            note_file(candidate)
            if not os.path.lexists(candidate):
                continue
            shown = relative_name(candidate, folder.shown_from)
            real = contained(candidate, folder.boundary, shown)
            if not real.is_file():
                continue
            try:
                source = real.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise BuildError(
                    "this layout file is not UTF-8 text",
                    Location(shown),
                    hint="save it as UTF-8 in your text editor",
                ) from None
            return source, str(candidate), _unchanged(real, looked)
        raise jinja2.TemplateNotFound(template)


def _unchanged(path: Path, looked: list[Path]) -> Callable[[], bool]:
    """Jinja's up-to-date check for a template read from ``path`` after looking at the
    ``looked`` files; Jinja asks it each time it reuses the compiled template, which is
    when those files are noted again for the job at hand."""
    mtime = path.stat().st_mtime

    def check() -> bool:
        for candidate in looked:
            note_file(candidate)
        try:
            return path.stat().st_mtime == mtime
        except OSError:
            return False

    return check


@dataclass
class Layouts:
    """The ordered folders templates and stylesheets are looked up in."""

    folders: list[Path]
    root: Path | None = None  # the exhibition folder, which custom layouts must stay in
    _boundaries: dict[Path, Path] = field(default_factory=dict, repr=False)

    @classmethod
    def for_exhibition(cls, root: Path) -> Layouts:
        """The search path of the exhibition in ``root``; OutsideError if its `layouts/`
        folder is a link leading out of it."""
        root = Path(os.path.realpath(root))
        folders = []
        custom = root / LAYOUTS_DIR
        if os.path.lexists(custom):
            contained(custom, root, Path(LAYOUTS_DIR))
            if custom.is_dir() and custom.resolve() != BUILTIN_LAYOUTS.resolve():
                folders.append(custom)
        folders.append(BUILTIN_LAYOUTS)
        return cls(folders, root)

    def _folder(self, path: Path) -> _Folder:
        if path == BUILTIN_LAYOUTS or self.root is None:
            return _Folder(path, path, path.parent)
        return _Folder(path, self.root, self.root)

    @property
    def _watched(self) -> list[Path]:
        """The exhibition's `layouts/` folder when it is not on the search path (it does
        not exist yet): an override put there later must still be noticed."""
        if self.root is None or (self.root / LAYOUTS_DIR) in self.folders:
            return []
        return [self.root / LAYOUTS_DIR]

    def find(self, name: str) -> Path:
        """The first file called ``name`` on the search path, links followed and checked
        to stay inside the exhibition folder (or vitrina's own layouts). The files looked
        at are noted as dependencies of the job being rendered."""
        pieces = split_template_path(name)
        for path in self._watched:
            note_file(path.joinpath(*pieces))
        for path in self.folders:
            folder = self._folder(path)
            candidate = folder.path.joinpath(*pieces)
            note_file(candidate)
            if not os.path.lexists(candidate):
                continue
            shown = relative_name(candidate, folder.shown_from)
            real = contained(candidate, folder.boundary, shown)
            if real.is_file():
                return real
        raise BuildError(
            f"the layout file '{name}' was not found in "
            + " or ".join(str(f) for f in self.folders),
            hint="restore it, or remove the override that refers to it",
        )

    def environment(self, language: str | None = None) -> jinja2.Environment:
        """A sandboxed Jinja2 environment over the search path, autoescaping everything;
        with a ``language``, printed text gets its typography (``_printed``)."""
        loader = jinja2.ChoiceLoader(
            [
                _ContainedLoader([self._folder(f) for f in self.folders], self._watched),
                jinja2.PrefixLoader({"builtin": _ContainedLoader([self._folder(BUILTIN_LAYOUTS)])}),
            ]
        )
        env = _Sandbox(
            loader=loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            finalize=_printed(language) if language else _nothing_for_none,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        defaults = env.globals
        env.globals = {name: defaults[name] for name in _JINJA_GLOBALS if name in defaults}
        env.layout_root = self.root  # type: ignore[attr-defined] # for error locations
        return env


def _template_location(env: jinja2.Environment, exc: BaseException) -> Location | None:
    """The template file and line the error was raised at (the innermost template frame).

    Jinja rewrites a rendering error's traceback so that template code shows as frames
    whose file name is the template's and whose line is the template's line.
    """
    found: Location | None = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.endswith((".py", ".pyc")) and not filename.startswith("<"):
            found = Location(_shown(env, Path(filename)), tb.tb_lineno)
        tb = tb.tb_next
    return found


def _shown(env: jinja2.Environment, path: Path) -> Path:
    root = getattr(env, "layout_root", None)
    if root is not None and path.is_relative_to(root):
        return path.relative_to(root)
    if path.is_relative_to(BUILTIN_LAYOUTS):
        return Path("builtin") / path.relative_to(BUILTIN_LAYOUTS)
    return path


def render_template(env: jinja2.Environment, name: str, context: dict) -> str:
    """Render a template; a broken, missing or unsafe template becomes a located BuildError."""
    try:
        with time_limit(TEMPLATE_SECONDS, TemplateTimeout):
            return env.get_template(name).render(**context)
    except TemplateTimeout as exc:
        raise BuildError(
            f"the layout template ran for more than {TEMPLATE_SECONDS:g} s and was stopped",
            _template_location(env, exc),
            hint="look for loops inside loops over large ranges in your template override",
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(
            f"the layout template has an error: {exc.message}",
            Location(_shown(env, Path(exc.filename or exc.name or name)), exc.lineno),
            hint="fix the template, or delete it to use vitrina's built-in one",
        ) from None
    except SecurityError as exc:
        raise BuildError(
            f"the layout template tried something templates may not do: {exc}",
            _template_location(env, exc),
            hint="templates may only use the names and filters vitrina provides "
            "(see 'Layouts' in the README); they cannot run Python or open files",
        ) from None
    except OutsideError as exc:
        where = _template_location(env, exc)
        raise BuildError(exc.reason, where or exc.location, hint=exc.hint) from None
    except jinja2.TemplateNotFound as exc:
        raise BuildError(
            f"the layout template '{exc.name}' was not found on the layout search path "
            "(the exhibition's layouts/ folder, then vitrina's built-in layouts)",
            _template_location(env, exc),
            hint="restore it, or remove the override that refers to it; a template can "
            "only include files from layouts/ (no '..', no absolute paths)",
        ) from None
    except jinja2.UndefinedError as exc:
        raise BuildError(
            f"the layout template '{name}' uses something vitrina does not provide: {exc}",
            _template_location(env, exc),
            hint="check the names used in your template override",
        ) from None
    except BuildError:
        raise
    except (ArithmeticError, TypeError, ValueError, LookupError, RecursionError) as exc:
        where = _template_location(env, exc)
        if where is None:
            raise
        raise BuildError(
            f"the layout template failed: {type(exc).__name__}: {exc}",
            where,
            hint="fix the template, or delete it to use vitrina's built-in one",
        ) from None
