"""Make the guide PDF tagged, dated from SOURCE_DATE_EPOCH, in English, with working links.

mkdocs-to-pdf renders with `weasyprint.HTML(string=...).render().write_pdf(path)` and
offers no options for tags, PDF variant or dates. This hook swaps in an HTML class that
fixes the document before layout and passes those options on. More fixes:
- The plugin rewrites "%" to "-" in every href to tidy its anchors, which breaks cited
  addresses such as ".../Fassett-%20National..."; external hrefs are put back as they were.
- It turns a link to a download (a print-kit PDF, the offline zip), or to a page left out of
  the PDF, into a dead internal anchor; on paper such links point to the published site.
- It re-serializes every web page with BeautifulSoup to add a header button and a
  <link rel="alternate">, which Material takes for a language version (it then asks for a
  sitemap.xml beside the PDF). Pages are left as written; the footer links the PDF on every page.
- It parses every whole web page with BeautifulSoup's pure-Python parser, then keeps only the
  <head> and the <article>. It is handed just those: the navigation, about three quarters of
  each page, is never parsed, and the PDF comes out byte for byte the same.
Layout takes most of a build's time, so a guide whose HTML, files and code are unchanged is
copied from the PDF cache (scripts/pdfcache.py) instead of laid out again.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlparse

import weasyprint

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import pdfcache  # noqa: E402
import settings  # noqa: E402

PDF_OPTIONS = {"pdf_tags": True, "pdf_variant": "pdf/ua-1", "pdf_identifier": b"cst-guide-web-edition"}


def build_date() -> str:
    return settings.build_datetime().isoformat()


def fix_document(html: str, title: str) -> str:
    """Fixed dates (reproducible bytes), a language and one clear title."""
    created = build_date()
    html = re.sub(r'<meta[^>]*name="dcterms\.(created|modified)"[^>]*>',
                  rf'<meta name="dcterms.\1" content="{created}">', html)
    html = re.sub(r"<html(?![^>]*\blang=)", '<html lang="en"', html, count=1)
    html = re.sub(r"<title>.*?</title>", f"<title>{title}</title>", html, count=1, flags=re.S)
    return html


def tagged_html_class(title: str):
    class TaggedHTML(weasyprint.HTML):
        def __init__(self, *args, string=None, **kwargs):
            if string is not None:
                string = fix_document(string, title)
                self.cache_key = pdfcache.key(string, repr(PDF_OPTIONS), Path(__file__).read_bytes(),
                                              files=local_files(string))
            super().__init__(*args, string=string, **kwargs)

        def render(self, *args, **options):
            cache_key = getattr(self, "cache_key", None)
            if cache_key and not args and not options:
                return CachedDocument(cache_key, self, options)
            return self.render_tagged(*args, **options)

        def render_tagged(self, *args, **options):
            document = super().render(*args, **{**PDF_OPTIONS, **options})
            write_pdf = document.write_pdf

            def write_tagged_pdf(target=None, zoom=1, finisher=None, **more):
                return write_pdf(target, zoom, finisher, **{**PDF_OPTIONS, **more})

            document.write_pdf = write_tagged_pdf
            return document

    return TaggedHTML


class CachedDocument:
    """Stands in for the laid-out guide: lays it out only when the cache has no PDF for it."""

    def __init__(self, cache_key: str, html, options: dict):
        self.cache_key, self.html, self.options = cache_key, html, options

    def write_pdf(self, target, zoom=1, finisher=None, **more):
        if isinstance(target, (str, os.PathLike)) and pdfcache.fetch("guide", self.cache_key, {"guide.pdf": Path(target)}):
            return None
        result = self.html.render_tagged(**self.options).write_pdf(target, zoom, finisher, **more)
        if isinstance(target, (str, os.PathLike)):
            pdfcache.store("guide", self.cache_key, {"guide.pdf": Path(target)})
        return result


def local_files(html: str) -> list[Path]:
    """Images and stylesheets the HTML loads from disk: they shape the PDF too."""
    paths = [unquote(urlparse(ref).path) for ref in re.findall(r'(?:src|href)="((?:file://)?/[^"]+)"', html)]
    return [Path(p) for p in paths if Path(p).is_file()]


def keep_external_hrefs(normalize_link_anchors):
    def wrapper(self, soup):
        external = [(a, a["href"]) for a in soup.find_all("a", href=True) if urlparse(a["href"]).scheme]
        normalize_link_anchors(self, soup)
        for a, href in external:
            a["href"] = href
    wrapper.keeps_external_hrefs = True
    return wrapper


def web_only_to_site_url(transform_href, site_url: str, excluded: list[str]):
    """A link to a download, or to a page left out of the PDF, opens the published site."""
    def wrapper(href, rel_url):
        target = urljoin(rel_url, href)
        suffix = PurePosixPath(urlparse(href).path).suffix
        path = urlparse(target).path
        if urlparse(href).scheme or href.startswith("#"):
            return transform_href(href, rel_url)
        if (suffix and suffix not in (".html", ".md")) or any(path.startswith(page) for page in excluded):
            return urljoin(site_url, target)
        return transform_href(href, rel_url)
    wrapper.points_web_only_to_site = True
    return wrapper


def head_and_article(html: str) -> str:
    """A page cut down to what the plugin keeps of it; a page without an article is left whole."""
    head_end, start, end = html.find("</head>"), html.find("<article"), html.rfind("</article>")
    if -1 in (head_end, start, end) or not head_end < start < end:
        return html
    return f"{html[:head_end]}</head><body>{html[start:end]}</article></body></html>"


def parse_head_and_article(soup_from_content):
    def wrapper(content, page):
        return soup_from_content(head_and_article(content), page)
    wrapper.parses_head_and_article = True
    return staticmethod(wrapper)


def leave_page_as_written(html: str, href: str, page, logger) -> str:
    return html


def on_config(config):
    plugin = config.plugins.get("to-pdf")
    if plugin is None:
        return config
    from mkdocs_to_pdf import generator, preprocessor
    from mkdocs_to_pdf.themes import material

    material.inject_link = leave_page_as_written

    title = f"{plugin.config['cover_title']}: {plugin.config['cover_subtitle']}"
    generator.HTML = tagged_html_class(title)
    if not getattr(generator.Generator._soup_from_content, "parses_head_and_article", False):
        generator.Generator._soup_from_content = parse_head_and_article(generator.Generator._soup_from_content)
    if not getattr(generator.Generator._normalize_link_anchors, "keeps_external_hrefs", False):
        generator.Generator._normalize_link_anchors = keep_external_hrefs(generator.Generator._normalize_link_anchors)
    if not getattr(preprocessor.transform_href, "points_web_only_to_site", False):
        excluded = [page.rstrip("/") + "/" for page in plugin.config["exclude_pages"]]
        preprocessor.transform_href = web_only_to_site_url(preprocessor.transform_href, config["site_url"], excluded)
    return config
