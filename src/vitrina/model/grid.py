"""Where cards sit on a sheet: pure geometry in mm from the `labels:` settings, shared by
validation (does a card fit at all?), the labels builder and the sheet finisher, so it
lives with the model below all three."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from vitrina.model.common import PageSize, parse_page_size


@dataclass(frozen=True)
class CardGrid:
    """How cards of one size sit on a sheet (all in mm)."""

    sheet_width: float
    sheet_height: float
    card_width: float
    card_height: float
    columns: int
    rows: int
    gutter: float

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def left(self) -> float:
        used = self.columns * self.card_width + (self.columns - 1) * self.gutter
        return (self.sheet_width - used) / 2

    @property
    def top(self) -> float:
        used = self.rows * self.card_height + (self.rows - 1) * self.gutter
        return (self.sheet_height - used) / 2

    def card_origin(self, index: int) -> tuple[float, float]:
        """Lower-left corner (mm, from the sheet's lower left) of card ``index`` on a sheet,
        filled row by row from the top left."""
        row, column = divmod(index, self.columns)
        x = self.left + column * (self.card_width + self.gutter)
        y_top = self.top + row * (self.card_height + self.gutter)
        return x, self.sheet_height - y_top - self.card_height

    def cut_lines(self, count: int | None = None) -> tuple[list[float], list[float]]:
        """The x positions of vertical cuts and y positions of horizontal cuts (mm) around
        the first ``count`` cards of a sheet (all of them by default): a part-filled last
        sheet has no cuts, and so no marks, around its empty places."""
        xs: set[float] = set()
        ys: set[float] = set()
        for index in range(self.per_sheet if count is None else min(count, self.per_sheet)):
            x, y = self.card_origin(index)
            xs |= {x, x + self.card_width}
            ys |= {y, y + self.card_height}
        return sorted(xs), sorted(ys)


def plan_grid(
    sheet_mm: tuple[float, float],
    card_mm: tuple[float, float],
    gutter_mm: float,
    margin_mm: float,
) -> CardGrid | None:
    """The grid that fits the most cards, trying the sheet both ways round (portrait
    first on a tie); None when not even one card fits inside the margins."""
    best: CardGrid | None = None
    short, long = sorted(sheet_mm)
    for width, height in ((short, long), (long, short)):
        columns = int((width - 2 * margin_mm + gutter_mm + 1e-9) // (card_mm[0] + gutter_mm))
        rows = int((height - 2 * margin_mm + gutter_mm + 1e-9) // (card_mm[1] + gutter_mm))
        if columns < 1 or rows < 1:
            continue
        grid = CardGrid(width, height, card_mm[0], card_mm[1], columns, rows, gutter_mm)
        if best is None or grid.per_sheet > best.per_sheet:
            best = grid
    return best


class CardSheetSettings(Protocol):
    """What the exhibition's `labels:` settings say about cards and sheets."""

    size: str
    sheet: str
    gutter_mm: float
    margin_mm: float


def label_grid(settings: CardSheetSettings) -> tuple[PageSize, PageSize, CardGrid | None]:
    """The card size, the sheet size and the grid of the `labels:` settings (None when a
    card does not fit its sheet), for validation and the labels builder alike."""
    card = parse_page_size(settings.size)
    sheet = parse_page_size(settings.sheet)
    grid = plan_grid(
        (sheet.width_mm, sheet.height_mm),
        (card.width_mm, card.height_mm),
        settings.gutter_mm,
        settings.margin_mm,
    )
    return card, sheet, grid
