"""Privacy and security: no request leaves the site, a strict Content-Security-Policy that the
site works under, and links out that carry rel="noopener noreferrer"."""
from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import chromium, new_context, search, served_site  # noqa: F401  (pytest fixtures)
from browser import published_sitemap

from hooks import link_attrs

# Records what a page reports: CSP violations (from the document), script errors, console errors.
WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
"""


# Lazy images load now, not when scrolled to; waits for them (five seconds at most).
LOAD_EVERY_IMAGE = """() => Promise.race([
  new Promise(done => setTimeout(done, 5000)),
  Promise.all([...document.images].map(image => {
    image.loading = 'eager';
    return image.complete || new Promise(done => { image.onload = image.onerror = done; });
  })),
])"""


def published_sitemap_read(problem: str) -> bool:
    """The policy's report of Material's read of a published sitemap (see browser.py)."""
    found = re.match(r"(?:console: Connecting to '|connect-src blocked )([^' ]+)", problem)
    return bool(found) and published_sitemap(found.group(1))


def watched_page(context):
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
    page.on("console", lambda msg: msg.type == "error" and page.problems.append(f"console: {msg.text}"))
    return page


def problems(page) -> list[str]:
    return [problem for problem in page.problems + page.evaluate("window.__cspViolations")
            if not published_sitemap_read(problem)]


@pytest.fixture(scope="module")
def site_walk(chromium, served_site):
    """Every page loaded once in Chromium: {page: problems}, plus the requests that left the site."""
    # Not blocked in the browser, to keep the HTTP cache: Chromium cannot reach other hosts
    # anyway (browser.py), and every request to one is recorded.
    context = new_context(chromium, allowed=(served_site.origin,), block=False,
                          viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)
    page = watched_page(context)
    found = {}
    for rel in served_site.pages:
        page.problems = []
        page.goto(served_site.url(rel), wait_until="load")
        page.evaluate(LOAD_EVERY_IMAGE)
        found[rel] = [p for p in problems(page)
                      # the host answers 404.html with status 404, as it should
                      if not (rel == "404.html" and "status of 404" in p)]
    yield found, context.blocked
    context.close()


# --- no request leaves the site --------------------------------------------------------------

def test_every_page_loads_only_from_the_site(site_walk, served_site):
    found, outside = site_walk
    assert len(found) == len(served_site.pages) > 30
    assert not outside, f"requests to other hosts: {sorted(set(outside))}"
    assert any(path.endswith(".css") for path in served_site.requested), "the server saw no stylesheet"


def test_recorder_sees_a_request_to_another_host(chromium, served_site):
    # Proof that the watch above can fail: with the policy bypassed, an outside image is caught.
    context = new_context(chromium, allowed=(served_site.origin,), bypass_csp=True)
    page = context.new_page()
    page.goto(served_site.url())
    page.evaluate("""() => new Promise(done => { const img = new Image();
        img.onerror = img.onload = done; img.src = 'https://fonts.example.com/tracker.png'; })""")
    assert context.blocked == ["https://fonts.example.com/tracker.png"]
    context.close()


def test_search_loads_only_from_the_site(chromium, served_site):
    context = new_context(chromium, allowed=(served_site.origin,), viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served_site.url("guide/"))
    assert search(page, "hotline").count() > 0
    assert not context.blocked
    assert any(path.endswith("search_index.json") for path in served_site.requested)
    context.close()


# --- Content-Security-Policy -----------------------------------------------------------------

class HeadReader(HTMLParser):
    """The CSP meta tag, the referrer meta tag, and every script and stylesheet in order."""

    def __init__(self):
        super().__init__()
        self.events: list[tuple[str, dict]] = []
        self.inline_scripts: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "content-security-policy":
            self.events.append(("csp", attrs))
        elif tag == "meta" and attrs.get("name") == "referrer":
            self.events.append(("referrer", attrs))
        elif tag == "script":
            self.events.append(("script", attrs))
            runs = attrs.get("type") in (None, "", "module", "text/javascript")
            self._script = [] if "src" not in attrs and runs else None
        elif tag == "link" and attrs.get("rel") == "stylesheet" or tag == "style":
            self.events.append((tag, attrs))

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.inline_scripts.append("".join(self._script))
            self._script = None


def read_page(path: Path) -> HeadReader:
    reader = HeadReader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader


def directives(policy: str) -> dict[str, list[str]]:
    return {parts[0]: parts[1:] for parts in (d.split() for d in policy.split(";")) if parts}


def sha256_source(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def built_pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if "assets" not in p.relative_to(site).parts]


def test_every_page_has_a_strict_policy_before_any_script_or_style(site):
    for path in built_pages(site):
        reader = read_page(path)
        kinds = [kind for kind, _ in reader.events]
        assert kinds.count("csp") == 1, f"{path}: one CSP meta tag expected, found {kinds.count('csp')}"
        assert kinds[0] == "csp", f"{path}: the policy comes after a {kinds[0]}, which it cannot cover"
        policy = directives(reader.events[0][1]["content"])
        assert policy["default-src"] == ["'none'"], path
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"], path
        assert policy["style-src"] == ["'self'"] and policy["font-src"] == ["'self'"], path
        assert policy["img-src"] == ["'self'", "data:"] and policy["connect-src"] == ["'self'"], path
        assert policy["worker-src"] == ["'self'"], path
        scripts = policy["script-src"]
        assert scripts[0] == "'self'" and not {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(scripts), path
        wanted = {sha256_source(s) for s in reader.inline_scripts}
        assert set(scripts[1:]) == wanted, f"{path}: script hashes do not match the inline scripts"
        assert "style" not in kinds, f"{path}: an inline <style> would be blocked"
        referrer = [attrs for kind, attrs in reader.events if kind == "referrer"]
        assert referrer and referrer[0]["content"] == "same-origin", path


def test_no_inline_style_attributes(site):
    # style-src 'self' blocks style="" attributes: the site must not depend on any.
    for path in built_pages(site):
        assert not re.search(r"<[a-z][^>]*\sstyle=", path.read_text(encoding="utf-8")), path


def test_no_page_reports_a_policy_violation_or_script_error(site_walk):
    found, _ = site_walk
    failing = {page: problems for page, problems in found.items() if problems}
    assert not failing, f"problems under the policy: {failing}"


def test_the_policy_blocks_an_injected_script(chromium, served_site):
    # Proof that the policy is enforced and that violations are seen by the watch above.
    context = new_context(chromium, allowed=(served_site.origin,))
    context.add_init_script(WATCH)
    page = watched_page(context)
    page.goto(served_site.url("guide/"))
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__injected = true'; document.body.append(s); }""")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__injected") is None
    assert any(v.startswith("script-src-elem blocked inline") for v in problems(page)), problems(page)
    context.close()


