"""Offline link checks: every external link on the site is registered, every registry entry
is on the site (scripts/hooks/external_links.py, scripts/linkhealth/registry.py)."""
from __future__ import annotations

import importlib.util
import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT
from linkhealth import registry, sitelinks

spec = importlib.util.spec_from_file_location("external_links", ROOT / "scripts" / "hooks" / "external_links.py")
hook = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hook)

RESOURCES = [
    {"id": "cited", "title": "A Cited Report", "cited_url": "http://old.example/report"},
    {"id": "moved", "title": "A Moved Page", "cited_url": "http://old.example/page",
     "current_url": "https://new.example/page"},
    {"id": "unused", "title": "Nobody Links Me", "cited_url": "https://unused.example/"},
    {"id": "letter", "title": "e-mail to a program manager", "author": "Someone"},
    {"id": "lost-letter", "title": "a letter no page names", "author": "Someone"},
]
CONTACTS = {"hotline": {"name": "Hotline", "web": "https://hotline.example/",
                        "source_url": "https://hotline.example/about", "phone": "1-800-555-0100"}}


def write_page(site: Path, rel: str, body: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><head>"
                    f'<link rel="canonical" href="https://site.example/{rel[:-10]}"></head>'
                    f"<body>{body}</body></html>", encoding="utf-8")


@pytest.fixture
def bad_site(tmp_path):
    write_page(tmp_path, "index.html", '<a href="https://site.example/guide/">own site</a>'
               '<a href="https://hotline.example/">hotline</a><p>An e-mail to a program manager.</p>')
    write_page(tmp_path, "guide/index.html",
               '<a href="http://old.example/report">cited</a>'
               '<a href="https://web.archive.org/web/2016/http://old.example/page">archived</a>'
               '<a href="https://webarchive.library.unt.edu/web/20170124204544/http://old.example/report">unt</a>'
               '<a href="https://unregistered.example/x?a=1&amp;b=2">not registered</a>'
               '<a href="https://web.archive.org/web/2016/https://unregistered.example/y">archive of it</a>'
               '<a href="mailto:someone@example.org">mail</a><a href="tel:+18005550100">call</a>')
    return tmp_path


def test_links_are_read_with_their_pages_and_own_site_left_out(bad_site):
    links = sitelinks.external_links(bad_site, [sitelinks.site_url(bad_site)])
    assert sitelinks.site_url(bad_site) == "https://site.example/"
    assert links["https://unregistered.example/x?a=1&b=2"] == ["guide/"]
    assert links["https://hotline.example/"] == ["/"]
    assert not any(url.startswith("https://site.example/") for url in links)
    assert not any(url.startswith(("mailto:", "tel:")) for url in links)


def test_unregistered_links_are_named_with_page_and_url(bad_site):
    links = sitelinks.external_links(bad_site, ["https://site.example/"])
    found = registry.unregistered_links(links, registry.registered_urls(RESOURCES, CONTACTS))
    assert found == [("guide/", "https://unregistered.example/x?a=1&b=2"),
                     ("guide/", "https://web.archive.org/web/2016/https://unregistered.example/y")]


def test_contact_addresses_are_registered():
    assert registry.registered_urls([], CONTACTS) == {"https://hotline.example/", "https://hotline.example/about"}


def test_entries_no_page_shows_are_found(bad_site):
    links = sitelinks.external_links(bad_site, ["https://site.example/"])
    missing = registry.unlisted_entries(RESOURCES, links, registry.site_text(bad_site))
    assert [entry["id"] for entry in missing] == ["unused", "lost-letter"]


def test_a_page_is_parsed_again_only_when_it_changed(tmp_path):
    page, calls = tmp_path / "index.html", []

    def parse(html: str) -> str:
        calls.append(html)
        return html.upper()
    page.write_text("<p>one</p>", encoding="utf-8")
    assert sitelinks.parsed_page(page, parse) == sitelinks.parsed_page(page, parse) == "<P>ONE</P>"
    page.write_text("<p>two, longer</p>", encoding="utf-8")
    assert sitelinks.parsed_page(page, parse) == "<P>TWO, LONGER</P>"
    assert calls == ["<p>one</p>", "<p>two, longer</p>"]


def run_hook(site_dir: Path, pages: dict[str, str] | None = None,
             site_url: str = "https://site.example/", extra: dict | None = None) -> None:
    hook.on_pre_build(None)
    for url, src in (pages or {}).items():
        file = SimpleNamespace(src_uri=src, abs_src_path=str(ROOT / "docs" / src))
        hook.on_post_page("", SimpleNamespace(url=url, file=file), None)
    config = SimpleNamespace(site_dir=str(site_dir), site_url=site_url, repo_url=None, extra=extra or {})
    hook.on_post_build(config)


def test_hook_warns_naming_the_source_file_and_url(bad_site, caplog):
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks.external_links"):
        run_hook(bad_site, {"guide/": "guide/index.md"})
    ours = [r.getMessage() for r in caplog.records if "unregistered.example/x" in r.getMessage()]
    assert ours == ["docs/guide/index.md: external link https://unregistered.example/x?a=1&b=2 is not "
                    "registered: add it to data/resources.yml (cited_url or current_url) or "
                    "data/contacts.yml, or link a registered address"]


def test_hook_leaves_the_offline_edition_to_the_online_build(bad_site, caplog):
    """The offline edition is built from the same pages; checking them twice only costs time."""
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks.external_links"):
        run_hook(bad_site, {"guide/": "guide/index.md"}, extra={"offline": True})
    assert caplog.records == []


def test_hook_names_the_registry_line_of_an_entry_on_no_page(bad_site, caplog):
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks.external_links"):
        run_hook(bad_site)
    usc = [r.getMessage() for r in caplog.records if '"usc-22-7102"' in r.getMessage()]
    assert len(usc) == 1 and usc[0].startswith("data/resources.yml:5: entry")


def test_built_site_passes_both_checks(site, caplog):
    """What `mkdocs build --strict` enforces, checked on the site `make test` built."""
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks.external_links"):
        run_hook(site, site_url=sitelinks.site_url(site))
    assert [r.getMessage() for r in caplog.records] == []


def test_the_link_health_page_alone_does_not_count_as_showing_an_entry(site, tmp_path, caplog):
    """Its list links every address by design; an entry needs a page of its own."""
    copy = tmp_path / "resources" / "link-health" / "index.html"
    copy.parent.mkdir(parents=True)
    copy.write_text((site / "resources" / "link-health" / "index.html").read_text(encoding="utf-8"))
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks.external_links"):
        run_hook(tmp_path, site_url=sitelinks.site_url(site))
    on_no_page = [r.getMessage() for r in caplog.records if "is on no page" in r.getMessage()]
    assert any('"iacp-cst-toolkit"' in m for m in on_no_page)
    assert not any("is not registered" in r.getMessage() for r in caplog.records)
