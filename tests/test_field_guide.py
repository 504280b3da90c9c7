"""The field guide: indicators, glossary and discussion guide (data/field-guide/).

Bad data must stop with file, line and field; every item must cite a registry
entry; the glossary must be sorted and never offer a term it says to avoid;
every session must point at a real page; and the built pages must show it all.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import datastore
import field_guide
from conftest import ROOT, built_path

DATA = ROOT / "data" / "field-guide"


def copy_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of data/field-guide/<name>.yml with one exact piece of text replaced."""
    text = (DATA / f"{name}.yml").read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} is not in {name}.yml"
    path = tmp_path / f"{name}.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_containing(path: Path, fragment: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in {path}")


def load_error(name: str, path: Path) -> str:
    with pytest.raises(datastore.DataError) as caught:
        field_guide.load(name, path)
    return str(caught.value)


# --- The data as it stands ---------------------------------------------------------------

@pytest.mark.parametrize("name", field_guide.NAMES)
def test_the_data_passes_its_schema_and_checks(name):
    field_guide.load(name)


def test_every_indicator_and_term_cites_a_registry_entry():
    entries, _ = datastore.load_resources()
    known = {e["id"] for e in entries}
    items = [i for g in field_guide.load("indicators")["groups"] for i in g["items"]]
    items += field_guide.load("glossary")["terms"]
    assert items
    for item in items:
        assert item["sources"], item
        assert set(item["sources"]) <= known, item


def test_every_web_source_records_its_address_and_the_day_it_was_read():
    for name in field_guide.NAMES:
        for entry in field_guide.cited(name):
            if entry["form"] == "webpage":
                assert entry.get("cited_url") and entry.get("accessed"), entry["id"]


def test_glossary_is_in_alphabetical_order():
    terms = [t["term"] for t in field_guide.load("glossary")["terms"]]
    assert terms == sorted(terms, key=str.casefold)


def test_terms_to_avoid_are_never_the_wording_offered():
    terms = field_guide.load("glossary")["terms"]
    avoided = [t["avoid"] for t in terms if t.get("avoid")]
    assert avoided, "the glossary should name at least one term to avoid"
    wording = " ".join(f"{t['term']} {t['definition']} {' '.join(t.get('see_also', []))}" for t in terms)
    words = " " + re.sub(r"[^a-z0-9§]+", " ", wording.casefold()) + " "
    for term in avoided:
        assert f" {term.casefold()} " not in words, term


def test_terms_to_avoid_come_from_the_style_guide_or_its_use_with_care_list():
    style = (ROOT / "STYLE.md").read_text(encoding="utf-8").casefold()
    for term in field_guide.load("glossary")["terms"]:
        if term.get("avoid"):
            assert term["avoid"].casefold() in style, term["term"]


def test_print_kit_finds_the_definition_it_prints():
    names = [t["term"].casefold() for t in field_guide.load("glossary")["terms"]]
    assert "child sex trafficking" in names


def test_every_session_links_an_existing_guide_page():
    sessions = field_guide.load("discussion-guide")["sessions"]
    assert len(sessions) == 11
    for session in sessions:
        for page in [session["guide_page"], *session.get("also_read", [])]:
            assert (ROOT / "docs" / page).is_file(), page


# --- Bad data is reported with file, line and field -------------------------------------

def test_schema_rejects_a_bad_kind_with_file_line_and_field(tmp_path):
    path = copy_with(tmp_path, "indicators", "kind: online", "kind: hunch")
    with pytest.raises(datastore.DataError) as caught:
        datastore.load("field-guide/indicators", path)
    message = str(caught.value)
    assert f"indicators.yml:{line_containing(path, 'kind: hunch')}:" in message
    assert "field groups.3.kind" in message and "'hunch' is not one of" in message


def test_schema_rejects_an_item_without_sources(tmp_path):
    path = copy_with(tmp_path, "glossary", "    sources: [dhs-blue-campaign-consequences]\n", "")
    with pytest.raises(datastore.DataError) as caught:
        datastore.load("field-guide/glossary", path)
    assert "field terms.0.sources: missing required field" in str(caught.value)


def test_schema_rejects_minutes_that_are_not_a_number(tmp_path):
    path = copy_with(tmp_path, "discussion-guide", "minutes: 15", "minutes: quarter hour")
    with pytest.raises(datastore.DataError) as caught:
        datastore.load("field-guide/discussion-guide", path)
    message = str(caught.value)
    assert f":{line_containing(path, 'quarter hour')}:" in message and "field sessions.0.minutes" in message


def test_unknown_resource_is_reported_with_entry_and_line(tmp_path):
    path = copy_with(tmp_path, "glossary", "sources: [ncmec-cst-issue-page, ncmec-a21-2022, cst-guide-2016]",
                     "sources: [ncmec-cst-issue-page, no-such-source, cst-guide-2016]")
    message = load_error("glossary", path)
    assert message.startswith(f"{path}:{line_containing(path, 'no-such-source')}: ")
    assert "entry \"Buyer\", field sources: unknown resource 'no-such-source'" in message