def test_search_palette_and_navigation_work_under_the_policy(chromium, served_site):
    context = new_context(chromium, allowed=(served_site.origin,), viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)
    page = watched_page(context)
    page.goto(served_site.url("guide/"))
    # Material's storage helpers come from an inline script: proof that the hashes let it run.
    assert page.evaluate("typeof __md_get") == "function"

    # Search runs in a Web Worker from the site and finds the hotline page.
    results = search(page, "hotline", timeout=15_000).locator("a")
    assert results.count() > 0
    results.first.click()
    page.wait_for_load_state("load")
    assert "hotline" in page.content().lower()

    # The colour toggle goes from "follow the system" to light to dark, and dark survives a reload.
    schemes = []
    for _ in range(2):
        page.click("form[data-md-component=palette] label:not([hidden])")
        schemes.append(page.evaluate("document.body.getAttribute('data-md-color-scheme')"))
    assert schemes == ["default", "slate"]
    page.reload()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"

    # Navigation: the "Next" link in the footer goes to the next page.
    title = page.title()
    page.click("a.md-footer__link--next")
    page.wait_for_load_state("load")
    assert page.title() != title
    assert not problems(page) and not context.blocked, problems(page) + context.blocked
    context.close()


# --- links out ---------------------------------------------------------------------------------

class LinkReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.links.append(dict(attrs))


def test_links_out_carry_noopener_noreferrer(site, mkdocs_config):
    own = re.sub(r"^https?://", "", str(mkdocs_config.get("site_url") or "https://cst-guide.github.io/web-edition/"))
    checked = 0
    for path in built_pages(site):
        reader = LinkReader()
        reader.feed(path.read_text(encoding="utf-8"))
        for link in reader.links:
            href = link["href"]
            rel = set((link.get("rel") or "").split())
            if re.match(r"https?://", href) and not re.sub(r"^https?://", "", href).startswith(own):
                checked += 1
                assert {"noopener", "noreferrer"} <= rel, f"{path}: {href} has rel={sorted(rel)}"
            elif not href.startswith(("http:", "https:")):
                assert "noreferrer" not in rel, f"{path}: internal link {href} marked noreferrer"
    assert checked > 50, "too few links out: is the site built?"


@pytest.mark.parametrize("tag, expected", [
    ('<a href="https://example.org/">', {"href": "https://example.org/", "rel": "noopener noreferrer"}),
    ("<a class='x' href='http://example.org/a?b=1&amp;c=2'>",
     {"class": "x", "href": "http://example.org/a?b=1&c=2", "rel": "noopener noreferrer"}),
    ('<a rel="license" href="https://example.org/">', {"rel": "license noopener noreferrer", "href": "https://example.org/"}),
    ('<a href="https://example.org/" rel="noopener">', {"href": "https://example.org/", "rel": "noopener noreferrer"}),
    ('<a href="https://example.org/" title="a > b">', {"href": "https://example.org/", "title": "a > b", "rel": "noopener noreferrer"}),
    ('<a href="HTTPS://example.org/" rel="NoOpener">', {"href": "HTTPS://example.org/", "rel": "NoOpener noreferrer"}),
    ('<a href="https://cst.example/guide/">', {"href": "https://cst.example/guide/"}),
    ('<a href="../guide/">', {"href": "../guide/"}),
    ('<a href="tel:+18883737888">', {"href": "tel:+18883737888"}),
    ('<a href="#notes">', {"href": "#notes"}),
])
def test_link_attrs_hook(tag, expected):
    """The link's attributes after the hook (the page is re-serialized, so quoting may change)."""
    out = link_attrs.add_rel(f"<p>{tag}text</a></p>", "https://cst.example/")
    reader = LinkReader()
    reader.feed(out)
    assert reader.links == [expected]
    assert out.count("text</a>") == 1
