"""Page weight: what a reader downloads for the first page, and for each page after it.

Every page is opened in Chromium with an empty cache; every file it requests (style sheets,
scripts, the search worker and index, images, fonts) is counted at its gzipped size. The first
load is the home page with all it loads; a further page counts only the files the home page
did not already bring (its HTML, mostly). Failed requests are listed: they cost a round trip
and show as console errors.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from builtsite import CHROMIUM, CHROMIUM_ARGS, site_pages

from testbed.sitehost import transfer_size


def local_file(site_dir: Path, root_url: str, url: str) -> Path | None:
    if not url.startswith(root_url):
        return None
    path = site_dir / unquote(urlsplit(url[len(root_url):]).path)
    return path / "index.html" if path.is_dir() else path


@dataclass
class PageLoad:
    page: str
    files: dict[str, int]                              # file (relative to the site) -> bytes
    failed: list[str] = field(default_factory=list)    # URLs that did not load


def load_page(browser, site_dir: Path, root_url: str, page: str) -> PageLoad:
    context = browser.new_context()
    requested: list[str] = []
    failed: list[str] = []
    context.on("requestfinished", lambda r: requested.append(r.url))
    context.on("requestfailed", lambda r: failed.append(r.url))
    tab = context.new_page()
    tab.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    tab.goto(root_url + page, wait_until="networkidle")
    context.close()
    files = {}
    for url in requested:
        path = local_file(site_dir, root_url, url)
        if path is not None and path.is_file() and url not in failed:
            files[path.relative_to(site_dir).as_posix()] = transfer_size(path)
    return PageLoad(page, files, sorted(set(failed)))


EDITION_HOMES = ("es/",)  # each edition is read from its own home page; English is loads[0]


def summarize(loads: list[PageLoad]) -> dict:
    """First-load and further-page weights; `loads[0]` is the home page. A page of another
    edition (es/…) counts as further from that edition's home page, as its readers arrive."""
    home = loads[0]
    homes = {load.page: load for load in loads if load.page in EDITION_HOMES}

    def home_of(load: PageLoad) -> PageLoad:
        return next((homes[h] for h in homes if load.page.startswith(h)), home)
    first = {load.page: sum(load.files.values()) for load in loads}
    further = {load.page: sum(size for name, size in load.files.items() if name not in home_of(load).files)
               for load in loads[1:] if load.page not in homes}
    heaviest_first = max(first, key=first.get)
    heaviest_further = max(further, key=further.get) if further else None
    return {
        "first_load_home": first[home.page],
        "first_load_home_files": dict(sorted(home.files.items(), key=lambda kv: -kv[1])),
        "first_load_heaviest": {"page": heaviest_first, "bytes": first[heaviest_first]},
        "further_heaviest": {"page": heaviest_further, "bytes": further.get(heaviest_further, 0)},
        "further_pages": further,
        "failed_requests": {load.page: load.failed for load in loads if load.failed},
    }


def measure(site_dir: Path, root_url: str) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            pages = [page for page in site_pages(site_dir, with_404=False) if not page.endswith("404.html")]
            loads = [load_page(browser, site_dir, root_url, page) for page in pages]
        finally:
            browser.close()
    return summarize(loads)