def test_unknown_resource_in_an_indicator_names_its_group_and_item(tmp_path):
    path = copy_with(tmp_path, "indicators", "sources: [ncmec-cst-issue-page]\n",
                     "sources: [made-up-report]\n")
    message = load_error("indicators", path)
    assert f":{line_containing(path, 'made-up-report')}:" in message
    assert 'entry "situational", field items.0.sources' in message and "'made-up-report'" in message


def test_glossary_out_of_order_is_reported(tmp_path):
    path = copy_with(tmp_path, "glossary", "  - term: Buyer\n", "  - term: Zebra buyer\n")
    message = load_error("glossary", path)
    assert 'entry "Child sex trafficking", field term: out of alphabetical order' in message
    assert f'follows "Zebra buyer" (line {line_containing(path, "Zebra buyer")})' in message


def test_a_see_also_that_is_not_a_term_is_reported(tmp_path):
    path = copy_with(tmp_path, "glossary", "see_also: [Commercial sex act]\n", "see_also: [Sextortion]\n")
    message = load_error("glossary", path)
    assert f":{line_containing(path, 'Sextortion')}:" in message
    assert '"Sextortion" is not a term of this glossary' in message


def test_a_term_to_avoid_used_in_a_definition_is_reported(tmp_path):
    path = copy_with(tmp_path, "glossary", "Any sex act for which something of value",
                     "Any sex act for which a john gives something of value")
    message = load_error("glossary", path)
    assert 'entry "Commercial sex act", field definition' in message
    assert 'uses "john", which the entry "Buyer" says to avoid' in message


def test_a_session_pointing_at_a_missing_page_is_reported(tmp_path):
    path = copy_with(tmp_path, "discussion-guide", "guide_page: guide/scope.md", "guide_page: guide/size.md")
    message = load_error("discussion-guide", path)
    assert f":{line_containing(path, 'guide/size.md')}:" in message
    assert 'entry "scope", field guide_page: no page docs/guide/size.md' in message


def test_anchors_are_unique_and_plain():
    anchors = [field_guide.anchor(t["term"]) for t in field_guide.load("glossary")["terms"]]
    assert len(set(anchors)) == len(anchors)
    assert field_guide.anchor("Force, fraud or coercion") == "force-fraud-or-coercion"
    assert field_guide.anchor("18 U.S.C. § 1591") == "term-18-usc-1591"


# --- The built pages --------------------------------------------------------------------

class _Page(HTMLParser):
    """The visible text of a built page's article, its ids and its links."""

    def __init__(self):
        super().__init__()
        self.parts, self.ids, self.hrefs, self._in_article = [], set(), [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self._in_article += 1
        if self._in_article:
            if attrs.get("id"):
                self.ids.add(attrs["id"])
            if tag == "a" and attrs.get("href"):
                self.hrefs.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article -= 1

    def handle_data(self, data):
        if self._in_article:
            self.parts.append(data)


def read_page(site: Path, md: str) -> _Page:
    page = _Page()
    page.feed(built_path(site, md).read_text(encoding="utf-8"))
    page.text = " ".join("".join(page.parts).split())
    return page


def flat(text: str) -> str:
    return " ".join(text.split())


def test_indicators_page_shows_every_item_under_its_group(site):
    page = read_page(site, "field-guide/indicators.md")
    for group in field_guide.load("indicators")["groups"]:
        assert group["id"] in page.ids
        for item in group["items"]:
            assert flat(item["text"]) in page.text, item["text"]


def test_glossary_page_defines_every_term_with_its_anchor(site):
    page = read_page(site, "field-guide/glossary.md")
    for term in field_guide.load("glossary")["terms"]:
        assert field_guide.anchor(term["term"]) in page.ids, term["term"]
        assert flat(term["definition"]) in page.text, term["term"]
        if term.get("avoid"):
            assert f"Avoid “{term['avoid']}”; say “{term['term']}” instead." in page.text


def test_discussion_page_shows_every_session_and_links_its_guide_page(site):
    page = read_page(site, "field-guide/discussion-guide.md")
    for session in field_guide.load("discussion-guide")["sessions"]:
        assert session["id"] in page.ids
        assert f"about {session['minutes']} minutes" in page.text
        for line in session["key_points"] + session["questions"]:
            assert flat(line) in page.text, line
        target = "../../" + session["guide_page"][:-3] + "/"
        assert target.replace("/index/", "/") in page.hrefs, session["guide_page"]


@pytest.mark.parametrize("name, md", [("indicators", "field-guide/indicators.md"),
                                      ("glossary", "field-guide/glossary.md")])
def test_each_page_lists_its_sources_with_links(site, name, md):
    page = read_page(site, md)
    cited = field_guide.cited(name)
    for number, entry in enumerate(cited, start=1):
        assert f"{name}-source-{number}" in page.ids
        if entry.get("cited_url"):
            assert entry["cited_url"] in page.hrefs, entry["id"]
    assert sum(1 for h in page.hrefs if h.startswith(f"#{name}-source-")) >= len(cited)


def test_index_links_the_three_pages_and_the_print_kit(site):
    page = read_page(site, "field-guide/index.md")
    for href in ("indicators/", "glossary/", "discussion-guide/", "../print-kit/"):
        assert href in page.hrefs, href
    assert not any(h.endswith(".pdf") for h in page.hrefs)
