"""HTML -> laid-out document -> PDF bytes, with the project's PDF options, for every PDF we make."""
from __future__ import annotations

import functools
import weakref
from contextlib import contextmanager
from pathlib import Path

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

import settings

from .errors import FetchRefused, PdfError
from .fetcher import RootedFetcher

# Tagged PDF/UA-1: structure for screen readers, a title and a language, fonts embedded (subset).
PDF_OPTIONS = {"pdf_tags": True, "pdf_variant": "pdf/ua-1"}
# The fetcher each laid-out document reads with, to raise what it refused while the PDF is drawn.
_FETCHERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@contextmanager
def _refused_as_one_line(name: str, fetcher: RootedFetcher | None):
    """WeasyPrint stops on the fetcher's refusal, but for an SVG's <image>, drawn into the PDF
    with every error swallowed; either way the caller gets the fetcher's own one-line error."""
    try:
        yield
    except FatalURLFetchingError as exc:
        if isinstance(exc.__cause__, PdfError):
            raise exc.__cause__ from None
        raise FetchRefused(name, "address", str(exc.__cause__ or exc)) from None
    if fetcher is not None and fetcher.refused:
        raise fetcher.refused[0]


@functools.cache
def _fonts() -> FontConfiguration:
    """One font configuration per process, shared by every document it lays out."""
    return FontConfiguration()


@functools.lru_cache(maxsize=16)
def _stylesheet(path: Path, changed: int) -> weasyprint.CSS:
    """A style sheet parsed once per process (and again if the file changes): the print kit
    lays out 15 products per language with the same sheet, and parsing it is a fifth of each."""
    folder = path.parent
    return weasyprint.CSS(string=path.read_text(encoding="utf-8"), base_url=folder.as_uri() + "/",
                          url_fetcher=RootedFetcher(f"style sheet {path.name}", [folder]), font_config=_fonts())


def layout(html: str, *, name: str, base_dir: Path, roots: list[Path], presentational_hints: bool = False,
           fetcher: RootedFetcher | None = None, stylesheets: tuple[Path, ...] = ()) -> weasyprint.Document:
    """Lays the HTML out; it may read files under `roots` (and data: URIs), nothing else.

    `name` says what is rendered (a product id, "guide PDF"), for errors. `stylesheets` are
    applied besides the HTML's own, each parsed once per process. Raises FetchRefused for the
    first address it may not read."""
    fetcher = fetcher or RootedFetcher(name, roots)
    with _refused_as_one_line(name, fetcher):
        sheets = [_stylesheet(path.resolve(), path.stat().st_mtime_ns) for path in stylesheets]
        # presentational_hints: honour HTML attributes such as <ol start="6">.
        document = weasyprint.HTML(string=html, base_url=Path(base_dir).resolve().as_uri() + "/",
                                   url_fetcher=fetcher).render(stylesheets=sheets, font_config=_fonts(),
                                                               presentational_hints=presentational_hints,
                                                               **PDF_OPTIONS)
    created = settings.build_datetime().isoformat()
    document.metadata.created = document.metadata.modified = created  # reproducible bytes
    _FETCHERS[document] = fetcher
    return document


def pdf_bytes(document: weasyprint.Document, identifier: str) -> bytes:
    """The PDF; a fixed identifier and the build date make the same input the same bytes."""
    with _refused_as_one_line(identifier, _FETCHERS.get(document)):
        return document.write_pdf(pdf_identifier=identifier.encode(), **PDF_OPTIONS)
