"""Places on a map: a marker at each (filled for a capital) and its name, with its date
and note, set where it collides least.

Names are placed most crowded first; when some find no clean place, the round is run
again with those first (a few rounds), and the round with the fewest failures is kept:
a greedy order alone strands the last town of a cluster.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Rect, String

from vitrina.draw import palette
from vitrina.draw.bilingual import SECOND_FONT, differs, own_words
from vitrina.draw.fonts import SANS, SANS_BOLD, text_width, wrap
from vitrina.draw.labels import Box, Segment, boxes_overlap, place
from vitrina.draw.projection import MapFrame
from vitrina.model.panels import MapPanel, Place

#: Rounds of name placement before the best one is kept.
ROUNDS = 4


@dataclass(frozen=True)
class _Text:
    """One line of a place's label."""

    text: str
    font: str
    size: float
    colour: str  # "ink", "red", "muted" or "second" (the second language's)
    leading: float = 1.12


def _radius(place_: Place, size: float) -> float:
    return size * (0.42 if place_.capital else 0.3)


def marker_boxes(panel: MapPanel, frame: MapFrame, size: float) -> list[Box]:
    """The box each place's marker covers, in the panel's order."""
    boxes: list[Box] = []
    for place_ in panel.places:
        x, y = frame.project(place_.lon, place_.lat)
        radius = _radius(place_, size)
        boxes.append((x - radius, y - radius, x + radius, y + radius))
    return boxes


def _in_order(panel: MapPanel) -> list[Place]:
    """Capitals first, then by name."""
    return sorted(panel.places, key=lambda p: (not p.capital, p.name))


def draw_markers(
    drawing: Drawing, panel: MapPanel, frame: MapFrame, size: float, grey: bool
) -> None:
    """A circle at each place, capitals filled."""
    ink = palette.color(palette.INK, grey)
    for place_ in _in_order(panel):
        x, y = frame.project(place_.lon, place_.lat)
        drawing.add(
            Circle(
                x,
                y,
                _radius(place_, size),
                fillColor=ink if place_.capital else palette.color(palette.PAPER),
                strokeColor=ink,
                strokeWidth=size * 0.1,
            )
        )


def draw_place_names(
    drawing: Drawing,
    panel: MapPanel,
    frame: MapFrame,
    size: float,
    grey: bool,
    taken: list[Box],
    texts: list[Box],
    markers: list[Box],
    hard: list[Segment],
    soft: list[Segment],
    bounds: Box,
    notes: list[tuple[str, bool]],
    seconds: tuple[tuple[str, MapPanel], ...] = (),
) -> list[Box]:
    """Each place's name beside its marker, clear of ``taken`` (and of the lines) where
    it can be; the boxes they cover (also added to ``taken``). ``texts`` are the boxes
    of words already set (names keep a little further from words than from symbols).
    ``seconds`` are the map in the exhibition's other languages: a place's name, date
    and note in them are set under its own where they differ."""
    others = _other_versions(panel, seconds)
    # Place the most crowded first; if some cannot be placed cleanly, try again with those
    # first (a few rounds), and keep the round with the fewest failures.
    order = sorted(
        _in_order(panel), key=lambda p: (not p.capital, -_neighbours(p, markers, frame, size))
    )
    best_round: list[tuple[Place, Box, list[_Text], float]] | None = None
    for _round in range(ROUNDS):
        taken_now = list(taken)
        texts_now = list(texts)
        placed = []
        for place_ in order:
            x, y = frame.project(place_.lon, place_.lat)
            choice = None
            for lines in _label_variants(place_, size, others.get(id(place_), [])):
                w = max(text_width(t.text, t.font, t.size) for t in lines)
                h = sum(t.size * t.leading for t in lines)
                box, cost = place(
                    x,
                    y,
                    w,
                    h,
                    size * 0.75,
                    taken_now,
                    hard,
                    bounds,
                    clearance=size * 0.6,
                    soft=soft,
                    texts=texts_now,
                )
                if choice is None or cost < choice[3]:
                    choice = (place_, box, lines, cost)
                if cost == 0:
                    break
            assert choice is not None
            placed.append(choice)
            taken_now.append(choice[1])
            texts_now.append(choice[1])
        failures = [p for p, _b, _l, cost in placed if cost > 0]
        if best_round is None or len(failures) < sum(c > 0 for *_r, c in best_round):
            best_round = placed
        if not failures:
            break
        order = failures + [p for p in order if p not in failures]
    assert best_round is not None
    colours = {
        "ink": palette.color(palette.INK, grey),
        "red": palette.color(palette.RED, grey),
        "muted": palette.color(palette.MUTED, grey),
        "second": palette.color(palette.SECOND, grey),
    }
    boxes: list[Box] = []
    # Clean names first; then each of the others is kept only if it covers no word,
    # marker or furniture (it may cross a line, on its halo), else left out and noted.
    for place_, box, lines, cost in sorted(best_round, key=lambda chosen: chosen[3] > 0):
        if cost > 0:
            covers = any(boxes_overlap(box, other) for other in taken)
            notes.append((f"the name '{place_.name}'", covers))
            if covers:
                continue
        taken.append(box)
        boxes.append(box)
        x, _y = frame.project(place_.lon, place_.lat)
        right_aligned = box[2] <= x
        anchor = "end" if right_aligned else ("middle" if box[0] < x < box[2] else "start")
        tx = box[2] if anchor == "end" else (x if anchor == "middle" else box[0])
        top = box[3]
        for line in lines:
            top -= line.size * line.leading
            _halo_string(
                drawing,
                tx,
                top + line.size * 0.23,
                line.text,
                line.font,
                line.size,
                colours[line.colour],
                anchor,
            )
    return boxes


