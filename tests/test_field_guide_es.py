"""The field guide in Spanish: the `es` mapping of every entry (data/field-guide/) and the
Spanish pages (docs/es/field-guide/).

Every entry must have its Spanish text; no Spanish text may use the words the Spanish edition
rules out; every Spanish term's source must be a registry entry; and a mistake in the `es`
data must stop with file, line and field, like any other.
"""
from __future__ import annotations

import re

import pytest

import check_terms
import datastore
import field_guide
from conftest import ROOT
from test_field_guide import copy_with, line_containing, load_error, read_page

# The text keys each kind of entry repeats in Spanish.
TEXT_KEYS = {"indicators": ("intro",), "group": ("title",), "item": ("text",),
             "term": ("term", "definition"), "discussion-guide": ("intro",),
             "session": ("title", "key_points", "questions")}
SPANISH_PAGES = ["field-guide/index.md", "field-guide/indicators.md",
                 "field-guide/glossary.md", "field-guide/discussion-guide.md"]
# Spanish words to avoid: the style guide's table, as scripts/check_terms.py reads it.
SPANISH_TERMS = check_terms.read_terms((ROOT / "STYLE.md").read_text(encoding="utf-8"))


def forbidden_words(text: str) -> list[str]:
    """Terms to avoid in a piece of Spanish text (empty: none)."""
    return [finding.found for finding in check_terms.find_in_text(text, "", SPANISH_TERMS)]


def entries() -> list[tuple[str, str, dict]]:
    """(kind, label, entry) for everything in the three files that has text to translate."""
    out = []
    indicators = field_guide.load("indicators")
    out.append(("indicators", "indicators.yml", indicators))
    for group in indicators["groups"]:
        out.append(("group", f"group {group['id']}", group))
        out += [("item", f"{group['id']}: {item['text']}", item) for item in group["items"]]
    out += [("term", f"term {t['term']}", t) for t in field_guide.load("glossary")["terms"]]
    guide = field_guide.load("discussion-guide")
    out.append(("discussion-guide", "discussion-guide.yml", guide))
    out += [("session", f"session {s['id']}", s) for s in guide["sessions"]]
    return out


def spanish_strings(entry: dict):
    """Every Spanish text of an entry except its term to avoid, the one place a bad word belongs."""
    for key, value in entry.get("es", {}).items():
        if key in ("avoid", "term_source"):
            continue
        yield from ([value] if isinstance(value, str) else value)


# --- The data as it stands ---------------------------------------------------------------

def test_every_entry_has_its_spanish_text():
    found = entries()
    assert len(found) > 60, "the three files should hold dozens of entries"
    for kind, label, entry in found:
        assert "es" in entry, f"{label}: no `es` mapping"
        for key in TEXT_KEYS[kind]:
            spanish = entry["es"].get(key)
            assert spanish, f"{label}: no es.{key}"
            if isinstance(entry[key], list):
                assert len(spanish) == len(entry[key]), f"{label}: es.{key} has {len(spanish)} lines"
                assert all(line.strip() for line in spanish), label


def test_spanish_text_is_not_the_english_left_untranslated():
    for kind, label, entry in entries():
        for key in TEXT_KEYS[kind]:
            if key in ("intro", "definition", "text", "key_points"):
                assert entry["es"][key] != entry[key], f"{label}: es.{key} is the English text"


def test_no_spanish_text_uses_a_forbidden_term():
    checked = 0
    for _, label, entry in entries():
        for text in spanish_strings(entry):
            assert not forbidden_words(text), f"{label}: {forbidden_words(text)}: {text}"
            checked += 1
    assert checked > 150


def test_terms_to_avoid_in_spanish_are_only_where_the_glossary_names_them():
    terms = field_guide.load("glossary")["terms"]
    avoided = [t["es"]["avoid"] for t in terms if t["es"].get("avoid")]
    # The glossary names at least one of the style guide's Spanish terms to avoid.
    assert any(forbidden_words(term) for term in avoided), avoided
    wording = " ".join(text for t in terms for text in spanish_strings(t)).casefold()
    for term in avoided:
        assert term.casefold() not in wording, term


