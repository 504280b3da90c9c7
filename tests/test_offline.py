"""The offline edition: a zip of the whole site, PDFs included, that works from file:// with no
network (menus, links, search), offered for download by the online site."""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser import chromium, new_context, search  # noqa: F401  (pytest fixture)
from conftest import ROOT
from project_copy import project_copy

import build_offline
from offline import pages, search_worker

SHIM = ROOT / "docs" / "assets" / "javascripts" / "vendor" / "iframe-worker-shim.js"


@pytest.fixture(scope="module")
def offline_zip(site) -> Path:
    path = site / build_offline.load_config()["extra"]["offline_zip"]
    if not path.is_file():
        pytest.fail(f"{path} is missing: `make build` writes it (scripts/build_offline.py)")
    return path


@pytest.fixture(scope="module")
def unzipped(offline_zip, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(out)
    return out / offline_zip.stem


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the online site offers it --------------------------------------------------------------

def test_the_downloads_page_links_the_zip_and_the_guide_pdf(site, offline_zip):
    page = site / "downloads" / "index.html"
    hrefs = re.findall(r'<a href="([^"]+\.(?:zip|pdf))"', page.read_text(encoding="utf-8"))
    assert (page.parent / offline_zip.name).resolve() == offline_zip.resolve()
    assert offline_zip.name in hrefs
    for href in hrefs:
        assert (page.parent / href).is_file(), f"downloads/index.html links {href}, which was not built"


def test_the_zip_holds_every_page_and_every_pdf_of_the_online_build(site, offline_zip, unzipped, guide_pdf):
    online_pdfs = sorted(p.relative_to(site) for p in site.rglob("*.pdf"))
    assert Path(guide_pdf) in online_pdfs
    assert len([p for p in online_pdfs if p.parts[0] == "print-kit"]) >= 5
    for rel in online_pdfs:
        assert sha256(unzipped / rel) == sha256(site / rel), f"{rel} differs from the online build"
    online_pages = {p.relative_to(site).parent for p in site.rglob("index.html")} - {Path("assets")}
    offline_pages = {p.relative_to(unzipped).with_suffix("") for p in unzipped.rglob("*.html")}
    for page in online_pages:  # about/iacp/index.html online is about/iacp.html offline
        assert page in offline_pages or page / "index" in offline_pages, f"{page} missing offline"
    assert not list(unzipped.rglob("*.zip")), "the zip must not contain a zip"


def test_the_zip_is_dated_from_the_last_commit_with_a_readme(offline_zip):
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout)
    *day, second = time.gmtime(max(epoch, 315532800))[:6]
    stamp = (*day, second - second % 2)  # zip keeps seconds in steps of two
    with zipfile.ZipFile(offline_zip) as archive:
        infos = archive.infolist()
        readme = archive.read("README.txt").decode("utf-8")
    assert {info.date_time for info in infos} == {stamp}
    names = [info.filename for info in infos]
    assert names[1:] == sorted(names[1:]), "entries in a stable order"
    assert f"{offline_zip.stem}/index.html" in readme


def test_the_offline_copy_does_not_offer_itself(unzipped, offline_zip):
    text = (unzipped / "downloads" / "index.html").read_text(encoding="utf-8")
    assert offline_zip.name not in text
    assert "You are reading the offline edition" in text


def test_nothing_in_the_offline_copy_needs_the_network_or_a_server(unzipped):
    assert pages.problems(unzipped) == []
    assert not (unzipped / "404.html").exists()


# --- in a browser, from file://, with the network blocked --------------------------------

def test_opened_from_file_with_no_network_links_and_search_work(chromium, unzipped):  # noqa: F811
    context = new_context(chromium, allowed=("file://",))
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.on("pageerror", lambda error: console.append(str(error)))
    page.goto((unzipped / "index.html").as_uri())

    page.get_by_role("link", name="Top 10 things to know").first.click()
    page.wait_for_url("**/guide/top-10.html")
    assert "Top 10" in page.locator("h1").inner_text()

    page.locator(".md-footer a", has_text="About this edition").click()  # a template link ("about/")
    page.wait_for_url("**/about/index.html")
    assert page.locator("h1").inner_text().startswith("About")

    results = search(page, "hotline")
    assert results.count() > 0
    href = results.first.locator("a").first.get_attribute("href")
    context.close()

    assert ".html" in href, "search results point at files, not folders"
    assert context.blocked == [], f"requests beyond file:// were attempted: {context.blocked}"
    assert not [m for m in console if "Content Security Policy" in m or "Refused" in m], console


