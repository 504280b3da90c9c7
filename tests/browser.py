"""Shared by the page tests: the built site served on 127.0.0.1 and one Debian Chromium.

Use the fixtures by importing them into a test module (pytest finds them there):

    from browser import chromium, served_site  # noqa: F401  (pytest fixtures)

    def test_something(chromium, served_site):
        context = new_context(chromium)
        page = context.new_page()
        page.goto(served_site.url("guide/"))

- `chromium`: a Playwright Browser, launched once per test session however many modules
  import it (Playwright's sync API allows one running instance per thread).
- `served_site`: the built site (SITE_DIR) served by a threaded http.server on a free port,
  under the same path as the published site (`site_url`), so 404.html and its absolute links
  work as they do online. `served_site.origin`, `.root` (URL of the home page), `.url(path)`,
  `.pages` (every page's path relative to the root, home page first, 404.html last).
- `new_context(browser, allowed=(origin, ...), block=True, **options)`: a context in which
  every request outside the allowed origins (data: and blob: are always allowed) is recorded in
  `context.blocked`. With block=True it is also aborted in the browser; Playwright then turns
  the HTTP cache off, so a walk over many pages is faster with block=False, where such a
  request still fails at the host resolver (below) and is recorded all the same.
- `search(page, query)`: types a query into Material's search once its index has loaded, and
  returns the result items (at least one).
- Not counted as leaving the site: Material's script reads sitemap.xml beside each hreflang link
  of a page's head, and those links name the published address (`site_url`), as search engines
  require. On the published site that is the page's own origin; served here, the page's policy
  blocks the read and nothing leaves. `published_sitemap(url)` says whether a URL is one.
- `chromium` is launched with a host resolver that maps every name but 127.0.0.1 to nothing,
  so no request can leave the machine, whatever the context does.
"""
from __future__ import annotations

import functools
import html
import http.server
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, sync_playwright

import settings
from builtsite import CHROMIUM, CHROMIUM_ARGS, site_pages
from conftest import SITE

LOCAL_SCHEMES = ("data:", "blob:", "about:")

_shared: dict = {}   # one Playwright, one browser and one server per session, whoever asks first


def published_path(site_dir: Path) -> str:
    """The path part of site_url ("/web-edition/"), read from the home page's canonical link."""
    head = (site_dir / "index.html").read_text(encoding="utf-8").split("</head>", 1)[0]
    # Attribute order varies: the guide PDF plugin re-serializes pages with BeautifulSoup.
    link = re.search(r'<link\b[^>]*\brel="canonical"[^>]*>', head)
    href = re.search(r'\bhref="([^"]+)"', link.group(0)) if link else None
    path = urlsplit(html.unescape(href.group(1))).path if href else "/"
    return path if path.endswith("/") else path + "/"


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a browser that moves on before a file is sent is no error here


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` under `prefix`; anything else gets the site's 404 page, as on a host."""
    prefix = "/"
    log: list[str]

    def translate_path(self, path):
        path = unquote(urlsplit(path).path)
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        self.log.append(self.path)


@dataclass
class ServedSite:
    directory: Path
    origin: str
    root: str
    pages: list[str]
    requested: list[str] = field(default_factory=list)   # every path the server was asked for

    def url(self, page: str = "") -> str:
        return self.root + page


def serve(site_dir: Path) -> tuple[ServedSite, _QuietServer]:
    prefix = published_path(site_dir)
    requested: list[str] = []
    handler = functools.partial(type("Handler", (_SiteHandler,), {"prefix": prefix, "log": requested}),
                                directory=str(site_dir))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    return ServedSite(site_dir, origin, origin + prefix, site_pages(site_dir), requested), server


def published_sitemap(url: str) -> bool:
    """A sitemap.xml of the published site (see the module's docstring)."""
    return bool(re.fullmatch(re.escape(settings.site_url()) + r"(?:[\w.-]+/)*sitemap\.xml", url))


def new_context(browser: Browser, allowed: tuple[str, ...] = (), block: bool = True,
                **options) -> BrowserContext:
    """A browser context that records in `context.blocked` every request outside `allowed`
    origins (and data:/blob:); with block=True it also aborts them (and loses the HTTP cache)."""
    context = browser.new_context(**options)
    context.blocked = []

    def inside(url: str) -> bool:
        return (url.startswith(LOCAL_SCHEMES) or any(url.startswith(origin + "/") for origin in allowed)
                or published_sitemap(url))

    def route(route):
        if inside(route.request.url):
            route.continue_()
        else:
            context.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    if block:
        context.route("**/*", route)
    else:
        context.on("request", lambda request: inside(request.url) or context.blocked.append(request.url))
    return context


# What Material shows in the search box once its index is built, per edition's language.
SEARCH_READY = {"en": "Type to start searching", "es": "Teclee para comenzar"}


def search(page: Page, query: str, timeout: float = 10_000, lang: str = "en") -> Locator:
    """Material's search results for `query`, typed as a reader would.

    Keys, not `fill`: Material reads the query on keyup, so a filled value set before the index
    loaded was never searched (seen on a busy CI machine). Waiting for "Type to start searching"
    (shown once the worker has built the index) keeps the 10 s timeout about the search itself."""
    box = page.locator("input.md-search__input")
    box.click()
    page.locator(".md-search-result__meta", has_text=SEARCH_READY[lang]).wait_for(timeout=30_000)
    box.press_sequentially(query)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=timeout)
    return results


@pytest.fixture(scope="session")
def chromium(request) -> Browser:
    if "browser" not in _shared:
        playwright = sync_playwright().start()
        _shared["browser"] = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        def stop():
            _shared.pop("browser").close()
            playwright.stop()
        request.session.config.add_cleanup(stop)
    return _shared["browser"]


@pytest.fixture(scope="session")
def served_site(request, site) -> ServedSite:
    if "site" not in _shared:
        _shared["site"], server = serve(site)

        def stop():
            server.shutdown()
            server.server_close()
            del _shared["site"]
        request.session.config.add_cleanup(stop)
    return _shared["site"]
