"""The Spanish edition: every Spanish page translates a real English page, carries its figures and
phone numbers, says it is Spanish, links to its English page and back, and is searched in Spanish.

A translation whose English page changed since is *behind*: a warning here, a notice on the
page and a line in `make stale`, never a failure (the English may change before a translator
is free).
"""
from __future__ import annotations

import re
import warnings
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config

from browser import chromium, new_context, search, served_site  # noqa: F401  (pytest fixtures)
from conftest import ROOT, built_path

import datastore
import settings
import translations
from hooks import language

RECORDS = translations.all_translations()
# A figure: digits with their thousands commas and decimal points ("4,800", "3.1", "2003").
FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
PHONE_LINK = re.compile(r"^(tel|sms):")


def article(path: Path) -> BeautifulSoup:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    main = soup.find("article")
    assert main is not None, f"{path}: no <article>"
    for hidden in main.select(".headerlink, .md-source-file"):  # permalinks and review dates
        hidden.decompose()
    return main


ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
MONTHS = {name: str(number) for lang in ("en", "es")
          for number, name in enumerate(datastore.cached("site/ui")["months"][lang], 1)}
# A month in a date only ("May 22", "mayo de 2015"; not "you may").
MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")(?=\s+\d)|\b(" + "|".join(MONTHS) + r")(?=\s+de\s+\d)")


def figures(main: BeautifulSoup) -> set[str]:
    """The numbers a reader sees, whichever way each language writes a date: "2019-08-06",
    "August 6, 2019" and "6 de agosto de 2019" all give 2019, 8 and 6."""
    text = ISO_DATE.sub(r"\3 \2 \1", main.get_text(" "))
    text = MONTH.sub(lambda m: MONTHS[m.group(1) or m.group(2)], text)
    return {figure.lstrip("0") or "0" for figure in FIGURE.findall(text)}


def phone_links(main: BeautifulSoup) -> set[str]:
    return {a["href"] for a in main.find_all("a", href=PHONE_LINK)}


def ids(main: BeautifulSoup) -> set[str]:
    return {tag["id"] for tag in main.find_all(id=True)}


def test_every_spanish_page_names_an_english_source_that_exists():
    assert RECORDS, "docs/es/ has no pages"
    for record in RECORDS:
        assert (translations.DOCS / record.source).is_file()
        assert not record.source.startswith("es/")


def test_a_page_without_its_source_fails_with_one_line(tmp_path):
    es_docs, docs = tmp_path / "docs" / "es", tmp_path / "docs"
    es_docs.mkdir(parents=True)
    page = es_docs / "gone.md"
    page.write_text(f"---\ntranslation_of: gone.md\ntranslation_source_sha256: {'ab' * 32}\n---\n# Ido\n",
                    encoding="utf-8")
    with pytest.raises(translations.TranslationError, match=r"gone\.md:1: front matter, field translation_of: "
                                                            r"no English page docs/gone\.md"):
        translations.read(page, es_docs, docs)
    page.write_text("# Sin registro\n", encoding="utf-8")
    with pytest.raises(translations.TranslationError, match="field translation_of: missing"):
        translations.read(page, es_docs, docs)


def test_a_changed_english_page_marks_its_translation_behind(tmp_path):
    es_docs, docs = tmp_path / "docs" / "es", tmp_path / "docs"
    es_docs.mkdir(parents=True)
    (docs / "page.md").write_text("# Page\n\nOne figure: 12.\n", encoding="utf-8")
    sha = translations.sha256_of(docs / "page.md")
    page = es_docs / "page.md"
    page.write_text(f"---\ntranslation_of: page.md\ntranslation_source_sha256: {sha}\n---\n# Página\n",
                    encoding="utf-8")
    assert not translations.read(page, es_docs, docs).behind
    (docs / "page.md").write_text("# Page\n\nOne figure: 13.\n", encoding="utf-8")
    assert translations.read(page, es_docs, docs).behind
    assert translations.stamp(page, es_docs, docs)
    assert not translations.read(page, es_docs, docs).behind


