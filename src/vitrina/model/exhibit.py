"""The validated exhibition as every stage after validation sees it: the checked models,
the panels in order, the sources, and the YAML documents they came from (for locations).

It lives in the model, the lowest layer that needs it, so that resolving, drawing,
building, scheduling and reporting depend on the model and not on validation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from vitrina.errors import Problem
from vitrina.load.yaml_source import SourceDocument
from vitrina.model.exhibition import Exhibition
from vitrina.model.panels import PanelBase
from vitrina.model.sources import Source


@dataclass
class PanelEntry:
    """A validated panel with its id (the file name) and its source document."""

    id: str
    panel: PanelBase
    doc: SourceDocument
    number: int = 0

    @property
    def kind(self) -> str:
        return self.panel.kind


@dataclass
class Exhibit:
    """The whole exhibition, validated: what every later stage works from."""

    root: Path
    exhibition: Exhibition
    panels: list[PanelEntry]
    sources: dict[str, Source]
    documents: list[SourceDocument]
    warnings: list[Problem] = field(default_factory=list)

    def panel(self, panel_id: str) -> PanelEntry:
        return next(p for p in self.panels if p.id == panel_id)

    def cited_sources(self) -> list[str]:
        """Source keys in order of first citation, then the rest alphabetically."""
        seen: list[str] = []
        for entry in self.panels:
            for key in entry.panel.sources:
                if key not in seen:
                    seen.append(key)
        return seen + sorted(k for k in self.sources if k not in seen)
