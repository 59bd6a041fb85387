"""The validated exhibition as every stage after validation sees it: the checked models,
the panels in order, the sources, and the YAML documents they came from (for locations).

It lives in the model, the lowest layer that needs it, so that resolving, drawing,
building, scheduling and reporting depend on the model and not on validation.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
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
    versions: dict[str, PanelBase] = field(default_factory=dict)
    """The panel in each language of the exhibition (the primary one is ``panel``)."""

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
    versions: dict[str, tuple[Exhibition, dict[str, Source]]] = field(default_factory=dict)
    """The exhibition and sources in each language but the primary one."""
    translation_gaps: list[Problem] = field(default_factory=list)
    """Texts missing in a language, and languages vitrina has no words in: warnings the
    preflight reports (so `--strict` refuses them)."""

    def panel(self, panel_id: str) -> PanelEntry:
        return next(p for p in self.panels if p.id == panel_id)

    @property
    def languages(self) -> list[str]:
        """Every language of the exhibition, the primary one first."""
        return self.exhibition.all_languages

    def in_language(self, language: str) -> Exhibit:
        """The exhibition as one language reads it: every text in that language (the
        primary language's where a translation is missing), ``exhibition.language`` set
        to it. The primary language gives the exhibit itself."""
        if language not in self.versions:
            return self
        exhibition, sources = self.versions[language]
        panels = [replace(e, panel=e.versions.get(language, e.panel)) for e in self.panels]
        return replace(
            self,
            exhibition=exhibition.model_copy(update={"language": language}),
            panels=panels,
            sources=sources,
            versions={},
        )

    def cited_sources(self) -> list[str]:
        """Source keys in order of first citation, then the rest alphabetically."""
        seen: list[str] = []
        for entry in self.panels:
            for key in entry.panel.sources:
                if key not in seen:
                    seen.append(key)
        return seen + sorted(k for k in self.sources if k not in seen)