def test_translations_behind_their_english_page_are_reported(site):
    behind = [r for r in RECORDS if r.behind]
    for record in behind:
        warnings.warn(f"docs/es/{record.page} is behind docs/{record.source} (update it, then "
                      f"`python scripts/translations.py --stamp docs/es/{record.page}`)")
    # The notice each of them shows, and only they show:
    for record in RECORDS:
        notice = article(built_path(site / "es", record.page)).select(".admonition.warning")
        shows = any("versión en inglés" in n.get_text() and "cambió" in n.get_text() for n in notice)
        assert shows == record.behind, f"docs/es/{record.page}: notice shown={shows}, behind={record.behind}"


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.page)
def test_spanish_page_has_every_figure_and_number_of_its_english_page(site, record):
    english = article(built_path(site, record.source))
    spanish = article(built_path(site / "es", record.page))
    missing = figures(english) - figures(spanish)
    assert not missing, f"docs/es/{record.page} lacks figures of docs/{record.source}: {sorted(missing)}"
    assert phone_links(english) <= phone_links(spanish), f"docs/es/{record.page}: phone numbers differ"
    # Same anchors, so a link or the language switcher lands on the same section.
    lost = {i for i in ids(english) - ids(spanish) if not i.startswith(("ref-", "fn:", "fnref:"))}
    assert not lost, f"docs/es/{record.page} lacks the English anchors {sorted(lost)}"


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.page)
def test_spanish_page_says_it_is_spanish_and_links_both_ways(site, record):
    spanish_html = built_path(site / "es", record.page)
    soup = BeautifulSoup(spanish_html.read_text(encoding="utf-8"), "lxml")
    assert soup.html["lang"] == "es"
    to_english = soup.select_one('.md-select__link[hreflang="en"]')["href"]
    assert (spanish_html.parent / to_english).resolve() == built_path(site, record.source).parent.resolve()

    english_html = built_path(site, record.source)
    english = BeautifulSoup(english_html.read_text(encoding="utf-8"), "lxml")
    assert english.html["lang"] == "en"
    to_spanish = english.select_one('.md-select__link[hreflang="es"]')["href"]
    assert (english_html.parent / to_spanish).resolve() == spanish_html.parent.resolve()


def test_an_english_page_without_translation_switches_to_the_spanish_home(site):
    translated = {r.source for r in RECORDS}
    untranslated = next(p for p in ("about/contributing.md", "resources/cited-works.md") if p not in translated)
    page = built_path(site, untranslated)
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    to_spanish = soup.select_one('.md-select__link[hreflang="es"]')["href"]
    assert (page.parent / to_spanish).resolve() == (site / "es").resolve()


def test_sitemaps_pair_each_page_with_its_other_language(site):
    base = settings.site_url()
    english = (site / "sitemap.xml").read_text(encoding="utf-8")
    spanish = (site / "es" / "sitemap.xml").read_text(encoding="utf-8")
    for record in RECORDS:
        es_url, en_url = base + "es/" + record.url, base + translations.page_url(record.source)
        assert f'hreflang="es" href="{es_url}"' in english, record.page
        assert f'hreflang="en" href="{en_url}"' in spanish, record.page


def head_versions(page: Path) -> dict[str, str]:
    head = BeautifulSoup(page.read_text(encoding="utf-8").split("</head>", 1)[0], "lxml")
    return {link["hreflang"]: link["href"] for link in head.select('link[rel="alternate"][hreflang]')}


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.page)
def test_each_version_of_a_page_names_both_in_its_head(site, record):
    base = settings.site_url()
    en_url, es_url = base + translations.page_url(record.source), base + "es/" + record.url
    expected = {"en": en_url, "es": es_url, "x-default": en_url}
    assert head_versions(built_path(site, record.source)) == expected
    assert head_versions(built_path(site / "es", record.page)) == expected


def test_a_page_in_english_only_names_no_versions(site):
    translated = {r.source for r in RECORDS}
    for source in ("about/contributing.md", "resources/cited-works.md"):
        assert source not in translated
        assert head_versions(built_path(site, source)) == {}


def test_a_sitemap_is_beside_every_version_a_head_names(site):
    # Material's script reads sitemap.xml beside each <link rel="alternate"> of the head; a
    # missing one is a failed request on every page view.
    base, named = settings.site_url(), set()
    for page in sorted(site.rglob("*.html")):
        named |= set(head_versions(page).values())
    assert len(named) > 2 * len(RECORDS) - 2
    for url in sorted(named):
        assert url.startswith(base), url
        sitemap = site / url[len(base):] / "sitemap.xml"
        assert sitemap.is_file(), f"{url}: no {sitemap.relative_to(site)}"
        assert f"<loc>{url}</loc>" in sitemap.read_text(encoding="utf-8"), sitemap


