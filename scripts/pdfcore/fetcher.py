"""The only way WeasyPrint reads a file: under named folders, or a data: URI. Nothing else.

Agency logos, docs pages and data come from strangers; an <img>, a stylesheet or an SVG
<image> pointing at file:///etc/…, at ../.. or at http://… must not get into a PDF or reach
the network. Paths are resolved (symlinks and .. included) before the check, and the file
read is the resolved one.
"""
from __future__ import annotations

import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from .errors import FetchRefused


def _shown(url: str, limit: int = 120) -> str:
    url = "".join(url.split())  # an address on one line, whatever the input put in it
    return url if len(url) <= limit else url[:limit] + "…"


class RootedFetcher(URLFetcher):
    """Serves `file:` URLs under `roots` and `data:` URIs; refuses everything else.

    WeasyPrint stops the render on a refusal (fail_on_errors), and the core turns that into
    one FetchRefused line naming `input_name` and the address. WeasyPrint swallows errors while
    it draws an SVG, so every refusal is also kept in `refused`, for the core to raise after."""

    def __init__(self, input_name: str, roots: list[Path]):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=True)
        self.input_name = input_name
        self.refused: list[FetchRefused] = []
        self.roots = [Path(os.path.realpath(root)) for root in roots]

    def refusal(self, url: str) -> str | None:
        """Why the address may not be read, or None if it may."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return None
        if scheme != "file":
            return f"{scheme or 'a relative address'} is not read: only files in the project and data: URIs"
        if parts.netloc not in ("", "localhost"):
            return f"a file on another host ({parts.netloc}) is not read"
        path = Path(os.path.realpath(unquote(parts.path)))
        if not any(path.is_relative_to(root) for root in self.roots):
            return "outside the folders this PDF may read (" + ", ".join(str(r) for r in self.roots) + ")"
        if not path.is_file():
            return "no such file"
        return None

    def check(self, url: str) -> None:
        reason = self.refusal(url)
        if reason:
            self.refused.append(FetchRefused(self.input_name, _shown(url), reason))
            raise self.refused[-1]

    def fetch(self, url, headers=None):
        self.check(url)
        if urlsplit(url).scheme.lower() == "data":
            return super().fetch(url, headers)  # urllib's DataHandler: decoded in memory
        path = Path(os.path.realpath(unquote(urlsplit(url).path)))
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime_type})
