"""Object labels: one card per captions item, n-up on sheets with cut marks
(`labels.pdf`) and one PDF per card (`labels/<panel>-<n>.pdf`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vitrina.builders.base import BuildContext
from vitrina.errors import BuildError
from vitrina.finish.sheets import cards_on_sheets, single_pages
from vitrina.model.exhibit import PanelEntry
from vitrina.model.grid import label_grid
from vitrina.model.panels import CaptionItem, PanelBase
from vitrina.output import Note, NoteKind, Output
from vitrina.resolve.layouts import render_template

#: Margin inside each card, as a share of its short side, and never under the 5 mm safe
#: zone that keeps text clear of an imprecise cut.
CARD_MARGIN_SHARE = 0.065
SAFE_ZONE_MM = 5.0
#: No text on a label is set smaller than this (pt).
FLOOR_PT = 10.0
#: Each fitting step shrinks an overlong label's type by this factor.
FIT_STEP = 0.92
#: The body size in the settings is for a card this tall (mm); others scale with it.
REFERENCE_CARD_MM = 105.0


@dataclass(frozen=True)
class Label:
    """One captions item on its own card."""

    id: str
    entry: PanelEntry
    index: int
    item: CaptionItem

    @property
    def panel(self) -> PanelBase:
        return self.entry.panel


def labels_of(context: BuildContext) -> list[Label]:
    """Every captions item of every panel, in the exhibition's order."""
    labels = []
    for entry in context.exhibit.panels:
        for index, item in enumerate(getattr(entry.panel, "items", [])):
            labels.append(Label(f"{entry.id}-{index + 1}", entry, index, item))
    return labels


def _type_css(label_id: str, body_pt: float) -> str:
    small = max(FLOOR_PT, body_pt * 0.8)
    return f"#label-{label_id} {{ font-size: {body_pt:.2f}pt; --small: {small:.2f}pt; }}\n"


def _overflowing(document: Any) -> list[str]:
    """Ids of labels that ran onto a second card (their anchor shows on several pages)."""
    pages_of: dict[str, int] = {}
    for page in document.pages:
        for key in page.anchors:
            if key.startswith("label-"):
                pages_of[key[len("label-") :]] = pages_of.get(key[len("label-") :], 0) + 1
    return [key for key, count in pages_of.items() if count > 1]


def build(context: BuildContext, panel: PanelEntry | None = None) -> list[Output]:
    """Every object's label, on cutting sheets and one by one (one job: ``panel`` is None)."""
    labels = labels_of(context)
    if not labels:
        return []
    settings = context.exhibit.exhibition.labels
    card, sheet, grid = label_grid(settings)
    assert grid is not None, "validation checks that a card fits its sheet"
    margin = max(SAFE_ZONE_MM, CARD_MARGIN_SHARE * min(card.width_mm, card.height_mm))
    start_pt = max(
        FLOOR_PT, settings.body_pt * min(card.width_mm, card.height_mm) / REFERENCE_CARD_MM
    )
    sizes = {label.id: start_pt for label in labels}
    page_css = context.session.css_string(
        f"@page {{ size: {card.css}; margin: {margin:.1f}mm; }}\n"
        f".label {{ height: {card.height_mm - 2 * margin - 0.5:.1f}mm; }}\n"
    )
    stylesheets = [*context.stylesheets("base.css", "labels.css"), page_css]
    while True:
        type_css = "".join(_type_css(key, pt) for key, pt in sizes.items())
        html = render_template(
            context.env,
            "labels.html",
            {**context.template_context(), "labels": labels},
        )
        document = context.session.render(
            html, [*stylesheets, context.session.css_string(type_css)], **context.render_options
        )
        over = _overflowing(document)
        if not over and len(document.pages) == len(labels):
            break
        stuck = [key for key in over if sizes[key] <= FLOOR_PT + 1e-6]
        if stuck:
            label = next(item for item in labels if item.id == stuck[0])
            words = len(label.item.caption.split())
            raise BuildError(
                f"the label for '{label.item.title}' does not fit on a {card.name} card even "
                f"with its text at {FLOOR_PT:g} pt (its caption has {words} words)",
                label.entry.doc.locate(("items", label.index, "caption")),
                hint="shorten the caption (labels read best under 75 words) or choose a "
                "larger labels: size in exhibition.yaml",
            )
        if not over:  # a page count off with nothing overflowing: shrinking cannot help
            raise BuildError(
                f"the labels made {len(document.pages)} pages for {len(labels)} labels; "
                "a label template must make exactly one page per label",
                hint="check the labels.html and labels.css overrides in layouts/, if any",
            )
        for key in over:
            sizes[key] = max(FLOOR_PT, sizes[key] * FIT_STEP)
    pdf = context.write_pdf(document, f"labels:{context.exhibit.exhibition.title}")
    fitted = [key for key, pt in sizes.items() if pt < start_pt]
    notes = [Note(f"{grid.per_sheet} {card.name} labels per {sheet.name} sheet")]
    if fitted:
        notes.append(Note(f"type fitted down on {', '.join(fitted)}", NoteKind.FITTED))
    if not context.variant_spec.press_sheets:
        return _archive_outputs(context, document, pdf, labels, notes)
    outputs = [Output(context.folder / "labels.pdf", cards_on_sheets(pdf, grid), notes, "labels")]
    for label, single in zip(labels, single_pages(pdf), strict=True):
        outputs.append(Output(context.folder / "labels" / f"{label.id}.pdf", single, kind="label"))
    return outputs


def _archive_outputs(
    context: BuildContext, document: Any, pdf: bytes, labels: list[Any], notes: list[Note]
) -> list[Output]:
    """The archive keeps the cards as WeasyPrint wrote them, one to a page, and each card
    written again on its own: every file PDF/A-3b, tagged, with the YAML sources attached
    (cards placed on cutting sheets would lose the tags and attachments, and an archive
    does not need the sheets)."""
    notes = [*notes[1:], Note("one card per page, no cutting sheets in the archive")]
    outputs = [Output(context.folder / "labels.pdf", pdf, notes, "labels")]
    for label, page in zip(labels, document.pages, strict=True):
        single = context.write_pdf(document.copy([page]), f"label:{label.id}")
        outputs.append(Output(context.folder / "labels" / f"{label.id}.pdf", single, kind="label"))
    return outputs
