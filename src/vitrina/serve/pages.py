"""Page images of the output PDFs, drawn with pypdfium2 and kept per PDF digest.

A thumbnail of every page is drawn once per version of a file (its SHA-256): a rebuild
that leaves a PDF as it was costs nothing here. Large views are drawn when asked for and
a few are kept. pdfium must not be called from two threads at once, so one lock guards
every use of it in the serve process (the builds themselves run in another process).
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

#: The longest side of a thumbnail, in pixels (shown at about half that: sharp on HiDPI).
THUMB_PX = 480
#: The longest side of a large page view, in pixels.
LARGE_PX = 1800
#: Large views kept in memory (each a few hundred kB).
LARGE_KEPT = 24
#: Pages drawn as thumbnails per file at most (a long booklet shows its first pages).
MAX_PAGES = 400


@dataclass(frozen=True)
class PdfPages:
    """One version of a PDF: its digest and each page's trimmed size in points."""

    digest: str
    sizes: tuple[tuple[float, float], ...]
    whole_sheet: bool


def digest_of(data: bytes) -> str:
    """The name a version of a file goes by in URLs: 16 hex digits of its SHA-256."""
    return hashlib.sha256(data).hexdigest()[:16]


class PageImages:
    """Thumbnails per digest, and large views on demand, of the PDFs under output/."""

    def __init__(self, thumb_px: int = THUMB_PX, large_px: int = LARGE_PX):
        self.thumb_px = thumb_px
        self.large_px = large_px
        self._lock = threading.Lock()
        self._docs: dict[str, PdfPages] = {}
        self._paths: dict[str, Path] = {}
        self._thumbs: dict[str, list[bytes]] = {}
        self._large: OrderedDict[tuple[str, int], bytes] = OrderedDict()

    def load(self, path: Path, whole_sheet: bool = False) -> PdfPages | None:
        """The pages of the PDF at ``path``, drawing thumbnails if this version is new;
        None if it cannot be read (missing, or being replaced)."""
        try:
            data = path.read_bytes()
        except OSError:
            return None
        digest = digest_of(data)
        with self._lock:
            self._paths[digest] = path
            known = self._docs.get(digest)
            if known is not None:
                return known
            try:
                sizes, thumbs = self._draw_all(data, whole_sheet)
            except Exception:  # noqa: BLE001 - a file cut short mid-write: skip it this time
                return None
            pages = PdfPages(digest, tuple(sizes), whole_sheet)
            self._docs[digest] = pages
            self._thumbs[digest] = thumbs
            return pages

    def thumbnail(self, digest: str, page: int) -> bytes | None:
        """A page's thumbnail (PNG), if that version of a file is known."""
        thumbs = self._thumbs.get(digest)
        if thumbs is None or not 0 <= page < len(thumbs):
            return None
        return thumbs[page]

    def large(self, digest: str, page: int) -> bytes | None:
        """A large view (PNG) of a page, drawn from its file if that is still this
        version (None otherwise: the page will have been sent the new state)."""
        doc, path = self._docs.get(digest), self._paths.get(digest)
        if doc is None or path is None or not 0 <= page < len(doc.sizes):
            return None
        with self._lock:
            cached = self._large.get((digest, page))
            if cached is not None:
                self._large.move_to_end((digest, page))
                return cached
            try:
                data = path.read_bytes()
            except OSError:
                return None
            if digest_of(data) != digest:
                return None
            image = self._draw(data, page, self.large_px, doc.whole_sheet)
            self._large[(digest, page)] = image
            while len(self._large) > LARGE_KEPT:
                self._large.popitem(last=False)
            return image

    def keep_only(self, digests: set[str]) -> None:
        """Forget the versions no longer shown."""
        with self._lock:
            for digest in set(self._docs) - digests:
                self._docs.pop(digest, None)
                self._thumbs.pop(digest, None)
                self._paths.pop(digest, None)
            for key in [key for key in self._large if key[0] not in digests]:
                del self._large[key]

    def _draw_all(
        self, data: bytes, whole_sheet: bool
    ) -> tuple[list[tuple[float, float]], list[bytes]]:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            sizes, thumbs = [], []
            for index in range(min(len(pdf), MAX_PAGES)):
                page = pdf[index]
                try:
                    crop = _crop(page, whole_sheet)
                    width, height = page.get_size()
                    sizes.append((width - crop[0] - crop[2], height - crop[1] - crop[3]))
                    thumbs.append(_png(page, crop, self.thumb_px))
                finally:
                    page.close()
            return sizes, thumbs
        finally:
            pdf.close()

    def _draw(self, data: bytes, index: int, pixels: int, whole_sheet: bool) -> bytes:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            page = pdf[index]
            try:
                return _png(page, _crop(page, whole_sheet), pixels)
            finally:
                page.close()
        finally:
            pdf.close()


def _crop(page, whole_sheet: bool) -> tuple[float, float, float, float]:  # noqa: ANN001
    """What to cut off each side (left, bottom, right, top, in points) to show the page as
    trimmed: bleed and marks are the printer's business. Sheets (label sheets, imposed
    booklet) are shown whole, as they come out of the printer."""
    if whole_sheet:
        return (0.0, 0.0, 0.0, 0.0)
    m_left, m_bottom, m_right, m_top = page.get_mediabox()
    t_left, t_bottom, t_right, t_top = page.get_trimbox()
    crop = (t_left - m_left, t_bottom - m_bottom, m_right - t_right, m_top - t_top)
    return tuple(max(0.0, value) for value in crop)  # type: ignore[return-value]


def _png(page, crop: tuple[float, float, float, float], pixels: int) -> bytes:  # noqa: ANN001
    width, height = page.get_size()
    longest = max(width - crop[0] - crop[2], height - crop[1] - crop[3], 1.0)
    bitmap = page.render(scale=pixels / longest, crop=crop, may_draw_forms=False)
    buffer = io.BytesIO()
    bitmap.to_pil().save(buffer, format="PNG")
    return buffer.getvalue()
