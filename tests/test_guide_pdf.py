"""The guide PDF (scripts/guidepdf): US Letter, tagged, described, fonts embedded, nothing cut off,
notes with URLs, links that work on paper."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from html.parser import HTMLParser

import pypdf
import pytest

from conftest import ROOT, built_path, nav_pages

import citations
import datastore
import i18n
import settings
from guidepdf.nav import Page
from guidepdf.pages import Linker
from pdfcore import RootedFetcher

LETTER = (612, 792)


@dataclass(frozen=True)
class Edition:
    lang: str
    config: dict  # its MkDocs config, as settings reads it
    site: Path  # where its pages are built

    @property
    def pdf(self) -> Path:
        return self.site / self.config["extra"]["guide_pdf"]

    @property
    def nav_files(self) -> list[str]:
        return nav_pages(self.config["nav"])


EDITIONS = {"en": "mkdocs.yml", "es": "mkdocs-es.yml"}


@pytest.fixture(scope="module", params=sorted(EDITIONS))
def edition(request, site) -> Edition:
    lang = request.param
    return Edition(lang, settings.mkdocs_config(ROOT / EDITIONS[lang]), site / "es" if lang == "es" else site)


@pytest.fixture(scope="module")
def reader(edition):
    return pypdf.PdfReader(edition.pdf)


@pytest.fixture(scope="module")
def pdf_text(reader, edition):
    """All text with whitespace removed, so wrapped lines and URLs still match, and without what
    each page prints around its body (running heads, page numbers, list bullets), which would
    split a line that runs over a page break."""
    book = edition.config["extra"]["guide_pdf_book"]
    parts = [next(iter(item)) for item in edition.config["nav"] if isinstance(item, dict)]
    furniture = [squash(f"{n}. {part}") for n, part in enumerate(parts, 1)] + [squash(book["title"])]
    page_of = re.escape(squash(i18n.text("pdf_page_of", edition.lang))).replace(r"\{page\}", r"\d+").replace(r"\{pages\}", r"\d+")
    texts = []
    for page in reader.pages:
        text = re.sub(page_of, "", squash(page.extract_text() or "")).replace("•", "")
        for item in furniture:  # printed after the body: the last occurrence is the furniture
            at = text.rfind(item)
            text = text[:at] + text[at + len(item):] if at >= 0 else text
        texts.append(text)
    return "".join(texts)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


class Headings(HTMLParser):
    """Text of h1–h6 inside the page's article, in order."""

    def __init__(self):
        super().__init__()
        self.in_article = 0
        self.current = None
        self.headings: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.in_article += 1
        elif self.in_article and re.fullmatch(r"h[1-6]", tag):
            self.current = []
        elif tag == "a" and self.current is not None and ("class", "headerlink") in attrs:
            self.current.append(None)  # marks the permalink, whose text is not heading text

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1
        elif self.current is not None and re.fullmatch(r"h[1-6]", tag):
            text = "".join(t for t in self.current if t is not None and t != "¶")
            self.headings.append(" ".join(text.split()))
            self.current = None

    def handle_data(self, data):
        if self.current is not None and (not self.current or self.current[-1] is not None):
            self.current.append(data)


def pdf_pages(edition: Edition) -> list[str]:
    excluded = edition.config["extra"]["guide_pdf_book"]["web_only"]
    return [md for md in edition.nav_files if not any(md.startswith(prefix.rstrip("/")) for prefix in excluded)]


def test_every_page_is_us_letter(reader):
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    assert sizes == {LETTER}


def test_metadata_title_author_subject_language(reader, edition):
    meta, book = reader.metadata, edition.config["extra"]["guide_pdf_book"]
    assert meta.title == f"{book['title']}: {book['subtitle']}"
    assert book["author"] in meta.author
    assert meta.subject
    assert reader.trailer["/Root"]["/Lang"] == edition.lang


def test_page_footer_is_in_the_editions_language(reader, edition):
    words = i18n.text("pdf_page_of", edition.lang, page="7", pages=str(len(reader.pages)))
    assert words in reader.pages[6].extract_text()


def test_tagged_for_screen_readers(reader):
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)


def test_dates_come_from_source_date_epoch(reader):
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or pytest.fail("run through `make test`, which sets SOURCE_DATE_EPOCH"))
    expected = datetime.fromtimestamp(epoch, timezone.utc).strftime("D:%Y%m%d%H%M%S")
    assert reader.metadata["/CreationDate"].startswith(expected)
    assert reader.metadata["/ModDate"].startswith(expected)


