"""One small module per output. Each turns the validated exhibit into files with
``build(context, panel) -> list[Output]`` and is registered here, once, with the jobs it
plans, what they read and the preflight's limits for its files (see ``registry``). A new
output is one new module and one ``register`` call.

Modules are named, not imported: importing this package loads no drawing or layout code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vitrina.builders.registry import Builder, FileKind, Limits, register

if TYPE_CHECKING:
    from vitrina.model.exhibit import Exhibit, PanelEntry


def _poster_series(exhibit: Exhibit) -> str:
    """A poster's title size is shared by its series: every panel's title and size."""
    return "|".join(f"{e.panel.title}:{e.panel.poster!r}" for e in exhibit.panels)


def _panels_with_objects(exhibit: Exhibit) -> list[PanelEntry]:
    return [entry for entry in exhibit.panels if getattr(entry.panel, "items", None)]


# Poster type scales with the paper (the figure is for A1, read from about half a metre
# for its smallest print); the others are read in the hand.
register(
    Builder(
        "posters",
        "vitrina.builders.posters:build",
        files=(
            FileKind(
                "poster",
                "posters/*.pdf",
                Limits(12.0, 150, "a poster's smallest print, read from half a metre"),
                scales_with_paper=True,
            ),
        ),
        per_panel=True,
        shared=_poster_series,
        summary="one poster per panel",
    )
)
register(
    Builder(
        "booklet",
        "vitrina.builders.booklet:build",
        files=(
            FileKind("booklet", "booklet.pdf", Limits(5.5, 300, "small print in a booklet")),
            FileKind("imposed", "booklet-imposed.pdf"),
        ),
        expected_seconds=8.0,
        summary="the A5 booklet and its imposed sheets",
    )
)
register(
    Builder(
        "labels",
        "vitrina.builders.labels:build",
        files=(
            FileKind(
                "labels",
                "labels.pdf",
                Limits(10.0, 300, "text on an object label"),
                one_paper_size=True,
            ),
            FileKind("label", "labels/*.pdf"),
        ),
        panels=_panels_with_objects,
        summary="object labels on cutting sheets and one by one",
    )
)
register(
    Builder(
        "handout",
        "vitrina.builders.handout:build",
        files=(FileKind("handout", "handout.pdf", Limits(5.5, 300, "small print in a handout")),),
        uses_grey=True,
        expected_seconds=4.0,
        summary="the visitor handout",
    )
)
