"""Data reaches pages as text, and the schemas' web addresses and formats are really checked."""
from __future__ import annotations

import json

import jsonschema
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

import datastore
import macros
from agencykit.agency import SCHEMA as AGENCY_SCHEMA
from project_copy import mkdocs_build, project_copy, replace_once

SCHEMA_FILES = sorted(datastore.SCHEMAS.glob("*.schema.json")) + [AGENCY_SCHEMA]
HOSTILE_URLS = ['https://example.org/"><script>x()</script>', "https://example.org/<b>", "https://exa mple.org/",
                "https://example.org/it's", "javascript:alert(1)", "example.org"]


def _walk(node, path=()):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, path + (i,))


def _url_schemas():
    for schema_file in SCHEMA_FILES:
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        for path, node in _walk(schema):
            if "http" in str(node.get("pattern", "")):
                yield pytest.param(schema, node, id=f"{schema_file.name}:{'/'.join(map(str, path))}")


@pytest.mark.parametrize("schema_file", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_format_a_schema_names_is_checked(schema_file):
    """jsonschema skips a format it has no checker for (uri needs rfc3986-validator)."""
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    formats = {node["format"] for _, node in _walk(schema) if isinstance(node.get("format"), str)}
    checked = set(jsonschema.Draft202012Validator.FORMAT_CHECKER.checkers)
    assert formats <= checked, formats - checked


@pytest.mark.parametrize("schema, node", list(_url_schemas()))
@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_web_address_fields_refuse_quotes_brackets_and_spaces(schema, node, url):
    validator = jsonschema.Draft202012Validator({**node, "$defs": schema.get("$defs", {})},
                                                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert not validator.is_valid(url)
    assert validator.is_valid("https://www.example.org/path/page.html?a=1&b=2")


def test_uri_format_alone_refuses_a_malformed_address():
    validator = jsonschema.Draft202012Validator({"type": "string", "format": "uri"},
                                                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert [validator.is_valid(u) for u in ("https://example.org/a b", "https://example.org/ok")] == [False, True]


def test_contact_macros_escape_every_field(monkeypatch):
    hostile = {"hotline": {"name": "<b>Hotline</b>", "short_name": "x", "phone": "1-888-373-7888",
                           "extension": "<i>1</i>", "phone_letters": "<u>L</u>", "text": '23"3733',
                           "web": 'https://example.org/"onmouseover="x()', "source": "<script>s()</script>",
                           "source_url": "https://example.org/'x'", "last_verified": "2026-01-02",
                           "checked": "<em>the number</em>", "unconfirmed": ["<s>the keyword</s>"]}}
    real_cached = datastore.cached
    monkeypatch.setattr(datastore, "cached", lambda name, *a: hostile if name == "contacts" else real_cached(name, *a))
    env = macros.Pages({"theme": {"language": "en"}}, ROOT / "includes")  # the English build's macros
    html = " ".join(str(env.macros[name]("hotline")) for name in ("call", "text_to", "web", "verified"))
    soup = BeautifulSoup(html, "html.parser")
    assert [tag.name for tag in soup.find_all(True)] == ["a", "a", "a", "span", "a", "span"]
    assert all(set(tag.attrs) <= {"class", "href"} for tag in soup.find_all(True))
    for text in ("<script>s()</script>", "<i>1</i>", "<em>the number</em>", "<s>the keyword</s>"):
        assert text in soup.get_text()


def test_markup_in_a_glossary_definition_shows_as_text(tmp_path):
    project = project_copy(tmp_path)
    replace_once(project / "data" / "field-guide" / "glossary.yml", "and up to life.",
                  'and up to life. <img src="x" onerror="alert(1)">')
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((project / "site" / "field-guide" / "glossary" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert not soup.select("dd img")
    assert any('<img src="x" onerror="alert(1)">' in dd.get_text() for dd in soup.find_all("dd"))
