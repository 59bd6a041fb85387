"""Process-wide settings a command runs under, each scoped and put back afterwards.

Some speed-ups and guarantees need state that belongs to the whole Python process
(environment variables, the garbage collector, ReportLab's flags). No vitrina module
changes any of it when imported; the command line, the library's ``build`` and ``check``
and each worker process enter :func:`command_settings`, and the narrower settings are
entered where they are needed (fontconfig when WeasyPrint is first set up, ReportLab's
checks while drawing, SOURCE_DATE_EPOCH while a PDF is written). Leaving restores what
was there, so a program that uses vitrina as a library keeps its own settings.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Iterator

#: Objects allocated between two runs of Python's cycle collector while vitrina works
#: (Python's default: 700). Laying out a page allocates hundreds of thousands of small
#: objects, and with the default the collector keeps walking them all (and vitrina's
#: own): 6 % of an 80-page booklet's time. The price is a little memory on long documents
#: (bench/run.py, 120-page booklet: peak 257 MB before, 281 MB after; 80 pages: 208 MB
#: either way).
GC_THRESHOLD = 50_000


@contextlib.contextmanager
def environment(**values: str | None) -> Iterator[None]:
    """``os.environ`` entries set (or, with None, removed) for the block, then put back
    exactly as they were."""
    previous = {name: os.environ.get(name) for name in values}
    try:
        _set_environment(values)
        yield
    finally:
        _set_environment(previous)


def _set_environment(values: dict[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@contextlib.contextmanager
def gc_threshold(threshold: int = GC_THRESHOLD) -> Iterator[None]:
    """Python's cycle collector run less often in the block (never more often than it
    was), then as before."""
    previous = gc.get_threshold()
    if previous[0] < threshold:
        gc.set_threshold(threshold, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


@contextlib.contextmanager
def reportlab_unchecked() -> Iterator[None]:
    """ReportLab's check of every attribute set on a shape turned off in the block: a help
    while writing drawing code, half the time of drawing a map; vitrina's drawers are
    covered by tests. ReportLab reads ``RL_shapeChecking`` when first imported (its shape
    classes then have no checking hook at all); once imported, the flag is read at each
    assignment."""
    with environment(RL_shapeChecking="0"):
        config = sys.modules.get("reportlab.rl_config")
        previous = getattr(config, "shapeChecking", None)
        if config is not None:
            config.shapeChecking = 0
        try:
            yield
        finally:
            if config is not None:
                config.shapeChecking = previous


@contextlib.contextmanager
def command_settings() -> Iterator[None]:
    """What one vitrina command runs under, in its own process and in its workers:
    no search for pydantic plugins (vitrina uses none, and looking reads every installed
    package's metadata, a noticeable part of a build with nothing to do), the garbage
    collector less often, ReportLab unchecked. Entering it again inside is harmless."""
    plugins = os.environ.get("PYDANTIC_DISABLE_PLUGINS", "__all__")
    with (
        environment(PYDANTIC_DISABLE_PLUGINS=plugins),
        gc_threshold(),
        reportlab_unchecked(),
    ):
        yield