def _other_versions(
    panel: MapPanel, seconds: tuple[tuple[str, MapPanel], ...]
) -> dict[int, list[tuple[str, Place]]]:
    """Each place (by identity) with its versions in the other languages; a version
    whose places do not match the panel's one for one is left out."""
    found: dict[int, list[tuple[str, Place]]] = {}
    for language, other in seconds:
        if not isinstance(other, MapPanel) or len(other.places) != len(panel.places):
            continue
        for place_, own in zip(panel.places, other.places, strict=True):
            found.setdefault(id(place_), []).append((language, own))
    return found


def _label_variants(
    place_: Place, size: float, others: Sequence[tuple[str, Place]] = ()
) -> list[list[_Text]]:
    """The place's label as lines: name, then date and note on one line or, narrower,
    on two, or narrower still wrapped to the name's width (each tried when the one
    before finds no clean place). A version in another language adds, in its italic,
    the name under the name and the date and note under the date and note, where they
    differ from the primary language's."""
    name_size = size * (1.15 if place_.capital else 1.0)
    font = SANS_BOLD if place_.capital else SANS
    names = [_Text(place_.name, font, name_size, "ink", 1.05)]
    names += [
        _Text(own_words(own.name, language), SECOND_FONT, name_size * 0.92, "second", 1.05)
        for language, own in others
        if differs(place_.name, own.name)
    ]
    detail_size = size * 0.78
    colour = "red" if place_.date else "muted"
    parts = [t for t in (place_.date, place_.note) if t]
    own_parts = [
        [
            own_words(t, language)
            for t, first in ((own.date, place_.date), (own.note, place_.note))
            if differs(first, t)
        ]
        for language, own in others
    ]
    own_parts = [p for p in own_parts if p]
    if not parts and not own_parts:
        return [names]

    def lines(texts: list[str], font: str, colour: str) -> list[_Text]:
        return [_Text(t, font, detail_size, colour) for t in texts]

    def one_line(texts: list[str]) -> list[str]:
        return [" · ".join(texts)] if texts else []

    name_w = max(text_width(t.text, t.font, t.size) for t in names)

    def wrapped(texts: list[str], font: str) -> list[str]:
        # Each part wrapped to about the name's width (at least half its own).
        return [
            line
            for t in texts
            for line in wrap(
                t, font, detail_size, max(name_w, text_width(t, font, detail_size) / 2)
            )
        ]

    variants = [
        [
            *names,
            *lines(one_line(parts), SANS, colour),
            *(t for own in own_parts for t in lines(one_line(own), SECOND_FONT, "second")),
        ]
    ]
    if len(parts) > 1 or any(len(own) > 1 for own in own_parts):
        variants.append(
            [
                *names,
                *lines(parts, SANS, colour),
                *(t for own in own_parts for t in lines(own, SECOND_FONT, "second")),
            ]
        )
    narrowest = [
        *names,
        *lines(wrapped(parts, SANS), SANS, colour),
        *(t for own in own_parts for t in lines(wrapped(own, SECOND_FONT), SECOND_FONT, "second")),
    ]
    if len(narrowest) > len(variants[-1]):
        variants.append(narrowest)
    return variants


def _neighbours(place_: Place, markers: list[Box], frame: MapFrame, size: float) -> int:
    """How many markers lie within a few label heights of this place."""
    x, y = frame.project(place_.lon, place_.lat)
    reach = size * 6
    return sum(
        abs((m[0] + m[2]) / 2 - x) < reach and abs((m[1] + m[3]) / 2 - y) < reach for m in markers
    )


def _halo_string(
    drawing: Drawing, x: float, y: float, text: str, font: str, size: float, colour, anchor: str
) -> None:  # noqa: ANN001
    """Text on a soft land-coloured patch so it stays legible over rivers, lakes and
    borders. (A stroked outline would be the usual halo, but WeasyPrint does not stroke
    SVG text, so the outline never printed.)"""
    width = text_width(text, font, size)
    left = x - width if anchor == "end" else (x - width / 2 if anchor == "middle" else x)
    pad = size * 0.12
    drawing.add(
        Rect(
            left - pad,
            y - size * 0.28,
            width + 2 * pad,
            size * 1.08,
            fillColor=palette.faded(palette.color(palette.LAND), 0.82),
            strokeColor=None,
        )
    )
    drawing.add(
        String(x, y, text, fontName=font, fontSize=size, textAnchor=anchor, fillColor=colour)
    )
