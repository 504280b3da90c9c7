"""The field guide's data (data/field-guide/), checked beyond what its schemas can say.

The schemas check each file's shape at every build. This module checks what
needs the rest of the project: every cited source exists in
data/resources.yml, every session names a real page of the site, the glossary
is in alphabetical order, its cross-references resolve and its terms to avoid
are never used as wording. A problem raises datastore.DataError with file,
line, entry and field. The Spanish text of each entry (its `es` mapping) is
checked the same way: a Spanish term's source must be in the registry, a
Spanish term to avoid is never the Spanish wording, and each session has one
Spanish line per English one. The pages call `load` through the `field_guide` macro,
so a bad entry stops the build; the print kit can call it the same way.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import datastore
from datastore import DataError, line_of

DOCS = datastore.ROOT / "docs"
NAMES = ("indicators", "glossary", "discussion-guide")


def data_path(name: str) -> Path:
    return datastore.DATA / "field-guide" / f"{name}.yml"


def sort_key(term: str) -> str:
    return term.casefold()


def anchor(term: str) -> str:
    """'Force, fraud or coercion' -> 'force-fraud-or-coercion', '18 U.S.C. § 1591' -> 'term-18-usc-1591'."""
    slug = re.sub(r"[^a-z0-9]+", "-", _plain(term).replace(".", "")).strip("-")
    return slug if slug[:1].isalpha() else f"term-{slug}"


def page_title(page: str, docs: Path = DOCS) -> str:
    """The first level-1 heading of <docs>/<page> (without its { #id }): the words a link to that
    page should show. `docs` is docs/es for the Spanish pages."""
    for line in (docs / page).read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return re.sub(r"\s*\{[^}]*\}\s*$", "", line[2:]).strip()
    raise ValueError(f"{docs.relative_to(DOCS.parent)}/{page} has no level-1 heading")


def _fail(path: Path, data, where: list, entry: str | None, field: str, problem: str):
    label = f'entry "{entry}", field {field}' if entry else f"field {field}"
    raise DataError(path, line_of(data, where), label, problem)


def _check_sources(path: Path, data, where: list, entry: str | None, field: str, known: set) -> None:
    for i, resource_id in enumerate(_get(data, where)):
        if resource_id not in known:
            _fail(path, data, where + [i], entry, field, f"unknown resource {resource_id!r} "
                  "(add it to data/resources.yml or cite an id listed there)")


def _get(data, where: list):
    for step in where:
        data = data[step]
    return data


def _unique(path: Path, data, items: list, key: str, list_name: str) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        value = sort_key(item[key])
        if value in seen:
            _fail(path, data, [list_name, i, key], item[key], key,
                  f"used twice (first as entry #{seen[value] + 1})")
        seen[value] = i


def check_indicators(path: Path, data: dict, known: set) -> None:
    _unique(path, data, data["groups"], "id", "groups")
    for g, group in enumerate(data["groups"]):
        for i, _ in enumerate(group["items"]):
            _check_sources(path, data, ["groups", g, "items", i, "sources"], group["id"],
                           f"items.{i}.sources", known)


def _words(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9§]+", " ", text.casefold()) + " "


def check_glossary(path: Path, data: dict, known: set) -> None:
    terms = data["terms"]
    _unique(path, data, terms, "term", "terms")
    names = {sort_key(t["term"]) for t in terms}
    for i, entry in enumerate(terms):
        name = entry["term"]
        _check_sources(path, data, ["terms", i, "sources"], name, "sources", known)
        source = entry.get("es", {}).get("term_source")
        if source is not None and source not in known:
            _fail(path, data, ["terms", i, "es", "term_source"], name, "es.term_source",
                  f"unknown resource {source!r} (add it to data/resources.yml or cite an id listed there)")
        if i and sort_key(terms[i - 1]["term"]) > sort_key(name):
            before = terms[i - 1]["term"]
            _fail(path, data, ["terms", i, "term"], name, "term",
                  f'out of alphabetical order: it follows "{before}" '
                  f'(line {line_of(data, ["terms", i - 1, "term"])}), which sorts after it')
        for j, other in enumerate(entry.get("see_also", [])):
            if sort_key(other) not in names:
                _fail(path, data, ["terms", i, "see_also", j], name, "see_also",
                      f'"{other}" is not a term of this glossary')
    # A term to avoid must never be the wording this glossary offers, in either language.
    for lang in ("en", "es"):
        _check_avoided(path, data, terms, lang)


def _text(entry: dict, lang: str) -> dict:
    return entry if lang == "en" else entry.get("es", {})


def _check_avoided(path: Path, data: dict, terms: list, lang: str) -> None:
    prefix = [] if lang == "en" else ["es"]
    for entry in terms:
        if "avoid" not in _text(entry, lang):
            continue
        avoid = _text(entry, lang)["avoid"]
        for k, other in enumerate(terms):
            for field in ("term", "definition"):
                wording = _text(other, lang).get(field, "")
                if _words(avoid) in _words(wording):
                    name = ".".join(prefix + [field])
                    _fail(path, data, ["terms", k] + prefix + [field], other["term"], name,
                          f'uses "{avoid}", which the entry "{entry["term"]}" says to avoid')


def check_discussion_guide(path: Path, data: dict, known: set) -> None:
    if "sources" in data:
        _check_sources(path, data, ["sources"], None, "sources", known)
    _unique(path, data, data["sessions"], "id", "sessions")
    for s, session in enumerate(data["sessions"]):
        pages = [("guide_page", [s, "guide_page"], session["guide_page"])]
        pages += [(f"also_read.{k}", [s, "also_read", k], page)
                  for k, page in enumerate(session.get("also_read", []))]
        for field, where, page in pages:
            if not (DOCS / page).is_file():
                _fail(path, data, ["sessions"] + where, session["id"], field,
                      f"no page docs/{page} in the site")
        for field in ("key_points", "questions"):
            spanish = session.get("es", {}).get(field)
            if spanish is not None and len(spanish) != len(session[field]):
                _fail(path, data, ["sessions", s, "es", field], session["id"], f"es.{field}",
                      f"{len(spanish)} lines in Spanish for {len(session[field])} in English "
                      "(one Spanish line for each English one, in the same order)")


CHECKS = {"indicators": check_indicators, "glossary": check_glossary,
          "discussion-guide": check_discussion_guide}


def check(name: str, data, path: Path | None = None) -> None:
    """Raise DataError for the first problem in one field guide file's (schema-valid) data."""
    entries, _ = datastore.cached("resources")
    CHECKS[name](path or data_path(name), data, {e["id"] for e in entries})


def load(name: str, path: Path | None = None):
    """data/field-guide/<name>.yml, validated by its schema and checked; for pages and print."""
    path = path or data_path(name)
    data = datastore.cached(f"field-guide/{name}", path)
    check(name, data, path)
    return data


def in_spanish_order(terms: list[dict]) -> list[dict]:
    """Glossary entries sorted by their Spanish term, accents aside ("Víctima" before "Visa")."""
    return sorted(terms, key=lambda t: _plain(t["es"]["term"]))


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def term_sources(path: Path | None = None) -> dict[str, dict]:
    """{English term: the registry entry showing its Spanish term in use}, for the bilingual list."""
    entries, _ = datastore.cached("resources")
    by_id = {e["id"]: e for e in entries}
    return {t["term"]: by_id[t["es"]["term_source"]]
            for t in load("glossary", path)["terms"] if t.get("es", {}).get("term_source")}


def cited(name: str, path: Path | None = None) -> list[dict]:
    """The registry entries a file cites, in order of first citation."""
    data = load(name, path)
    if name == "indicators":
        items = [item for group in data["groups"] for item in group["items"]]
    else:
        items = data.get("terms", []) + [data]  # the discussion guide cites once, at the top
    order = list(dict.fromkeys(rid for item in items for rid in item.get("sources", [])))
    entries, _ = datastore.cached("resources")
    by_id = {e["id"]: e for e in entries}
    return [by_id[rid] for rid in order]