def test_fonts_embedded_and_subset(reader):
    seen = 0
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            assert descriptor is not None, font
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            assert re.match(r"/[A-Z]{6}\+", font["/BaseFont"]), f"{font['/BaseFont']} is not subset"
            seen += 1
    assert seen


def test_no_page_is_cut_short(edition, pdf_text):
    """The PDF of the old plugin was once cut short: the last heading of every page must be in it."""
    missing = []
    for md in pdf_pages(edition):
        parser = Headings()
        parser.feed(built_path(edition.site, md).read_text(encoding="utf-8"))
        headings = [h for h in parser.headings if h and h != i18n.text("notes_heading", edition.lang)]
        assert headings, f"{md} has no headings"
        if squash(headings[-1]) not in pdf_text:
            missing.append(f"{md}: {headings[-1]!r}")
    assert not missing, "last headings missing from the PDF:\n" + "\n".join(missing)


def test_cited_links_in_the_pdf_open_the_cited_url(reader):
    """The plugin once turned every "%" in an href into "-"; cited addresses must survive."""
    _, notes = datastore.load_resources()
    wanted = {n.resource["cited_url"] for n in notes.values() if "%" in n.resource.get("cited_url", "")}
    assert wanted, "no cited URL with a percent-escape to check"
    links = {annot.get_object()["/A"].get("/URI") for page in reader.pages
             for annot in page.get("/Annots") or [] if "/A" in annot.get_object()}
    assert wanted <= links


def test_notes_print_their_full_urls(pdf_text):
    """Nobody can click paper: every cited address, and its archived copy, is printed."""
    _, notes = datastore.load_resources()
    missing = []
    for note in notes.values():
        url = note.resource.get("cited_url")
        if not url:
            continue
        for printed in (url, citations.wayback_url(note.resource)):
            if squash(printed) not in pdf_text:
                missing.append(f"note {note.note}: {printed}")
    assert not missing, "\n".join(sorted(set(missing)))


def _uris(reader) -> set[str]:
    return {annot.get_object()["/A"].get("/URI") for page in reader.pages
            for annot in page.get("/Annots") or [] if "/A" in annot.get_object()}


def test_links_to_web_only_pages_and_downloads_open_the_published_site(reader, edition):
    """On paper a link to a page left out of the PDF, or to a download, can only go to the site;
    from the Spanish guide, a page that exists only in English opens the English site."""
    site_url = settings.site_url()
    uris = _uris(reader)
    assert f"{site_url}resources/link-health/" in uris  # the resources page links to it
    # The edition's own fact sheet, or the English one where the edition has none yet.
    assert {f"{settings.site_url(lang)}print-kit/fact-sheet.pdf" for lang in ("en", edition.lang)} & uris
    internal = [u for u in uris if u and not re.match(r"[a-z]+:", u)]
    assert not internal, f"links that lead nowhere on paper: {internal[:5]}"


def test_links_are_made_for_paper(tmp_path):
    """Between pages: an anchor in the PDF; to a web-only page or a download: the published site;
    outside: byte for byte as written; a scheme no reader should follow: no link at all."""
    scope, partners = Page("guide/scope.md"), Page("guide/partners.md")
    linker = Linker({"guide/scope/": (scope, {"note-2"}), "guide/partners/": (partners, {"cps"})},
                    "https://example.org/edition/", tmp_path, RootedFetcher("test", [tmp_path]))
    assert linker.href(scope, "#note-2") == "#page-guide-scope--note-2"
    assert linker.href(scope, "../partners/#cps") == "#page-guide-partners--cps"
    assert linker.href(scope, "../partners/index.html") == "#page-guide-partners"
    assert linker.href(scope, "../partners/#gone") == "#page-guide-partners"
    assert linker.href(scope, "../../resources/link-health/") == "https://example.org/edition/resources/link-health/"
    assert linker.href(scope, "../../print-kit/fact-sheet.pdf") == "https://example.org/edition/print-kit/fact-sheet.pdf"
    cited = "https://www.ojp.gov/pdffiles1/nij/grants/Fassett-%20National%20Report.pdf"
    assert linker.href(scope, cited) == cited
    assert linker.href(scope, "mailto:tips@example.org") == "mailto:tips@example.org"
    assert linker.href(scope, "javascript:alert(1)") is None
    # From the Spanish edition (published under es/), a page that exists only in English.
    spanish = Linker({"guide/scope/": (scope, set())}, "https://example.org/edition/es/", tmp_path,
                     RootedFetcher("test", [tmp_path]))
    assert spanish.href(scope, "../../../resources/cited-works/") == "https://example.org/edition/resources/cited-works/"
    assert spanish.href(scope, "../../print-kit/poster.pdf") == "https://example.org/edition/es/print-kit/poster.pdf"
