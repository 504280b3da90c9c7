"""The guide PDF, made from the built site's pages with the PDF core (scripts/pdfcore).

    from guidepdf import Book, build_guide_pdf
    build_guide_pdf(book, site_dir / "downloads/…-guide.pdf")

Each page of the nav (but the web-only ones) is read from the built site, its <article> taken,
its links made to work on paper, and the whole laid out with print/guide-pdf/guide.css, a
stylesheet made for the PDF (not the web theme's). The PDF passes the same checks as every
print product, reads nothing but the built site, and is copied from the PDF cache when
nothing that shapes it changed. Everything language-specific comes in the Book, so a second
edition (site/es/) is a second Book.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pdfcache
import pdfcore
import settings

from .book import TEMPLATES, Book, book_html

NAME = "guide PDF"


def _code_and_styles() -> list[Path]:
    """The files that shape the PDF besides its HTML: this code, the core's and the templates."""
    here = Path(__file__).resolve().parent
    return [*sorted(here.glob("*.py")), *sorted(Path(pdfcore.__file__).parent.glob("*.py")),
            *sorted(TEMPLATES.iterdir())]


def _local_files(html: str) -> list[Path]:
    return [Path(unquote(urlparse(uri).path)) for uri in re.findall(r'src="(file://[^"]+)"', html)]


def expect(pages_of_site: int) -> pdfcore.Expect:
    least = 2 + pages_of_site
    return pdfcore.Expect(NAME, pdfcore.LETTER_PT, "Letter", (least, 10_000),
                          f"a cover, the contents and a page or more for each of its {pages_of_site} pages "
                          f"make at least {least}")


def build_guide_pdf(book: Book, out: Path) -> Path:
    """Writes the guide PDF to `out` (whole or not at all); raises pdfcore.PdfError, one line."""
    fetcher = pdfcore.RootedFetcher(NAME, [book.site_dir])
    html, pages_of_site = book_html(book, fetcher)
    wanted = expect(pages_of_site)
    identifier = f"cst-guide-{book.lang}"
    cache_key = pdfcache.key(html, repr(wanted), identifier, files=[*_code_and_styles(), *_local_files(html)])
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if pdfcache.fetch("guide", cache_key, {"guide.pdf": out}):
        return out
    document = pdfcore.layout(html, name=NAME, base_dir=book.site_dir, roots=[book.site_dir], fetcher=fetcher)
    pdfcore.require_layout(document, html, wanted)
    settings.write_atomic(out, pdfcore.write_checked(document, html, wanted, identifier))
    pdfcache.store("guide", cache_key, {"guide.pdf": out})
    return out


__all__ = ["NAME", "Book", "build_guide_pdf", "expect"]