def test_the_spanish_edition_opens_from_file_and_searches_in_spanish(chromium, unzipped):  # noqa: F811
    context = new_context(chromium, allowed=("file://",))
    page = context.new_page()
    page.goto((unzipped / "es" / "index.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "es"
    results = search(page, "trata", lang="es")
    assert results.count() > 0
    hrefs = [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]
    context.close()
    assert all(".html" in h for h in hrefs), hrefs
    assert context.blocked == [], f"requests beyond file:// were attempted: {context.blocked}"
    # The language switcher leads from a Spanish page to its English page, as files.
    english = BeautifulSoup((unzipped / "es" / "guide" / "scope.html").read_text(encoding="utf-8"), "lxml")
    assert english.select_one('.md-select__link[hreflang="en"]')["href"] == "../../guide/scope.html"


# --- the pieces, on small inputs -------------------------------------------------------------

def test_links_to_folders_get_their_index_html(tmp_path):
    (tmp_path / "about").mkdir()
    (tmp_path / "about" / "index.html").write_text("x")
    page = tmp_path / "index.html"
    html = ('<a href="about/">a</a> <a href="about/#credits">b</a> <a href="missing/">c</a> '
            '<a href="https://example.org/">d</a> <link rel="canonical" href="/web-edition/">')
    fixed = pages.link_folders_to_index(html, page)
    assert '<a href="about/index.html">a</a>' in fixed
    assert '<a href="about/index.html#credits">b</a>' in fixed
    assert '<a href="missing/">c</a>' in fixed
    assert 'href="https://example.org/"' in fixed and 'href="/web-edition/"' in fixed


def test_problems_name_the_page_and_what_would_fail(tmp_path):
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.html").write_text(
        '<script src="https://unpkg.com/x"></script><a href="https://example.org/">fine</a>'
        '<link rel="canonical" href="https://example.org/guide/"><img src="../logo.svg">'
        '<a href="../about/">folder</a><a href="../gone.pdf">gone</a><a href="#top">top</a>'
        '<a href="mailto:x@example.org">mail</a>')
    (tmp_path / "about").mkdir()
    (tmp_path / "logo.svg").write_text("<svg/>")
    (tmp_path / "site.css").write_text("a { background: url(https://fonts.example/f.woff2) }")
    assert pages.problems(tmp_path) == [
        "guide/index.html: <script src> loads https://unpkg.com/x from the network",
        "guide/index.html: ../about/ is a folder; from file:// it opens a file listing",
        "guide/index.html: ../gone.pdf is not in the offline edition",
        "site.css: url(https://fonts.example/f.woff2) loads from the network",
    ]


def test_the_search_worker_bootstrap_is_allowed_by_its_hash_only():
    template = search_worker.bootstrap_template(SHIM.read_text(encoding="utf-8"))
    assert template.startswith("postMessage=function ") and "${e}" in template
    page = ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            'script-src \'self\' \'sha256-abc=\'; img-src \'self\'">'
            '<script id="__config" type="application/json">{"search": "../assets/w.js"}</script>')
    expected = search_worker.script_hash(template.replace("${e}", "../assets/w.js"))
    once = search_worker.allow_search_worker(page, template)
    assert f"script-src 'self' 'sha256-abc=' {expected}; img-src 'self'" in once
    assert "unsafe-inline" not in once
    assert search_worker.allow_search_worker(once, template) == once
    no_policy = '<script id="__config" type="application/json">{"search": "w.js"}</script>'
    assert search_worker.allow_search_worker(no_policy, template) == no_policy


@pytest.mark.parametrize("shim", ["/* not the shim */", "window.IFrameWorker = class { constructor(url) {} };",
                                  "syntax error here ((("])
def test_a_shim_of_another_shape_is_named_not_guessed(shim):
    with pytest.raises(search_worker.ShimError, match="iframe-worker shim"):
        search_worker.bootstrap_template(shim)


def test_a_site_without_its_pdfs_gives_no_zip_and_names_what_is_missing(tmp_path, guide_pdf):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>built without the PDFs</p>")
    target = tmp_path / "out" / "offline.zip"
    result = subprocess.run([sys.executable, "scripts/build_offline.py", "--site-dir", str(site),
                             "--out", str(target)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert f"downloads/index.html: {Path(guide_pdf).name} is not in the offline edition" in result.stderr
    assert re.search(r"print-kit/index\.html: [\w-]+\.pdf is not in the offline edition", result.stderr)
    assert not target.exists() and not list(tmp_path.rglob("*.zip*"))


def test_a_warning_in_a_spanish_offline_build_stops_it(tmp_path):
    # --strict counts only the warnings MkDocs shows: with --quiet a broken link passed.
    project = project_copy(tmp_path)
    for config in ("mkdocs-es.yml", "mkdocs-offline.yml", "mkdocs-offline-es.yml"):
        (project / config).write_text((ROOT / config).read_text(encoding="utf-8"), encoding="utf-8")
    page = project / "docs" / "es" / "guide" / "scope.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Enlace roto](no-existe.md)\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "scripts/build_offline.py", "--pages-only", str(tmp_path / "out"),
                             "--edition", "es"], cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "build_offline: mkdocs build -f mkdocs-offline-es.yml failed:",
        "WARNING -  Doc file 'guide/scope.md' contains a link 'no-existe.md', but the target "
        "'guide/no-existe.md' is not found among documentation files."]
