"""Check the loaded content and assemble the validated exhibit.

Every file is checked against its model, then across files: the panel list,
source keys and image files. All problems are collected and raised together.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from vitrina.errors import Location, Problem, ProblemList
from vitrina.load.project import EXHIBIT_DIR, LoadedProject
from vitrina.load.yaml_source import SourceDocument
from vitrina.model import PANEL_KINDS, Exhibition, Source
from vitrina.model.exhibit import Exhibit, PanelEntry
from vitrina.model.exhibition import Limits
from vitrina.model.grid import label_grid
from vitrina.model.panels import CaptionsPanel, PanelBase
from vitrina.validate.content import (
    check_dates,
    check_panel_sources,
    check_titles,
)
from vitrina.validate.files import check_image, check_local_file
from vitrina.validate.glyphs import check_glyphs
from vitrina.validate.languages import (
    LanguageDocument,
    declared_languages,
    localise,
    translation_problems,
)
from vitrina.validate.limits import check_limits
from vitrina.validate.locate import did_you_mean, problems_from_validation
from vitrina.validate.maps import check_maps


def _validate(
    model: type[BaseModel],
    doc: SourceDocument,
    problems: ProblemList,
    languages: list[str],
    gaps: list[Problem],
) -> dict[str, Any]:
    """The file's model in each language (empty when the primary one is invalid)."""
    if not isinstance(doc.data, dict):
        problems.add(
            "the file must be a block of 'key: value' lines at the top level",
            doc.locate(()),
        )
        return {}
    return _versions(model, doc.data, doc, problems, languages, gaps)


def _versions(
    model: type[BaseModel],
    data: Any,
    doc: SourceDocument,
    problems: ProblemList,
    languages: list[str],
    gaps: list[Problem],
    prefix: tuple = (),
) -> dict[str, Any]:
    """``data`` validated once per language; errors of a translation that the primary
    language does not share are added, located at the translation."""
    for problem in translation_problems(doc, model, languages, prefix, data):
        (problems.items if problem.severity == "error" else gaps).append(problem)
    versions: dict[str, Any] = {}
    said = {str(p) for p in problems.items}
    for index, language in enumerate(languages):
        where = doc if index == 0 else LanguageDocument(doc, language)
        try:
            versions[language] = model.model_validate(localise(data, language, languages))
        except ValidationError as exc:
            found = problems_from_validation(exc, where, model, prefix=prefix)  # type: ignore[arg-type]
            new = [p for p in found if str(p) not in said]
            said |= {str(p) for p in new}
            problems.extend(new)
            if index == 0:
                break
    return versions


def _validate_sources(
    doc: SourceDocument | None, problems: ProblemList, languages: list[str], gaps: list[Problem]
) -> dict[str, dict[str, Source]]:
    """Each source key's entry in each language: ``{key: {language: Source}}``."""
    if doc is None or doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        problems.add("sources.yaml must map each source key to its details", doc.locate(()))
        return {}
    sources: dict[str, dict[str, Source]] = {}
    for key, value in doc.data.items():
        if not isinstance(value, dict):
            problems.add(
                "expected the source's details (authors, title, year…) as 'key: value' lines",
                doc.locate((key,)),
                key,
            )
            continue
        versions = _versions(Source, value, doc, problems, languages, gaps, (key,))
        if versions:
            sources[key] = versions
    return sources


def _validate_panel(
    panel_id: str,
    doc: SourceDocument,
    problems: ProblemList,
    languages: list[str],
    gaps: list[Problem],
) -> dict[str, PanelBase]:
    """The panel in each language (empty when it is invalid)."""
    data = doc.data
    if not isinstance(data, dict):
        problems.add("a panel file must be a block of 'key: value' lines", doc.locate(()))
        return {}
    kind = data.get("kind")
    if kind is None:
        problems.add(
            "the panel has no 'kind'; add one of: " + ", ".join(PANEL_KINDS),
            doc.locate(()),
            "kind",
        )
        return {}
    if not isinstance(kind, str) or kind not in PANEL_KINDS:
        hint = did_you_mean(str(kind), list(PANEL_KINDS)).replace("valid keys here", "kinds")
        problems.add(f"unknown panel kind '{kind}' — {hint}", doc.locate(("kind",)), "kind")
        return {}
    return _validate(PANEL_KINDS[kind], doc, problems, languages, gaps)


