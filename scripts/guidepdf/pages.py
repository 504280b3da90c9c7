"""One built page as a chapter of the PDF: its <article>, with ids made unique across the book,
links between pages turned into links inside the PDF, links to downloads and web-only pages
pointed at the published site, external links left byte for byte as written, and every file
it loads checked against the PDF core's fetcher (with the page named if it is refused)."""
from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.html

from pdfcore import FetchRefused, PdfError, RootedFetcher

from .nav import Page

# What means nothing on paper: permalink pilcrows, "back to text" arrows, the print kit's
# thumbnails (links to the full-size preview) and the line saying what clicking one does.
DROPPED_CLASSES = (("a", "headerlink"), ("a", "note-back"), ("a", "md-content__button"), ("*", "print-kit-hint"),
                   ("*", "md-icon"))
# Nothing runs, and nothing styles the page but the PDF's own stylesheet.
DROPPED_TAGS = ("script", "style", "link", "iframe", "object", "embed", "noscript", "template")
KEPT_SCHEMES = ("http", "https", "mailto", "tel")
RESOURCE_ATTRIBUTES = ("src", "href", "{http://www.w3.org/1999/xlink}href", "poster", "data")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def read_article(page: Page, site_dir: Path, source: str) -> lxml.html.HtmlElement:
    """The page's <article>; `source` names the page in errors (docs/guide/scope.md)."""
    built = page.built(site_dir)
    try:
        root = lxml.html.fromstring(built.read_bytes())
    except (OSError, ValueError) as exc:
        raise PdfError(source, "built page", f"{built} cannot be read ({exc})") from None
    article = root.find(".//article")
    if article is None:
        raise PdfError(source, "built page", f"{built} has no <article>")
    dropped = [f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
               for tag, name in DROPPED_CLASSES] + [f".//{tag}" for tag in DROPPED_TAGS]
    for element in article.xpath(" | ".join(dropped)):
        element.drop_tree()
    for element in article.xpath(".//*[@srcset]"):
        del element.attrib["srcset"]  # the src is enough on paper, and it is the one checked
    return article


def ids_of(article) -> set[str]:
    return {element.get("id") for element in article.iter() if isinstance(element.tag, str) and element.get("id")}


def demote_headings(article) -> None:
    """h1 -> h2 and so on (h6 stays): a page inside a part is one level below the part's title."""
    for element in article.iter(*HEADINGS[:-1]):
        element.tag = HEADINGS[HEADINGS.index(element.tag) + 1]


class Linker:
    """Rewrites one page's ids, links and file addresses for the book."""

    def __init__(self, pages: dict[str, tuple[Page, set[str]]], site_url: str, site_dir: Path,
                 fetcher: RootedFetcher):
        self.pages, self.site_url, self.fetcher = pages, site_url, fetcher
        self.site_dir = Path(site_dir).resolve()

    def anchor(self, url: str, fragment: str) -> str | None:
        """'#page-…' for a page of the PDF (and a fragment it has), else None."""
        found = self.pages.get(url)
        if found is None:
            return None
        page, ids = found
        return f"#{page.anchor}--{fragment}" if fragment in ids else f"#{page.anchor}"

    def href(self, page: Page, href: str) -> str | None:
        """The link as the PDF needs it; None drops it (a scheme no reader should follow)."""
        parts = urlsplit(href)
        if parts.scheme:
            return href if parts.scheme.lower() in KEPT_SCHEMES else None
        if href.startswith("#"):
            return self.anchor(page.url, parts.fragment)
        absolute = urljoin(self.site_url + page.url, href)
        if not absolute.startswith(self.site_url):
            return absolute  # above this edition's root: a page of the other edition
        target = urlsplit(absolute[len(self.site_url):])
        path = target.path
        if PurePosixPath(path).name == "index.html":
            path = path[:-len("index.html")]
        inside = self.anchor(path, target.fragment) if not target.query else None
        # A download, a page left out of the PDF: on paper, only the published site opens it.
        return inside or urljoin(self.site_url, urlunsplit(("", "", path, target.query, target.fragment)))

    def rewrite(self, page: Page, article, source: str) -> None:
        page_uri = (self.site_dir / page.url).as_uri() + "/"
        for element in article.iter():
            if not isinstance(element.tag, str):
                continue
            if element.get("id"):
                element.set("id", f"{page.anchor}--{element.get('id')}")
            if element.tag == "a" and element.get("href") is not None:
                href = self.href(page, element.get("href"))
                if href is None:
                    del element.attrib["href"]
                else:
                    element.set("href", href)
                continue
            for attribute in RESOURCE_ATTRIBUTES:
                value = element.get(attribute)
                if value and not value.startswith("#"):
                    address = urljoin(page_uri, value.strip())
                    reason = self.fetcher.refusal(address)
                    if reason:
                        raise FetchRefused(source, f"<{element.tag} {attribute.rsplit('}')[-1]}=\"{value}\">", reason)
                    element.set(attribute, address)
        article.set("id", page.anchor)
