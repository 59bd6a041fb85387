"""The one place vitrina talks to WeasyPrint.

Imported lazily by the builders, so that commands which render nothing (check, a
build with nothing to do) never pay WeasyPrint's start-up cost.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vitrina.errors import BuildError
from vitrina.paths import PACKAGE_DIR
from vitrina.resolve.fonts import font_face_css, only_vitrina_fonts


@dataclass
class RenderSession:
    """Reusable WeasyPrint state for one exhibition: fonts loaded once, one fetcher."""

    root: Path
    _font_config: Any = None
    _fetcher: Any = None
    _font_css: Any = None
    _css_cache: dict[Path, Any] = field(default_factory=dict)

    def _setup(self) -> None:
        if self._font_config is not None:
            return
        _collect_garbage_less_often()
        only_vitrina_fonts(self.root)
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        from vitrina.render.fetcher import FolderFetcher

        self._font_config = FontConfiguration()
        self._fetcher = FolderFetcher([self.root, PACKAGE_DIR])
        self._font_css = CSS(
            string=font_face_css(), font_config=self._font_config, url_fetcher=self._fetcher
        )

    def stylesheet(self, path: Path) -> Any:
        """A parsed stylesheet, cached for the session."""
        self._setup()
        if path not in self._css_cache:
            from weasyprint import CSS

            self._css_cache[path] = CSS(
                string=path.read_text(encoding="utf-8"),
                base_url=path.parent.as_uri() + "/",
                font_config=self._font_config,
                url_fetcher=self._fetcher,
            )
        return self._css_cache[path]

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
        with _source_date_epoch(epoch):
            pdf = document.write_pdf(
                pdf_identifier=identifier, finisher=_xmp_finisher(digest, lang, viewer), **options
            )
        self.raise_refusals()
        return pdf


#: Objects allocated between two runs of Python's cycle collector (Python's default: 700).
GC_THRESHOLD = 50_000


def _collect_garbage_less_often() -> None:
    """Run Python's cycle collector less often while WeasyPrint works. Laying out a page
    allocates hundreds of thousands of small objects, and with the default threshold the
    collector keeps walking them all (and vitrina's own): 6 % of an 80-page booklet's time.
    The price is a little memory on long documents (bench/run.py, 120-page booklet: peak
    257 MB before, 281 MB after; 80 pages: 208 MB either way)."""
    if gc.get_threshold()[0] < GC_THRESHOLD:
        gc.set_threshold(GC_THRESHOLD, 20, 20)


def used_height_mm(page: Any) -> float:
    """How far down the page its content reaches (mm), from WeasyPrint's page boxes."""
    bottom = 0.0
    for box in page._page_box.descendants():
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
            import pydyf

            # Added to WeasyPrint's own (DisplayDocTitle in the archive), not instead.
            kept = pdf.catalog.get("ViewerPreferences")
            pdf.catalog["ViewerPreferences"] = pydyf.Dictionary(
                {
                    **(kept if isinstance(kept, dict) else {}),
                    **{key: f"/{value}" for key, value in viewer.items()},
                }
            )
        reference = pdf.catalog.get("Metadata") if hasattr(pdf.catalog, "get") else None
        if not reference:
            return
        if isinstance(reference, bytes):
            reference = reference.decode()
        stream = pdf.objects[int(str(reference).split()[0])]
        data = b"".join(
            part if isinstance(part, bytes) else str(part).encode() for part in stream.stream
        )
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
        stream.stream = [data]

    return finish


@contextlib.contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """fontTools stamps font subsets with the current time unless SOURCE_DATE_EPOCH is set."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