def test_spanish_pages_link_english_only_pages_as_english(site):
    links = 0
    for record in RECORDS:
        page = built_path(site / "es", record.page)
        for a in article(page).find_all("a", hreflang="en", class_=lambda c: c != "cst-english-version"):
            target = (page.parent / a["href"]).resolve()
            assert (target / "index.html").is_file() or target.is_file(), \
                f"docs/es/{record.page}: {a['href']} is in neither edition"
            assert not target.is_relative_to((site / "es").resolve())
            marked = a.get_text() + str(a.next_sibling or "")
            assert "(en inglés)" in marked, f"docs/es/{record.page}: {a['href']} not marked English"
            links += 1
    assert links, "no Spanish page links an English-only page"


def test_spanish_search_index_stems_in_spanish(site):
    import json
    config = json.loads((site / "es" / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    assert config["lang"] == ["es"]
    english = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert english["config"]["lang"] == ["en"]
    assert not any(doc["location"].startswith("es/") for doc in english["docs"])


def test_searching_trata_finds_spanish_pages(served_site, chromium):  # noqa: F811
    context = new_context(chromium, allowed=(served_site.origin,))
    page = context.new_page()
    page.goto(served_site.url("es/"))
    search(page, "trata", lang="es")
    hrefs = [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]
    assert hrefs and all("/es/" in h for h in hrefs), hrefs
    # Stemming: "tratantes" (traffickers) matches the stem of "trata".
    assert page.locator(".md-search-result__item mark").count() > 0
    context.close()


def test_html_lang_of_every_built_page_matches_its_folder(site):
    for html in site.rglob("*.html"):
        rel = html.relative_to(site).as_posix()
        if rel.startswith(("assets/", "es/assets/")):
            continue
        head = html.read_text(encoding="utf-8")[:400]
        want = "es" if rel.startswith("es/") else "en"
        assert f'<html lang="{want}"' in head, rel



def test_every_spanish_slide_file_translates_an_english_one():
    records = translations.deck_translations()
    english = sorted(p.name for p in translations.DECK.glob("[0-9][0-9]-*.md"))
    assert sorted(r.source for r in records) == english, "each slide file needs its Spanish version"
    for record in records:
        if record.behind:
            warnings.warn(f"print/deck/es/{record.page} is behind print/deck/{record.source}")


def test_english_links_only_reach_english_pages():
    import macros
    env = macros.Pages({"theme": {"language": "es"}}, ROOT / "includes")  # a Spanish page's macros
    for outside in ("../README.md", "es/index.md", "/etc/hostname", "no-such-page.md"):
        with pytest.raises(KeyError, match="no English page"):
            env.macros["english"](outside, "x")


def test_spanish_notes_frame_citations_in_spanish(site):
    """A personal communication has no title to keep in English: on the Spanish page its
    description, the author's role and "n.d." are Spanish; the English page keeps its own."""
    def note(page: str, number: str) -> str:
        soup = BeautifulSoup(built_path(site, page).read_text(encoding="utf-8"), "lxml")
        item = soup.select_one(f"ol.notes li#note-{number} .note-text")
        assert item is not None, f"{page}: no note {number}"
        return item.get_text(" ")

    english, spanish = note("guide/scope.md", "2"), note("es/guide/scope.md", "2")
    assert "e-mail to Kelly Burke (program manager" in english
    assert "correo electrónico a Kelly Burke (gerente de programa" in spanish and "e-mail" not in spanish
    assert "2 de septiembre de 2015" in spanish
    assert "n.d." in note("guide/scope.md", "3")
    spanish_3 = note("es/guide/scope.md", "3")
    assert "s. f." in spanish_3 and "n.d." not in spanish_3
    # Spanish sets the comma after a quoted title outside the quotes, and joins authors with "y".
    assert "“Local FBI Offices,”" in note("guide/scope.md", "13")
    assert "“Local FBI Offices”," in note("es/guide/scope.md", "13")
    assert "Amanda Walker-Rodriguez y Rodney Hill, “Human Sex Trafficking”," in note("es/guide/characteristics.md", "8")


def test_a_serve_preview_names_no_versions():
    # `mkdocs serve` is not at the published address: Material's script would read sitemaps there.
    page = SimpleNamespace(url="guide/scope/")
    found = {}
    for command in ("serve", "build"):
        language.on_startup(command=command, dirty=False)
        language.on_config(load_config(str(ROOT / "mkdocs.yml")))
        found[command] = language.language_versions(page)
    assert found["serve"] == []
    assert dict(found["build"]) == {"en": settings.site_url() + "guide/scope/",
                                    "es": settings.site_url() + "es/guide/scope/",
                                    "x-default": settings.site_url() + "guide/scope/"}