def _panel_order(exhibition: Exhibition, loaded: LoadedProject, problems: ProblemList) -> list[str]:
    available = list(loaded.panels)
    if not exhibition.panels:
        return available
    doc = loaded.exhibition
    assert doc is not None
    order: list[str] = []
    for index, panel_id in enumerate(exhibition.panels):
        if panel_id in order:
            problems.add(
                f"the panel '{panel_id}' is listed twice", doc.locate(("panels", index)), "panels"
            )
        elif panel_id not in loaded.panels:
            name = panel_id.removesuffix(".yaml")
            hint = did_you_mean(name, available).replace("valid keys here", "panel files")
            problems.add(
                f"no file {EXHIBIT_DIR}/{name}.yaml for the panel '{panel_id}' — {hint}",
                doc.locate(("panels", index)),
                "panels",
            )
        else:
            order.append(panel_id)
    for panel_id in available:
        if panel_id not in order:
            problems.add(
                "this panel file is not listed under 'panels' in exhibition.yaml, "
                "so it is left out of the outputs",
                Location(loaded.panels[panel_id].path),
                severity="warning",
            )
    return order


def _check_references(
    entries: list[PanelEntry],
    sources: dict[str, Source],
    root: Path,
    limits: Limits,
    problems: ProblemList,
    has_file: bool = True,
    written: set[str] | frozenset[str] = frozenset(),
    broken_file: bool = False,
) -> None:
    """Every cited source exists, every image is a usable file. A missing sources.yaml is
    said once; a source written but invalid was reported where it is written."""
    missing_file_said = False
    for entry in entries:
        for index, key in enumerate(entry.panel.sources):
            if key in sources or key in written:
                continue  # a source given but invalid is reported once, where it is written
            if not has_file:
                if not missing_file_said and not broken_file:
                    problems.add(
                        f"the panels cite sources, but there is no {EXHIBIT_DIR}/sources.yaml; "
                        "create it with one entry per source key (see the README)",
                        entry.doc.locate(("sources", index)),
                        f"sources[{index}]",
                    )
                    missing_file_said = True
                continue
            if key not in sources:
                hint = did_you_mean(key, list(sources)).replace("valid keys here", "known sources")
                problems.add(
                    f"unknown source '{key}' — {hint}",
                    entry.doc.locate(("sources", index)),
                    f"sources[{index}]",
                )
        if isinstance(entry.panel, CaptionsPanel):
            for index, item in enumerate(entry.panel.items):
                if item.image is None:
                    continue
                where = ("items", index, "image")
                message = check_local_file(root, item.image)
                if message is None:
                    message = check_image(
                        root / item.image, item.image, limits.image_megapixels, limits.image_mb
                    )
                if message:
                    problems.add(message, entry.doc.locate(where), f"items[{index}].image")


def _check_label_sheet(exhibition: Exhibition, doc: SourceDocument, problems: ProblemList) -> None:
    """A label card must fit on its sheet inside the margins, one way round or the other."""
    labels = exhibition.labels
    card, sheet, grid = label_grid(labels)
    if grid is None:
        problems.add(
            f"a {card.name} label does not fit on a {sheet.name} sheet with "
            f"{labels.margin_mm:g} mm margins; choose a larger 'sheet' or a smaller 'size'",
            doc.locate(("labels", "size")),
            "labels.size",
        )


