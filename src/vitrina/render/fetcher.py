"""A URL fetcher that lets WeasyPrint read only the exhibition folder and vitrina's own files.

No http(s), no file:// outside the allowed folders, no '..' or symlink leading out.
Refusals are recorded so the build fails with a message naming the address. Every file
served is noted as a dependency of the job being rendered (an image, an @import'ed
stylesheet, a font), so the build cache renders the job again when it changes.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint.urls import URLFetcher, URLFetcherResponse

from vitrina.dependencies import note_file


class FolderFetcher(URLFetcher):
    """Serves file: URLs under the allowed roots and data: URLs; refuses everything else."""

    def __init__(self, allowed_roots: list[Path]):
        super().__init__(allowed_protocols=("file", "data"))
        self.allowed_roots = [r.resolve() for r in allowed_roots]
        self.refused: list[str] = []

    def _allowed(self, path: Path) -> bool:
        real = path.resolve()
        return any(real == root or root in real.parents for root in self.allowed_roots)

    def fetch(self, url: str, headers=None):  # noqa: ANN001 - WeasyPrint's signature
        parsed = urlparse(url)
        scheme = parsed.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(parsed.path))
            if self._allowed(path):
                note_file(path)  # a missing file too: the job depends on it appearing
            if self._allowed(path) and path.is_file():
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    path.as_uri(), body=path.read_bytes(), headers={"Content-Type": mime}
                )
            self.refused.append(url)
            raise ValueError(f"vitrina reads files only inside the exhibition folder: {url}")
        self.refused.append(url)
        raise ValueError(f"vitrina never downloads anything: {url}")
