"""The layout search path: the exhibition's own `layouts/` first, then vitrina's built-in set.

Like MkDocs' custom_dir: a curator overrides one template or stylesheet by putting a
file of the same name in their `layouts/` folder. An override can still extend the file it
replaces through the `builtin/` prefix, e.g. `{% extends "builtin/poster.html" %}` (the
Pelican trick with a PrefixLoader).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from vitrina.errors import BuildError, Location
from vitrina.resolve.paths import BUILTIN_LAYOUTS

LAYOUTS_DIR = "layouts"


@dataclass
class Layouts:
    """The ordered folders templates and stylesheets are looked up in."""

    folders: list[Path]

    @classmethod
    def for_exhibition(cls, root: Path) -> Layouts:
        folders = []
        custom = root / LAYOUTS_DIR
        if custom.is_dir() and custom.resolve() != BUILTIN_LAYOUTS.resolve():
            folders.append(custom)
        folders.append(BUILTIN_LAYOUTS)
        return cls(folders)

    def find(self, name: str) -> Path:
        """The first file called ``name`` on the search path."""
        for folder in self.folders:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        raise BuildError(
            f"the layout file '{name}' was not found in "
            + " or ".join(str(f) for f in self.folders),
            hint="restore it, or remove the override that refers to it",
        )

    def environment(self) -> jinja2.Environment:
        """A Jinja2 environment over the search path, autoescaping everything."""
        loader = jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader([str(f) for f in self.folders]),
                jinja2.PrefixLoader({"builtin": jinja2.FileSystemLoader(str(BUILTIN_LAYOUTS))}),
            ]
        )
        return jinja2.Environment(
            loader=loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )


def render_template(env: jinja2.Environment, name: str, context: dict) -> str:
    """Render a template; a broken or missing template becomes a located BuildError."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(
            f"the layout template has an error: {exc.message}",
            Location(Path(exc.filename or exc.name or name), exc.lineno),
            hint="fix the template, or delete it to use vitrina's built-in one",
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise BuildError(
            f"the layout template '{exc.name}' was not found",
            hint="restore it, or remove the override that refers to it",
        ) from None
    except jinja2.UndefinedError as exc:
        raise BuildError(
            f"the layout template '{name}' uses something vitrina does not provide: {exc}",
            hint="check the names used in your template override",
        ) from None