def test_every_spanish_term_source_is_a_registry_page_read_on_a_date():
    entries_, _ = datastore.load_resources()
    by_id = {e["id"]: e for e in entries_}
    sources = [t["es"]["term_source"] for t in field_guide.load("glossary")["terms"]
               if t["es"].get("term_source")]
    assert sources, "at least one Spanish term should have a source"
    for resource_id in sources:
        assert resource_id in by_id, resource_id
        entry = by_id[resource_id]
        assert entry["form"] == "webpage" and entry["cited_url"] and entry["accessed"], resource_id


def test_the_bilingual_list_finds_the_source_of_human_trafficking():
    sources = field_guide.term_sources()
    assert sources["Human trafficking"]["cited_url"] == "https://dhs.gov/blue-campaign/espanol"
    assert "Buyer" not in sources  # no page found: a project translation


# --- Bad Spanish data is reported with file, line and field -----------------------------

def test_an_unknown_spanish_term_source_is_reported(tmp_path):
    path = copy_with(tmp_path, "glossary", "      term_source: dhs-blue-campaign-espanol\n",
                     "      term_source: made-up-page\n")
    message = load_error("glossary", path)
    assert f":{line_containing(path, 'made-up-page')}:" in message
    assert 'entry "Commercial sex act", field es.term_source: unknown resource \'made-up-page\'' in message


def test_a_spanish_term_to_avoid_used_in_a_definition_is_reported(tmp_path):
    path = copy_with(tmp_path, "glossary", "Cualquier acto sexual por el que alguien",
                     "Cualquier acto sexual por el que un cliente")
    message = load_error("glossary", path)
    assert f":{line_containing(path, 'un cliente') - 1}:" in message  # the line of its key
    assert 'entry "Commercial sex act", field es.definition' in message
    assert 'uses "cliente", which the entry "Buyer" says to avoid' in message


def test_a_session_missing_a_spanish_question_is_reported(tmp_path):
    path = copy_with(tmp_path, "discussion-guide",
                     "        - ¿Qué haríamos distinto si el caso pasara a otro estado?\n", "")
    message = load_error("discussion-guide", path)
    assert 'entry "tip-2", field es.questions: 2 lines in Spanish for 3 in English' in message


@pytest.mark.parametrize("name, old, new, field", [
    ("glossary", "      term: Comprador\n", "      term: Comprador\n      see_also: [Trafficker]\n",
     "terms.1.es"),
    ("indicators", "      title: Lo que puede ver\n", "      title: [Lo que puede ver]\n",
     "groups.0.es.title"),
    ("discussion-guide", "      title: La magnitud del problema\n", "      titulo: La magnitud del problema\n",
     "sessions.2.es"),
])
def test_schema_checks_the_spanish_keys(tmp_path, name, old, new, field):
    path = copy_with(tmp_path, name, old, new)
    with pytest.raises(datastore.DataError) as caught:
        datastore.load(f"field-guide/{name}", path)
    assert f"field {field}" in str(caught.value)


# --- The pages ----------------------------------------------------------------------------

@pytest.mark.parametrize("md", SPANISH_PAGES)
def test_spanish_page_records_its_english_page(md):
    text = (ROOT / "docs" / "es" / md).read_text(encoding="utf-8")
    front = re.match(r"---\ntranslation_of: (\S+)\ntranslation_source_sha256: ([0-9a-f]{64})\n---\n", text)
    assert front, f"docs/es/{md}: front matter"
    assert front[1] == md and (ROOT / "docs" / front[1]).is_file()


@pytest.mark.parametrize("md", SPANISH_PAGES)
def test_spanish_page_avoids_forbidden_terms(md):
    text = (ROOT / "docs" / "es" / md).read_text(encoding="utf-8")
    assert not forbidden_words(text), f"docs/es/{md}: {forbidden_words(text)}"


def test_english_glossary_page_lists_each_term_in_spanish_with_its_source(site):
    page = read_page(site, "field-guide/glossary.md")
    assert "in-spanish" in page.ids
    sources = field_guide.term_sources()
    for term in field_guide.load("glossary")["terms"]:
        assert " ".join(term["es"]["term"].split()) in page.text, term["term"]
    for source in sources.values():
        assert source["cited_url"] in page.hrefs, source["id"]
