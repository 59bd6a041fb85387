"""What every builder shares: the build context and the rendered output."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from vitrina import __version__
from vitrina.builders.registry import Variant, get_variant
from vitrina.dependencies import note_file, remembered
from vitrina.draw.geo import GEO_CREDIT, GEO_SHORT_CREDIT
from vitrina.errors import BuildError
from vitrina.model.edition import edition_date as model_edition_date
from vitrina.model.exhibit import Exhibit
from vitrina.model.panels import PanelBase, RosterPanel
from vitrina.render.markdown import render_block, render_inline
from vitrina.resolve.bibliography import bibliography_entry, short_cite_html
from vitrina.resolve.fonts import FONT_CREDITS
from vitrina.resolve.layouts import Layouts


def edition_date(exhibit: Exhibit) -> dt.date:
    """The date written into the PDFs: the exhibition's, else SOURCE_DATE_EPOCH, else 1970."""
    return model_edition_date(exhibit.exhibition)


def date_text(day: dt.date) -> str:
    """A day as "9 December 1918", with no-break spaces: a date never breaks across lines."""
    return f"{day.day}\u00a0{day:%B}\u00a0{day.year}"


def dates_text(opens: dt.date | None, closes: dt.date | None) -> str:
    """The exhibition's dates as printed on covers ("" when neither is given)."""
    if opens and closes:
        return f"{date_text(opens)} – {date_text(closes)}"
    if opens:
        return f"From {date_text(opens)}"
    if closes:
        return f"Until {date_text(closes)}"
    return ""


class WhenPrinted:
    """Text for a template, made only when the template prints or tests it: the opening
    and closing days are read (and so noted as settings the output depends on) only by
    the outputs that print them, not by every output given the template context."""

    def __init__(self, make: Callable[[], str]):
        self._make = make

    @cached_property
    def text(self) -> str:
        return self._make()

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:
        return str(escape(self.text))

    def __bool__(self) -> bool:
        return bool(self.text)

    def __len__(self) -> int:
        return len(self.text)

    def __eq__(self, other: object) -> bool:
        return self.text == (other.text if isinstance(other, WhenPrinted) else other)

    def __hash__(self) -> int:
        return hash(self.text)


def people_of(panel: PanelBase) -> list:
    """A roster's people with the head of the group first."""
    if not isinstance(panel, RosterPanel):
        return []
    return sorted(panel.people, key=lambda p: not p.head)


