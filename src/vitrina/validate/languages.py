"""Text given per language: `title: {lt: "…", en: "…"}` beside plain `title: "…"`.

An exhibition in several languages (`languages: [lt, en]`, the first the primary one)
may give any text field as a mapping from language code to text; a plain string is the
primary language's text. Here the raw YAML data is read before the model sees it:

* ``localise`` makes one copy of a file's data per language, each mapping replaced by
  that language's text, so the model validates (and locates errors in) every language's
  version exactly as it validates a one-language exhibition;
* ``translation_problems`` finds a mapping with a language the exhibition does not have
  or in a field that is not text (errors), and a text visitors read that is missing in a
  language (a warning: the primary language's words are printed in its place, and
  `--strict` refuses that). Names of people, places and works are not translated unless
  given per language, so a plain name is no gap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from vitrina.errors import Problem
from vitrina.load.yaml_source import FieldPath, SourceDocument
from vitrina.model.fields import models_in

#: A BCP 47 language code as the exhibition writes it: `lt`, `en`, `en-GB`, `sr-Latn`.
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")

#: Text fields visitors read: missing in a language, they are reported.
PROSE: dict[str, frozenset[str]] = {
    "Exhibition": frozenset({"title", "subtitle", "intro", "colophon", "sources_note"}),
    "BookletSettings": frozenset({"title"}),
    "PanelBase": frozenset({"title", "eyebrow", "lede", "summary", "body"}),
    "Quote": frozenset({"text", "attribution"}),
    "Person": frozenset({"role", "note"}),
    "RosterPanel": frozenset({"group_title"}),
    "CaptionItem": frozenset({"title", "caption", "alt", "placeholder"}),
    "MapPanel": frozenset({"caption"}),
    "MapLine": frozenset({"name", "label"}),
    "MapLayer": frozenset({"name"}),
    "MapLegend": frozenset({"places", "capitals", "borders"}),
    "Place": frozenset({"note"}),
    "TimelineEvent": frozenset({"title", "text"}),
    "Bar": frozenset({"label", "group", "note"}),
    "ChartPanel": frozenset({"unit", "caption"}),
}
#: Names and credits: they may be given per language, but a plain one is no gap.
NAMES: dict[str, frozenset[str]] = {
    "Exhibition": frozenset({"organisation", "curators", "venue"}),
    "Person": frozenset({"name", "other_names"}),
    "CaptionItem": frozenset({"date", "credit", "rights"}),
    "MapPanel": frozenset({"credit"}),
    "Place": frozenset({"name", "date"}),
    "MapLabel": frozenset({"text"}),
    "Bar": frozenset({"date"}),
    "Source": frozenset(
        {
            "authors",
            "editors",
            "title",
            "container",
            "edition",
            "volume",
            "issue",
            "publisher",
            "place",
            "year",
            "month",
            "pages",
            "language",
            "note",
        }
    ),
}


def _role(model: type[BaseModel], name: str) -> str | None:
    """`prose`, `name`, or None for a field that is not text (a key, a path, a date code)."""
    for cls in model.__mro__:
        if name in PROSE.get(cls.__name__, ()):
            return "prose"
        if name in NAMES.get(cls.__name__, ()):
            return "name"
    return None


def is_language_key(key: object) -> bool:
    """Whether a mapping key is a language code (`lt`, `en-GB`)."""
    return isinstance(key, str) and bool(LANGUAGE_CODE.match(key))


def declared_languages(data: Any) -> list[str]:
    """The languages an exhibition.yaml declares, read from its raw data (the model checks
    them properly): `languages: [lt, en]`, else `language: lt`, else English."""
    if isinstance(data, dict):
        listed = data.get("languages")
        if isinstance(listed, list) and listed and all(isinstance(x, str) for x in listed):
            return list(dict.fromkeys(listed))
        single = data.get("language")
        if isinstance(single, str) and single:
            return [single]
    return ["en"]


def is_translation(value: Any, languages: list[str]) -> bool:
    """Whether a YAML mapping is a text given per language (`{lt: …, en: …}`): its keys
    are language codes, one at least of the exhibition's, and its values text."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and LANGUAGE_CODE.match(k) for k in value)
        and any(k in languages for k in value)
        and all(isinstance(v, str | int | float) or v is None for v in value.values())
    )


