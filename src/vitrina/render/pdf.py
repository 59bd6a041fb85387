"""The one place vitrina talks to WeasyPrint.

Imported lazily by the builders, so that commands which render nothing (check, a
build with nothing to do) never pay WeasyPrint's start-up cost.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vitrina.adapters import pydyf as pydyf_adapter
from vitrina.adapters.weasyprint import page_boxes
from vitrina.dependencies import Memo, note_file
from vitrina.errors import BuildError
from vitrina.paths import PACKAGE_DIR
from vitrina.process import environment
from vitrina.resolve.fonts import font_face_css, vitrina_fontconfig


@dataclass
class RenderSession:
    """Reusable WeasyPrint state for one exhibition: fonts loaded once, one fetcher."""

    root: Path
    _font_config: Any = None
    _fetcher: Any = None
    _font_css: Any = None
    _css_cache: Memo[Any] = field(default_factory=Memo)

    def _setup(self) -> None:
        if self._font_config is not None:
            return
        # fontconfig reads FONTCONFIG_FILE when WeasyPrint first loads it and when a font
        # configuration is made: vitrina's fonts only, then the variable as it was.
        with environment(FONTCONFIG_FILE=str(vitrina_fontconfig(self.root))):
            from weasyprint import CSS
            from weasyprint.text.fonts import FontConfiguration

            self._font_config = FontConfiguration()

        from vitrina.render.fetcher import FolderFetcher

        self._fetcher = FolderFetcher([self.root, PACKAGE_DIR])
        self._font_css = CSS(
            string=font_face_css(), font_config=self._font_config, url_fetcher=self._fetcher
        )

    def stylesheet(self, path: Path) -> Any:
        """A parsed stylesheet, cached for the session; each job that uses it depends on
        its file and on every file it brought in (@import, fonts)."""
        self._setup()

        def parse() -> Any:
            from weasyprint import CSS

            note_file(path)
            return CSS(
                string=path.read_text(encoding="utf-8"),
                base_url=path.parent.as_uri() + "/",
                font_config=self._font_config,
                url_fetcher=self._fetcher,
            )

        return self._css_cache.get(path, parse)

    def css_string(self, text: str) -> Any:
        self._setup()
        from weasyprint import CSS

        return CSS(string=text, font_config=self._font_config, url_fetcher=self._fetcher)

    def render(self, html: str, stylesheets: list[Any], **options: Any) -> Any:
        """Lay out HTML into a WeasyPrint Document (pages, boxes), not yet a PDF.
        ``options`` are WeasyPrint's PDF options that act at layout time (pdf_variant…)."""
        self._setup()
        from weasyprint import HTML

        document = HTML(
            string=html, base_url=self.root.as_uri() + "/", url_fetcher=self._fetcher
        ).render(
            stylesheets=[self._font_css, *stylesheets],
            font_config=self._font_config,
            **options,
        )
        self.raise_refusals()
        return document

    def raise_refusals(self) -> None:
        if self._fetcher is not None and self._fetcher.refused:
            refused = sorted(set(self._fetcher.refused))
            self._fetcher.refused.clear()
            raise BuildError(
                "a layout or text refers to files outside the exhibition folder or on the "
                "web, which vitrina does not read: " + ", ".join(refused),
                hint="copy what is needed into the exhibition folder and refer to it there",
            )

    def write(
        self,
        document: Any,
        identity: str,
        epoch: int,
        viewer: dict[str, str] | None = None,
        **options: Any,
    ) -> bytes:
        """The PDF bytes, identical for identical input: the identifier is derived from
        ``identity`` and the font subsets carry ``epoch`` (seconds) as their date.
        ``viewer`` entries (names, such as Duplex: DuplexFlipLongEdge) go into the
        document's /ViewerPreferences, which tell a printer dialog how to print it."""
        digest = hashlib.sha256(identity.encode()).hexdigest()
        identifier = digest[:32].encode()
        lang = document.metadata.lang
        # fontTools stamps font subsets with the current time unless it is set.
        with environment(SOURCE_DATE_EPOCH=str(epoch)):
            pdf = document.write_pdf(
                pdf_identifier=identifier, finisher=_xmp_finisher(digest, lang, viewer), **options
            )
        self.raise_refusals()
        return pdf


def used_height_mm(page: Any) -> float:
    """How far down the page its content reaches (mm), from WeasyPrint's page boxes."""
    bottom = 0.0
    for box in page_boxes(page):
        if getattr(box, "element_tag", None) in (None, "html", "body"):
            continue
        if hasattr(box, "position_y") and hasattr(box, "height") and box.height:
            bottom = max(bottom, box.position_y + box.margin_height())
    return bottom * 25.4 / 96


_RANDOM_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f-]{36}")


def _xmp_finisher(digest: str, lang: str | None, viewer: dict[str, str] | None = None):  # noqa: ANN202
    """Make WeasyPrint's XMP reproducible (its PDF/X DocumentID is a random UUID) and
    name the document's language in it (dc:language), as archives expect; add the
    ``viewer`` preferences."""

    def finish(_document: Any, pdf: Any) -> None:
        if viewer:
            # Added to WeasyPrint's own (DisplayDocTitle in the archive), not instead.
            pydyf_adapter.set_viewer_preferences(pdf, viewer)
        data = pydyf_adapter.metadata(pdf)
        if data is None:
            return
        stable = f"xmp.did:{uuid.UUID(digest[:32])}".encode()
        data = _RANDOM_DOCUMENT_ID.sub(stable, data)
        if lang and b"dc:language" not in data:
            language = (
                '<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/" rdf:about="">'
                f"<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>"
                "</rdf:Description>"
            ).encode()
            data = data.replace(b"</rdf:RDF>", language + b"</rdf:RDF>", 1)
        pydyf_adapter.set_metadata(pdf, data)

    return finish