@dataclass
class BuildContext:
    """Everything a builder needs: the exhibit, layouts, a WeasyPrint session and the
    variant being made (proof for the screen, print as PDF/X-4, archive as PDF/A-3b)."""

    exhibit: Exhibit
    layouts: Layouts
    variant: str = "proof"
    grey: bool = False
    """Greyscale handout for this build (`vitrina build --grey`)."""

    @property
    def variant_spec(self) -> Variant:
        """What the variant is: its folder, PDF standard, colour and attachments."""
        return get_variant(self.variant)

    @property
    def folder(self) -> Path:
        """Where this variant's files go, relative to output/."""
        return self.variant_spec.folder

    @property
    def render_options(self) -> dict[str, Any]:
        """WeasyPrint options for this variant that act at layout time."""
        return self.variant_spec.render_options()

    def write_options(self) -> dict[str, Any]:
        """WeasyPrint options for this variant that act when the PDF is written."""
        if not self.variant_spec.attachments:
            return {}
        return {"attachments": self.source_attachments(), "custom_metadata": True}

    def write_pdf(
        self,
        document: Any,
        identity: str,
        grey: bool = False,
        viewer: dict[str, str] | None = None,
    ) -> bytes:
        """The PDF of a rendered document for this variant: reproducible, with the
        variant's metadata and attachments, in shades of grey when ``grey``, else in CMYK
        in the print variant (through the curator's ICC profile, else vitrina's FOGRA39
        one). ``identity`` names the output (its PDF identifier is derived from it);
        ``viewer`` sets /ViewerPreferences (how a printer dialog prints it)."""
        pdf = self.session.write(
            document,
            identity=f"{identity}:{self.variant}",
            epoch=self.epoch,
            viewer=viewer,
            **self.render_options,
            **self.write_options(),
        )
        if grey:
            from vitrina.finish.colour import convert_to_grey

            return convert_to_grey(pdf)
        if self.variant_spec.cmyk:
            from vitrina.finish.colour import convert_to_cmyk

            pdf = convert_to_cmyk(pdf, self._cmyk_profile)
        return pdf

    @remembered
    def _cmyk_profile(self) -> bytes:
        """The print shop's ICC profile, read and checked once per build; without one,
        vitrina's own for coated offset paper (FOGRA39)."""
        from vitrina.finish.colour import Converter, ProfileError, default_press_profile

        relative = self.exhibit.exhibition.print.icc_profile
        if relative is None:
            return default_press_profile()

        note_file(self.exhibit.root / relative)
        data = (self.exhibit.root / relative).read_bytes()
        try:
            Converter(data)
        except ProfileError as exc:
            raise BuildError(
                f"the ICC profile '{relative}' cannot be used: {exc}",
                self.exhibit.documents[0].locate(("print", "icc_profile")),
                hint="ask your print shop for their CMYK profile (.icc), or remove "
                "print: icc_profile to use vitrina's own for coated offset paper (FOGRA39)",
            ) from None
        return data

    def source_attachments(self) -> list[Any]:
        """The exhibition's YAML files as fresh WeasyPrint attachments for one archive PDF.

        A WeasyPrint ``Attachment`` can be written only once (it holds an open source that
        the first PDF consumes), so each PDF gets new ones; only the texts are cached."""
        from weasyprint import Attachment

        stamp = dt.datetime.combine(self.date, dt.time(), dt.UTC)
        return [
            Attachment(
                # A data: URL is how WeasyPrint learns a type it cannot guess from the
                # name (.yaml is not in Python's table): application/yaml, RFC 9512.
                url="data:application/yaml;charset=utf-8;base64,"
                + base64.b64encode(text.encode("utf-8")).decode("ascii"),
                name=name,
                description=f"Source of this PDF: {name}",
                created=stamp,
                modified=stamp,
                relationship="Source",
            )
            for name, text in self._source_texts
        ]

    @remembered
    def _source_texts(self) -> list[tuple[str, str]]:
        """The exhibition's YAML files (name inside the PDF, text), read once per build."""
        for doc in self.exhibit.documents:
            note_file(self.exhibit.root / doc.path)
        return [
            (
                str(doc.path).replace("\\", "/"),
                doc.raw.decode("utf-8")  # the bytes validated, not the file as it is now
                if doc.raw is not None
                else (self.exhibit.root / doc.path).read_text(encoding="utf-8"),
            )
            for doc in self.exhibit.documents
        ]

    @cached_property
    def env(self) -> Any:
        language = self.exhibit.exhibition.language
        env = self.layouts.environment(language)
        env.filters["md"] = lambda text, shift=2: render_block(text, shift, language)
        env.filters["inline"] = lambda text: render_inline(text, language)
        return env

    @cached_property
    def session(self) -> Any:
        from vitrina.render.pdf import RenderSession

        return RenderSession(self.exhibit.root)

    @remembered
    def date(self) -> dt.date:
        return edition_date(self.exhibit)

    @property
    def epoch(self) -> int:
        """The edition date as seconds since 1970, for reproducible PDFs."""
        return int(dt.datetime.combine(self.date, dt.time(), dt.UTC).timestamp())

    def template_context(self) -> dict[str, Any]:
        """Names every template can use."""
        exhibit = self.exhibit
        date = self.date

        language = exhibit.exhibition.language

        def cite(key: str) -> Markup:
            return short_cite_html(exhibit.sources[key], language)

        def entry(source: Any) -> Markup:
            return bibliography_entry(source, language)

        return {
            "exhibition": exhibit.exhibition,
            "entries": exhibit.panels,
            "panel_count": len(exhibit.panels),
            "sources": exhibit.sources,
            "source_order": exhibit.cited_sources(),
            "cite": cite,
            "bibliography_entry": entry,
            "people_of": people_of,
            "vitrina_version": __version__,
            "edition_timestamp": f"{date.isoformat()}T00:00:00Z",
            "edition_date_text": f"{date.day} {date:%B %Y}",
            # The map data's licence only where a map is drawn from it.
            "licence_lines": [FONT_CREDITS]
            + ([GEO_CREDIT] if any(e.kind == "map" for e in exhibit.panels) else []),
            "base_map_credit": GEO_SHORT_CREDIT,
            "level": 1,
            "dates_text": WhenPrinted(
                lambda: dates_text(exhibit.exhibition.opens, exhibit.exhibition.closes)
            ),
        }

    def stylesheets(self, *names: str) -> list[Any]:
        return [self.session.stylesheet(self.layouts.find(f"css/{name}")) for name in names]
