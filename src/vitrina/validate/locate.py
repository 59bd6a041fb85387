"""Translate pydantic's validation errors into located problems in a curator's words."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from vitrina.errors import Problem
from vitrina.load.yaml_source import FieldPath, SourceDocument
from vitrina.model.fields import models_in


def model_at(model: type[BaseModel], path: FieldPath) -> type[BaseModel] | None:
    """The model class describing the mapping at ``path`` (list indices skipped)."""
    current: type[BaseModel] | None = model
    for part in path:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        candidates = models_in(field.annotation)
        current = candidates[0] if candidates else None
    return current


def did_you_mean(word: str, choices: list[str]) -> str:
    """' — did you mean 'x'?' when a close choice exists, else a list of valid keys."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "valid keys here: " + ", ".join(sorted(choices))


def _dotted(path: FieldPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_PLAIN_MESSAGES = {
    "string_type": "expected text",
    "float_parsing": "expected a number",
    "float_type": "expected a number",
    "int_parsing": "expected a whole number",
    "int_type": "expected a whole number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list (lines starting with '- ')",
    "model_type": "expected a block of 'key: value' lines",
    "model_attributes_type": "expected a block of 'key: value' lines",
    "dict_type": "expected a block of 'key: value' lines",
    "date_from_datetime_parsing": "expected a date written YYYY-MM-DD",
    "date_parsing": "expected a date written YYYY-MM-DD",
    "date_type": "expected a date written YYYY-MM-DD",
    "tuple_type": "expected a pair of numbers such as [54.68, 25.28]",
}


def problems_from_validation(
    error: ValidationError, doc: SourceDocument, model: type[BaseModel], prefix: FieldPath = ()
) -> list[Problem]:
    """One located Problem per pydantic error, with a did-you-mean for unknown keys."""
    problems: list[Problem] = []
    for item in error.errors(include_url=False):
        loc: FieldPath = (*prefix, *item["loc"])
        kind = item["type"]
        field_name = _dotted(loc)
        if kind == "extra_forbidden":
            parent = model_at(model, tuple(item["loc"][:-1]))
            key = str(item["loc"][-1])
            hint = did_you_mean(key, list(parent.model_fields)) if parent else ""
            problems.append(
                Problem(f"unknown field '{key}' — {hint}", doc.locate_key(loc), field_name)
            )
        elif kind == "missing":
            problems.append(
                Problem(
                    f"the field '{loc[-1]}' is required here but missing",
                    doc.locate(loc[:-1]),
                    field_name,
                )
            )
        elif kind == "value_error":
            message = str(item["ctx"].get("error", item["msg"])) if "ctx" in item else item["msg"]
            problems.append(Problem(message, doc.locate(loc), field_name))
        elif kind == "literal_error":
            expected = item.get("ctx", {}).get("expected", "")
            problems.append(
                Problem(
                    f"{_short(item['input'])} is not allowed here; expected {expected}",
                    doc.locate(loc),
                    field_name,
                )
            )
        else:
            plain = _PLAIN_MESSAGES.get(kind, item["msg"][0].lower() + item["msg"][1:])
            problems.append(
                Problem(f"{plain}, got {_short(item['input'])}", doc.locate(loc), field_name)
            )
    return problems
