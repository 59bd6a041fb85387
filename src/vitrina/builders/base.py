"""What every builder shares: the build context and the rendered output."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from vitrina import __version__
from vitrina.builders.registry import Variant, get_variant
from vitrina.dependencies import note_file, remembered
from vitrina.draw.geo import GEO_CREDIT, GEO_SHORT_CREDIT
from vitrina.errors import BuildError
from vitrina.i18n.catalogues import words
from vitrina.i18n.formats import format_day, format_day_span, format_names
from vitrina.memory import Memory
from vitrina.model.edition import edition_date as model_edition_date
from vitrina.model.exhibit import Exhibit
from vitrina.model.panels import PanelBase, RosterPanel
from vitrina.render.markdown import render_block, render_inline
from vitrina.resolve.bibliography import bibliography_entry, short_cite_html
from vitrina.resolve.fonts import FONT_CREDITS
from vitrina.resolve.layouts import Layouts, in_language


def edition_date(exhibit: Exhibit) -> dt.date:
    """The date written into the PDFs: the exhibition's, else SOURCE_DATE_EPOCH, else 1970."""
    return model_edition_date(exhibit.exhibition)


def date_text(day: dt.date, language: str = "en") -> str:
    """A day as "9 December 1918" ("1918 m. gruodžio 9 d."), with no-break spaces: a date
    never breaks across lines."""
    return format_day(day, language)


def dates_text(opens: dt.date | None, closes: dt.date | None, language: str = "en") -> str:
    """The exhibition's dates as printed on covers ("" when neither is given)."""
    _ = words(language).gettext
    if opens and closes:
        return format_day_span(opens, closes, language)
    if opens:
        return _("From %(date)s") % {"date": date_text(opens, language)}
    if closes:
        return _("Until %(date)s") % {"date": date_text(closes, language)}
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
    language: str = ""
    """The language this context prints in (vitrina's words, dates); the exhibition's
    primary language when empty. ``in_language`` gives the context of another one."""
    single: bool = False
    """Print this language only (a booklet or handout per language); otherwise posters
    and labels carry the exhibition's other languages after the primary one."""
    memory: Memory = field(default_factory=Memory)
    """What the last build into the same output folder left for this one (vitrina.memory)."""

    def __post_init__(self) -> None:
        if not self.language:
            self.language = self.exhibit.exhibition.language

    @property
    def languages(self) -> list[str]:
        """Every language of the exhibition, the primary one first."""
        return self.exhibit.languages

    def in_language(self, language: str) -> BuildContext:
        """This build's context for a booklet or handout in ``language``: the exhibition's
        texts and vitrina's words in that language, the same WeasyPrint session."""
        if language == self.language and self.single:
            return self
        other = BuildContext(
            self.exhibit.in_language(language),
            self.layouts,
            self.variant,
            self.grey,
            language,
            single=True,
            memory=self.memory,
        )
        if "session" in self.__dict__:
            other.__dict__["session"] = self.session
        return other

    def seconds(self, entry: Any) -> list[tuple[str, Any]]:
        """A panel in the exhibition's other languages, as (code, panel), for posters and
        labels; none in a one-language context."""
        if self.single:
            return []
        versions = getattr(entry, "versions", {})
        return [(code, versions[code]) for code in self.languages[1:] if code in versions]

    def second_titles(self) -> list[tuple[str, str]]:
        """The exhibition's title in its other languages, where it differs, for the foot
        of posters and labels."""
        if self.single:
            return []
        title = self.exhibit.exhibition.title
        return [
            (code, self.exhibit.versions[code][0].title)
            for code in self.languages[1:]
            if code in self.exhibit.versions and self.exhibit.versions[code][0].title != title
        ]

    def output_name(self, name: str) -> str:
        """`booklet.pdf` as one language names it: unchanged for a one-language exhibition,
        `booklet-lt.pdf` when there are several."""
        if len(self.languages) < 2:
            return name
        stem, dot, suffix = name.rpartition(".")
        return f"{stem}-{self.language}{dot}{suffix}"

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
        return self.coloured(self.plain_pdf(document, identity, viewer), grey)

    def plain_pdf(
        self, document: Any, identity: str, viewer: dict[str, str] | None = None
    ) -> bytes:
        """The PDF of a rendered document for this variant, before its colours are
        converted (``coloured``): what the booklet by sections joins."""
        return self.session.write(
            document,
            identity=f"{identity}:{self.variant}",
            epoch=self.epoch,
            viewer=viewer,
            **self.render_options,
            **self.write_options(),
        )

    def coloured(self, pdf: bytes, grey: bool = False) -> bytes:
        """``pdf`` in shades of grey when ``grey``, else in CMYK in the print variant."""
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
        """The templates' environment, with vitrina's words in this context's language as
        `_("Contents")` (Jinja's i18n extension); `translate(language, "Contents")` gives
        them in another language (the second language of a bilingual poster)."""
        language = self.language
        env = self.layouts.environment(language)
        # A text in another language (a bilingual poster's second) names it: `lang=code`.
        env.filters["md"] = lambda text, shift=2, lang=None: render_block(
            text, shift, lang or language
        )
        env.filters["inline"] = lambda text, lang=None: render_inline(text, lang or language)
        env.filters["typographic"] = in_language
        own = words(language)
        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_callables(  # type: ignore[attr-defined]
            own.gettext, own.ngettext, newstyle=True, pgettext=own.pgettext
        )

        def translate(language: str, message: str, **values: Any) -> str:
            text = words(language).gettext(message)
            return text % values if values else text

        env.globals["translate"] = translate
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
        language = self.language
        _ = words(language).gettext

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
            "language": language,
            "languages": exhibit.languages,
            "seconds": [],
            "seconds_of": self.seconds,
            "second_titles": self.second_titles(),
            "names_text": lambda names: format_names(list(names), language),
            "people_of": people_of,
            "vitrina_version": __version__,
            "edition_timestamp": f"{date.isoformat()}T00:00:00Z",
            "edition_date_text": date_text(date, language),
            # The map data's licence only where a map is drawn from it.
            "licence_lines": [_(FONT_CREDITS)]
            + ([_(GEO_CREDIT)] if any(e.kind == "map" for e in exhibit.panels) else []),
            "base_map_credit": _(GEO_SHORT_CREDIT),
            "level": 1,
            "dates_text": WhenPrinted(
                lambda: dates_text(exhibit.exhibition.opens, exhibit.exhibition.closes, language)
            ),
        }

    def stylesheets(self, *names: str) -> list[Any]:
        return [self.session.stylesheet(self.layouts.find(f"css/{name}")) for name in names]


def light_edged(entries: list[Any], root: Path) -> set[str]:
    """The objects' images (of the panels ``entries``) whose outer edge is white or very
    light: they get a hairline keyline so they do not bleed into the paper."""
    from PIL import Image, ImageStat

    light = set()
    for entry in entries:
        for item in getattr(entry.panel, "items", None) or []:
            if item.image is None:
                continue
            note_file(root / item.image)
            with Image.open(root / item.image) as image:
                grey = image.convert("L")
                grey.thumbnail((200, 200))
                width, height = grey.size
                edge = max(1, min(width, height) // 50)
                strips = [
                    grey.crop((0, 0, width, edge)),
                    grey.crop((0, height - edge, width, height)),
                    grey.crop((0, 0, edge, height)),
                    grey.crop((width - edge, 0, width, height)),
                ]
                if min(ImageStat.Stat(strip).mean[0] for strip in strips) >= 225:
                    light.add(item.image)
    return light
