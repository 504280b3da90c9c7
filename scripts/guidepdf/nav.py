"""The guide's chapters, in the order of the site's nav: parts (a nav section, or a page at the
top level) holding pages. Pages that only make sense online are left out."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Page:
    md: str  # as in the nav: "guide/scope.md"

    @property
    def url(self) -> str:
        """Its address in the built site, relative to the site's root: "guide/scope/", "" for the home page."""
        stem = self.md[:-3]
        if stem == "index":
            return ""
        return (stem[:-len("index")] if stem.endswith("/index") else stem + "/")

    @property
    def anchor(self) -> str:
        """The id of its chapter in the PDF."""
        return "page-" + self.md[:-3].replace("/", "-")

    def built(self, site_dir: Path) -> Path:
        return site_dir / self.url / "index.html"


@dataclass(frozen=True)
class Part:
    title: str | None  # the nav section's title; None for a page at the top level
    pages: tuple[Page, ...]


def page_sources(nav) -> list[str]:
    """Every Markdown page a MkDocs nav lists, in order: "index.md", "guide/index.md", …"""
    return [page.md for page in _pages(nav)]


def _pages(items) -> list[Page]:
    found = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found += _pages(value)
        elif isinstance(value, str) and value.endswith(".md") and "://" not in value:
            found.append(Page(value))
    return found


def parts(nav: list, web_only: list[str]) -> list[Part]:
    """The nav's top-level items as parts, without the web-only pages (`web_only`: URL prefixes
    such as "about/contributing/") and without parts left empty."""
    def in_pdf(page: Page) -> bool:
        return not any(page.url.startswith(prefix.rstrip("/") + "/") for prefix in web_only)

    found = []
    for item in nav:
        title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        pages = tuple(p for p in _pages([item]) if in_pdf(p))
        if pages:
            found.append(Part(title if isinstance(value, list) else None, pages))
    return found
