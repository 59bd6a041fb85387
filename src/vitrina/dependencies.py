"""What a job really read, noted where it is read (Sphinx's ``env.note_dependency``).

The build cache cannot rely on a hand-written list of each output's inputs: a curator's
stylesheet may ``@import`` another, a template may ``{% include %}`` a third, and an output
uses only some of the settings in exhibition.yaml. So the places that read a file (the URL
fetcher, the template loader, the stylesheet loader, image checks, the ICC profile) call
``note_file``, and the exhibition settings a job looks at are noted by ``TrackedSettings``
as they are read. ``recording()`` collects what one job noted; the cache stores it with the
digests of what was read and, next time, renders the job again only when one of them
changed.

A value computed once and kept for later jobs (a parsed stylesheet, a compiled template)
must note again what it was made from each time it is used: ``Memo`` does that.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass
class Reads:
    """The files (absolute paths, read or only looked for) and the exhibition settings
    (dotted paths such as ``posters.bleed_mm``) one job depended on."""

    files: set[str] = field(default_factory=set)
    settings: set[str] = field(default_factory=set)

    def add(self, other: Reads) -> None:
        self.files |= other.files
        self.settings |= other.settings


_current: ContextVar[Reads | None] = ContextVar("vitrina_reads", default=None)


def note_file(path: Path | str) -> None:
    """The job being recorded read ``path`` (or looked for it: a file that is missing now
    and appears later, such as a new template override, matters as much)."""
    reads = _current.get()
    if reads is not None:
        reads.files.add(str(path))


def note_setting(path: str) -> None:
    """The job being recorded used this exhibition setting (a dotted path; "" for all)."""
    reads = _current.get()
    if reads is not None:
        reads.settings.add(path)


@contextlib.contextmanager
def recording() -> Iterator[Reads]:
    """Collect what is noted inside the block; what an inner block notes is also noted by
    the block around it."""
    outer = _current.get()
    reads = Reads()
    token = _current.set(reads)
    try:
        yield reads
    finally:
        _current.reset(token)
        if outer is not None:
            outer.add(reads)


def replay(reads: Reads) -> None:
    """Note again what an earlier computation noted (its result is being reused)."""
    current = _current.get()
    if current is not None:
        current.add(reads)


class Memo(Generic[T]):
    """A cache of values that notes, on every use, what each value was made from."""

    def __init__(self) -> None:
        self._values: dict[Hashable, tuple[T, Reads]] = {}

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        if key not in self._values:
            with recording() as reads:
                value = make()
            self._values[key] = (value, reads)
            return value
        value, reads = self._values[key]
        replay(reads)
        return value


#: What pydantic keeps on a model's class rather than its instances (reading it through an
#: instance is deprecated since pydantic 2.11 and goes in 3.0): a view reads it there.
_CLASS_ATTRIBUTES = frozenset({"model_fields", "model_computed_fields"})


class TrackedSettings:
    """A read-only view of the exhibition's settings that notes each setting read.

    Reading a field gives its value and notes its dotted path; a field that is itself a
    group of settings (``posters``) gives another view, so ``posters.bleed_mm`` is noted
    and not the whole group. A property of the model is worked out through the view, so
    the fields it uses are noted. Anything else (a method, comparing, printing the group)
    notes the whole group: nothing is ever read without being noted. Views pass
    ``isinstance`` checks for the model they show.
    """

    __slots__ = ("_target", "_path")

    def __init__(self, target: Any, path: str = "") -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_path", path)

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # noqa: D105 - isinstance() sees the model's class
        return type(self._target)

    def __getattr__(self, name: str) -> Any:
        target = self._target
        derived = getattr(type(target), name, None)
        if isinstance(derived, property) and derived.fget is not None:
            return derived.fget(self)  # a value made from fields: note the fields it reads
        if name in _CLASS_ATTRIBUTES:
            note_setting(self._path)
            return derived
        value = getattr(target, name)
        fields = getattr(type(target), "model_fields", {})
        if name in fields:
            path = f"{self._path}.{name}" if self._path else name
            if hasattr(type(value), "model_fields"):
                return TrackedSettings(value, path)
            note_setting(path)
            return value
        note_setting(self._path)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("the exhibition's settings cannot be changed while building")

    def _whole(self) -> Any:
        note_setting(self._path)
        return self._target

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TrackedSettings):
            other = other._whole()
        return self._whole() == other

    def __hash__(self) -> int:
        return hash(self._whole())

    def __repr__(self) -> str:
        return repr(self._whole())

    def __str__(self) -> str:
        return str(self._whole())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._whole())


class remembered(Generic[T]):  # noqa: N801 - used as a decorator, like cached_property
    """Like ``functools.cached_property``, but each use notes again what the value was
    made from (a build context outlives the job that first asked for the value)."""

    def __init__(self, make: Callable[[Any], T]) -> None:
        self.make = make
        self.__doc__ = make.__doc__
        self.name = make.__name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> T:
        if instance is None:
            return self  # type: ignore[return-value]
        memo = instance.__dict__.setdefault("_remembered", Memo())
        return memo.get(self.name, lambda: self.make(instance))
