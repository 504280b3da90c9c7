"""The guide as one HTML document for the PDF core: cover, contents, then each part of the nav
with its pages' articles, numbered as chapters (2. The guide, 2.1, 2.2 …)."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

import jinja2
import lxml.html
from lxml.html import builder as E

import i18n
import settings
from pdfcore import PdfError, RootedFetcher

from . import nav
from .pages import Linker, demote_headings, ids_of, read_article

TEMPLATES = settings.ROOT / "print" / "guide-pdf"


@dataclass(frozen=True)
class Book:
    """One edition's guide PDF: where its built pages are, its nav, and what its cover says."""

    site_dir: Path
    nav: list  # as in mkdocs.yml
    lang: str
    title: str
    subtitle: str
    site_url: str  # the published edition, ending in "/"
    author: str
    copyright: str  # HTML, from the project's own config
    description: str
    keywords: str
    contents_title: str
    web_only: tuple[str, ...]  # URL prefixes of pages left out of the PDF
    docs_dir: str = "docs"

    @property
    def full_title(self) -> str:
        return f"{self.title}: {self.subtitle}"


@dataclass(frozen=True)
class Entry:
    level: int
    number: str
    text: str
    target: str  # "#id"


def _number(heading, number: str) -> Entry:
    """Puts "2.1" before the heading's text; the contents entry that points at it."""
    text = " ".join(heading.text_content().split())
    if not heading.get("id"):
        heading.set("id", "section-" + number.rstrip(".").replace(".", "-"))
    span = E.SPAN(number, E.CLASS("number"))
    span.tail = " " + (heading.text or "")
    heading.text = None
    heading.insert(0, span)
    return Entry(1 if heading.tag == "h1" else 2, number, text, "#" + heading.get("id", ""))


def _first_heading(article, tag: str, source: str):
    heading = article.find(f".//{tag}")
    if heading is None:
        raise PdfError(source, "title", "the page has no title (a level-1 heading)")
    return heading


def chapters(book: Book, fetcher: RootedFetcher) -> tuple[list[Entry], str, int]:
    """The contents entries, the HTML of every part and how many pages of the site they hold."""
    parts = nav.parts(book.nav, list(book.web_only))
    source = {page.url: f"{book.docs_dir}/{page.md}" for part in parts for page in part.pages}
    articles = {page.url: (page, read_article(page, book.site_dir, source[page.url]))
                for part in parts for page in part.pages}
    linker = Linker({url: (page, ids_of(article)) for url, (page, article) in articles.items()},
                    book.site_url, book.site_dir, fetcher)
    entries, html = [], []
    for n, part in enumerate(parts, 1):
        section = E.SECTION(E.CLASS("part"))
        if part.title:
            title = E.H1(part.title, E.CLASS("part-title"), id=f"part-{n}")
            entries.append(_number(title, f"{n}."))
            section.append(title)
        for m, page in enumerate(part.pages, 1):
            _, article = articles[page.url]
            linker.rewrite(page, article, source[page.url])
            article.attrib.pop("class", None)
            article.set("class", "chapter")
            if part.title:
                demote_headings(article)
                entries.append(_number(_first_heading(article, "h2", source[page.url]), f"{n}.{m}"))
            else:
                entries.append(_number(_first_heading(article, "h1", source[page.url]), f"{n}."))
                for k, heading in enumerate(article.iter("h2"), 1):
                    entries.append(_number(heading, f"{n}.{k}"))
            section.append(article)
        html.append(lxml.html.tostring(section, encoding="unicode"))
    return entries, "\n".join(html), len(articles)


def contents(book: Book, entries: list[Entry]) -> str:
    items = "".join(f'<li class="level-{e.level}"><a href="{escape(e.target)}"><span class="number">'
                    f'{escape(e.number)}</span> {escape(e.text)}</a></li>' for e in entries)
    return (f'<nav id="contents" aria-label="{escape(book.contents_title)}"><h1>{escape(book.contents_title)}</h1>'
            f'<ul class="contents">{items}</ul></nav>')


def cover(book: Book) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    return env.get_template("cover.html.j2").render(
        cover_title=book.title, cover_subtitle=book.subtitle, site_url=book.site_url, author=book.author,
        copyright=book.copyright, ui=i18n.strings(book.lang))


def page_footer_css(lang: str) -> str:
    """"Page N of M" in the edition's language (data/site/ui.yml), after guide.css's own."""
    before, between = (part.replace('"', "") for part in i18n.text("pdf_page_of", lang).split("{page}"))
    between = between.replace("{pages}", "")
    return f'\n@page {{ @bottom-center {{ content: "{before}" counter(page) "{between}" counter(pages); }} }}\n'


def book_html(book: Book, fetcher: RootedFetcher) -> tuple[str, int]:
    """The whole guide as HTML, and how many pages of the site it holds."""
    entries, body, count = chapters(book, fetcher)
    css = (TEMPLATES / "guide.css").read_text(encoding="utf-8") + page_footer_css(book.lang)
    html = (f'<!doctype html><html lang="{escape(book.lang)}"><head><meta charset="utf-8">'
            f"<title>{escape(book.full_title)}</title>"
            f'<meta name="author" content="{escape(book.author)}">'
            f'<meta name="description" content="{escape(book.description)}">'
            f'<meta name="keywords" content="{escape(book.keywords)}">'
            f"<style>{css}</style></head><body>{cover(book)}{contents(book, entries)}{body}</body></html>")
    return html, count
