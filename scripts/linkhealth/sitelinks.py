"""The external links of a built site: every http(s) href or src, with the pages it is on."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")
# What each page parsed to, while the file is unchanged: `make serve` rewrites only the edited
# page, so the checks that read every page after each rebuild parse just that one again.
_parsed: dict[tuple[Callable, Path], tuple[tuple[int, int], object]] = {}


def parsed_page(html: Path, parse: Callable[[str], T]) -> T:
    stat = html.stat()
    stamp, key = (stat.st_mtime_ns, stat.st_size), (parse, html.resolve())
    if key in _parsed and _parsed[key][0] == stamp:
        return _parsed[key][1]
    value = parse(html.read_text(encoding="utf-8", errors="replace"))
    _parsed[key] = (stamp, value)
    return value


class _Page(HTMLParser):
    """A page's external links and its text, in one pass (both checks read every page)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.canonical: str | None = None
        self.chunks: list[str] = []

    def handle_data(self, data):
        self.chunks.append(data)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href")
        for name in ("href", "src"):
            value = (attrs.get(name) or "").strip()
            if value.startswith(("http://", "https://")):
                self.urls.append(value)


def site_url(site_dir: Path) -> str | None:
    """The address the site was built for: its home page's canonical link (from site_url)."""
    home = Path(site_dir) / "index.html"
    if not home.exists():
        return None
    parser = _Page()
    parser.feed(home.read_text(encoding="utf-8", errors="replace"))
    return parser.canonical


def page_label(site_dir: Path, html: Path) -> str:
    """site/guide/scope/index.html -> guide/scope/; site/index.html -> / (the home page)."""
    rel = html.relative_to(site_dir).as_posix()
    if rel == "index.html":
        return "/"
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def is_own(url: str, own_prefixes: list[str]) -> bool:
    """A link to the project's own site or repository: not a cited link."""
    return any(url.startswith(p) for p in own_prefixes if p)


def read_page(html: str) -> tuple[list[str], str]:
    """The page's http(s) hrefs and srcs, and its text with whitespace collapsed."""
    parser = _Page()
    parser.feed(html)
    return parser.urls, " ".join("".join(parser.chunks).split())


def external_links(site_dir: Path, own_prefixes: list[str] = ()) -> dict[str, list[str]]:
    """{url: [pages that link it]}, in the order first seen, pages sorted."""
    site_dir = Path(site_dir)
    found: dict[str, set[str]] = {}
    for html in sorted(site_dir.rglob("*.html")):
        for url in parsed_page(html, read_page)[0]:
            if not is_own(url, list(own_prefixes)):
                found.setdefault(url, set()).add(page_label(site_dir, html))
    return {url: sorted(pages) for url, pages in found.items()}
