"""Walking the models' field annotations, for the reference generator (which documents
every nested model) and for validation messages (which model a YAML path lands in)."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel


def models_in(annotation: Any) -> list[type[BaseModel]]:
    """Every model class reachable through Optional, list, tuple and unions."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return models_in(typing.get_args(annotation)[0])
    if origin in (list, tuple, dict, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found.extend(models_in(arg))
    return found
