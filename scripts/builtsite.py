"""The built site as the page checks and the bench open it: its pages, and Debian's Chromium.

Shared by tests/browser.py and scripts/benchmark/, so both open the same pages with the same
browser. Never a downloaded browser: Playwright drives /usr/bin/chromium (Debian's package).
"""
from __future__ import annotations

from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# Root in CI needs --no-sandbox; the rest keep Chromium quiet and offline: every host name but
# 127.0.0.1 resolves to nothing, so no request can leave the machine.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def site_pages(site_dir: Path, with_404: bool = True) -> list[str]:
    """Every built page as a path relative to the site root: "" first, "404.html" last (if asked)."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith("assets/") or rel == "404.html":
            continue
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    pages.sort(key=lambda p: (p != "", p))
    if with_404 and (site_dir / "404.html").exists():
        pages.append("404.html")
    return pages


def page_file(site_dir: Path, page: str) -> Path:
    """The file behind a page path of `site_pages`."""
    return site_dir / (page + "index.html" if page == "" or page.endswith("/") else page)