def validate_project(loaded: LoadedProject) -> Exhibit:
    """Validate everything; raise ContentError listing every problem found."""
    problems = ProblemList(list(loaded.problems))
    languages = declared_languages(loaded.exhibition.data if loaded.exhibition else None)
    primary = languages[0]
    gaps: list[Problem] = []  # texts missing in a language: the preflight's warnings
    exhibitions: dict[str, Any] = {}
    if loaded.exhibition is not None:
        exhibitions = _validate(Exhibition, loaded.exhibition, problems, languages, gaps)
    exhibition = exhibitions.get(primary)
    source_versions = _validate_sources(loaded.sources, problems, languages, gaps)
    sources = {key: versions[primary] for key, versions in source_versions.items()}
    validated: dict[str, dict[str, PanelBase]] = {}
    for panel_id, doc in loaded.panels.items():
        if doc.data is None:
            continue  # could not be read; already reported
        versions = _validate_panel(panel_id, doc, problems, languages, gaps)
        if versions:
            validated[panel_id] = versions
    entries: list[PanelEntry] = []
    if isinstance(exhibition, Exhibition):
        assert loaded.exhibition is not None
        _check_languages(exhibition, loaded.exhibition, problems, gaps)
        _check_label_sheet(exhibition, loaded.exhibition, problems)
        if exhibition.print.icc_profile is not None:
            message = check_local_file(loaded.root, exhibition.print.icc_profile, "icc")
            if message:
                problems.add(
                    message,
                    loaded.exhibition.locate(("print", "icc_profile")),
                    "print.icc_profile",
                )
        for panel_id in _panel_order(exhibition, loaded, problems):
            if panel_id in validated:
                versions = validated[panel_id]
                entries.append(
                    PanelEntry(panel_id, versions[primary], loaded.panels[panel_id], 0, versions)
                )
        if not entries and not problems.errors:
            problems.add(
                "the exhibition has no panels; add a panel file to exhibit/",
                Location(loaded.exhibition.path if loaded.exhibition else Path("exhibit")),
            )
    limits = exhibition.limits if isinstance(exhibition, Exhibition) else Limits()
    sources_file = loaded.root / EXHIBIT_DIR / "sources.yaml"
    readable = loaded.sources is not None and isinstance(loaded.sources.data, dict)
    if readable:
        assert loaded.sources is not None
        _check_references(
            entries, sources, loaded.root, limits, problems, True, set(loaded.sources.data)
        )
    else:  # missing (said once), or unreadable (its own error says why): no per-key errors
        _check_references(
            entries, sources, loaded.root, limits, problems, False, set(), sources_file.exists()
        )
    check_maps(entries, loaded.root, problems)
    _share_map_shapes(entries)
    check_limits(loaded.documents, limits, problems)
    check_titles(loaded.documents, problems)
    if isinstance(exhibition, Exhibition) and loaded.exhibition is not None:
        check_dates(exhibition, loaded.exhibition, problems)
    for entry in entries:
        check_panel_sources(entry.doc, list(entry.panel.sources), problems)
    check_glyphs(loaded.documents, problems, loaded.root)
    labels = sum(len(getattr(entry.panel, "items", [])) for entry in entries)
    if labels > limits.labels and loaded.exhibition is not None:
        problems.add(
            f"the exhibition has {labels:,} objects, more than the {limits.labels:,} labels "
            "vitrina makes in one build; raise limits: labels in exhibition.yaml if you "
            "really mean to print them all",
            loaded.exhibition.locate(()),
        )
    problems.raise_if_errors()
    assert isinstance(exhibition, Exhibition)
    for number, entry in enumerate(entries, start=1):
        entry.number = number
    return Exhibit(
        root=loaded.root,
        exhibition=exhibition,
        panels=entries,
        sources=sources,
        documents=loaded.documents,
        warnings=[p for p in problems.items if p.severity != "error"],
        translation_gaps=gaps,
        versions={
            language: (
                exhibitions[language],
                {key: versions[language] for key, versions in source_versions.items()},
            )
            for language in languages[1:]
            if language in exhibitions
        },
    )


def _check_languages(
    exhibition: Exhibition, doc: SourceDocument, problems: ProblemList, gaps: list[Problem]
) -> None:
    """`language` and `languages` agree; vitrina has its own words in each language (a
    language without a catalogue prints vitrina's words in English: a warning)."""
    from vitrina.i18n.catalogues import has_catalogue, shipped_languages

    if exhibition.languages and exhibition.language != exhibition.languages[0]:
        problems.add(
            f"'{exhibition.language}' is not the first of languages "
            f"({', '.join(exhibition.languages)}); give only 'languages', the primary "
            "language first",
            doc.locate(("language",)),
            "language",
        )
    if len(set(exhibition.languages)) != len(exhibition.languages):
        problems.add("a language is listed twice", doc.locate(("languages",)), "languages")
    for index, code in enumerate(exhibition.all_languages):
        if not has_catalogue(code):
            where = ("languages", index) if exhibition.languages else ("language",)
            gaps.append(
                Problem(
                    f"vitrina has no words of its own in '{code}' (no catalogue "
                    f"src/vitrina/locale/{code.split('-')[0]}.po), so it prints 'Contents', "
                    "'Sources' and the like in English; it has them in "
                    + ", ".join(shipped_languages())
                    + ". To add the language, translate vitrina.pot (see the README)",
                    doc.locate(where),
                    where[0],
                    severity="warning",
                )
            )


def _share_map_shapes(entries: list[PanelEntry]) -> None:
    """The GeoJSON shapes read for a map's own layers, given to its other languages'
    versions too (the files are read and checked once)."""
    for entry in entries:
        layers = getattr(entry.panel, "own_layers", [])
        for version in entry.versions.values():
            if version is entry.panel:
                continue
            for own, other in zip(layers, getattr(version, "own_layers", []), strict=False):
                if not other.shapes:
                    other.shapes.extend(own.shapes)