def pick(value: dict[str, Any], language: str, languages: list[str]) -> Any:
    """A mapping's text in ``language``, else in the primary language, else the first."""
    for code in (language, languages[0]):
        if value.get(code) not in (None, ""):
            return value[code]
    return next((v for v in value.values() if v not in (None, "")), "")


def localise(data: Any, language: str, languages: list[str]) -> Any:
    """A copy of raw YAML data with every per-language mapping replaced by its text in
    ``language`` (the primary language's where that one is missing)."""
    if is_translation(data, languages):
        return pick(data, language, languages)
    if isinstance(data, dict):
        return {key: localise(value, language, languages) for key, value in data.items()}
    if isinstance(data, list):
        return [localise(item, language, languages) for item in data]
    return data


def _model_of(annotation: Any) -> type[BaseModel] | None:
    found = models_in(annotation)
    return found[0] if found else None


def _leaves(
    model: type[BaseModel], data: Any, languages: list[str], path: FieldPath = ()
) -> Iterator[tuple[FieldPath, str | None, Any]]:
    """Every value of ``data`` that is not a block of the model: its path, its role
    (`prose`, `name` or None) and the value (a string, a per-language mapping…)."""
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        field = model.model_fields.get(key) if isinstance(key, str) else None
        if field is None:
            continue  # an unknown key: the model says so
        role = _role(model, key)
        inner = _model_of(field.annotation)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            where = (*path, key) if index is None else (*path, key, index)
            if inner is not None and isinstance(item, dict) and not is_translation(item, languages):
                yield from _leaves(inner, item, languages, where)
            else:
                yield where, role, item


def _language_name(code: str) -> str:
    from vitrina.i18n.formats import locale_of

    locale = locale_of(code)
    name = locale.languages.get(code.split("-")[0]) if locale else None
    english = locale_of("en").languages.get(code.split("-")[0])
    return f"{english or name or code} ({code})"


def translation_problems(
    doc: SourceDocument,
    model: type[BaseModel],
    languages: list[str],
    prefix: FieldPath = (),
    data: Any = None,
) -> list[Problem]:
    """Per-language mistakes in one file (or in ``data`` at ``prefix`` in it): a language
    the exhibition does not have, a mapping where no text goes (errors), a text missing
    in a language (warnings)."""
    from vitrina.validate.limits import field_name

    problems: list[Problem] = []
    primary = languages[0]
    data = doc.data if data is None else data
    for path, role, value in _leaves(model, data, languages, prefix):
        name = field_name(path)
        if is_translation(value, languages):
            for code in value:
                if code not in languages:
                    problems.append(
                        Problem(
                            f"'{code}' is not one of the exhibition's languages "
                            f"({', '.join(languages)}); add it to 'languages' in "
                            "exhibition.yaml or remove this text",
                            doc.locate_key((*path, code)),
                            f"{name}.{code}",
                        )
                    )
            if role is None:
                problems.append(
                    Problem(
                        "this field is not text to translate; give one value, not one per language",
                        doc.locate(path),
                        name,
                    )
                )
                continue
            missing = [c for c in languages if value.get(c) in (None, "")]
        elif isinstance(value, str) and role == "prose":
            missing = languages[1:]
        else:
            continue
        if role != "prose" or not missing:
            continue
        given = primary if primary not in missing else next(iter(value), primary)
        problems.append(
            Problem(
                "no "
                + " or ".join(_language_name(c) for c in missing)
                + f" text here; the {_language_name(given)} text is printed in its place. "
                "Give the field per language, such as "
                + "{"
                + ", ".join(f'{c}: "…"' for c in languages)
                + "}",
                doc.locate(path),
                name,
                severity="warning",
            )
        )
    return problems


class LanguageDocument:
    """A file seen in one language: locations of a per-language text point at that
    language's value, so an error in the English of a title names the English line."""

    def __init__(self, doc: SourceDocument, language: str):
        self._doc = doc
        self._language = language
        self.path = doc.path

    def locate(self, path: FieldPath) -> Any:
        own = (*path, self._language)
        if own in self._doc.marks:
            return self._doc.marks[own]
        return self._doc.locate(path)

    def locate_key(self, path: FieldPath) -> Any:
        own = (*path, self._language)
        if own in self._doc.marks:
            return self._doc.marks[own]
        return self._doc.locate_key(path)
