"""The data every product is made from, checked for the items each product needs.

Contacts and the guide's key facts come from data/ through datastore; the field
guide (indicators, glossary, discussion guide) from data/field-guide/. A missing
item stops the build with a BuildError naming the product and the field.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

import citations
import datastore
import i18n

from .errors import BuildError

FIELD_GUIDE_DIR = datastore.DATA / "field-guide"


def field_guide_path(name: str) -> Path:
    return FIELD_GUIDE_DIR / f"{name}.yml"


def missing_field_guide(names) -> list[str]:
    """Which of these data/field-guide/ files are not written yet."""
    return [n for n in names if not field_guide_path(n).exists()]


def load_field_guide(name: str):
    path = field_guide_path(name)
    if (datastore.SCHEMAS / f"{name}.schema.json").exists():
        return datastore.load(f"field-guide/{name}", path)
    return datastore.read_yaml(path)  # before its schema lands; the product checks what it uses


def require(product: str, where: str, value):
    """`value`, or a BuildError naming the product and the data field if it is empty."""
    if value in (None, "", [], {}):
        raise BuildError(product, where, "required item is missing or empty in the data")
    return value


@dataclass
class SourceList:
    """The works cited on one product, numbered [1], [2], ... in order of first use."""

    resources: dict
    lang: str = i18n.DEFAULT  # the frame around each citation ("accessed …") is in this language
    entries: list = field(default_factory=list)  # (resource id, pages or None)

    def _number(self, key: tuple) -> int:
        if key not in self.entries:
            self.entries.append(key)
        return self.entries.index(key) + 1

    def number(self, product: str, where: str, resource_id: str) -> int:
        if resource_id not in self.resources:
            raise BuildError(product, where, f'source "{resource_id}" is not in data/resources.yml')
        return self._number((resource_id, None))

    def numbers(self, product: str, where: str, ids: list) -> list[int]:
        require(product, where, ids)
        return [self.number(product, f"{where}.{i}", rid) for i, rid in enumerate(ids)]

    def note(self, product: str, where: str, note: str) -> int:
        """The number of one of the guide's own notes (1–26, *, †, ‡), cited with its pages."""
        _, notes = datastore.cached("resources")
        if note not in notes:
            raise BuildError(product, where, f"note {note} is not defined in data/resources.yml")
        return self._number((notes[note].resource["id"], notes[note].pages))

    def citations(self) -> list[Markup]:
        """Full citations (Chicago, as in the web notes) without links: paper can't be clicked."""
        return [Markup(citations.citation_html(self.resources[rid], pages, self.lang)) for rid, pages in self.entries]

    def short_citations(self) -> list[str]:
        """Titles only, for cards and posters with no room for full citations."""
        return [citations.full_title(self.resources[rid]) for rid, _ in self.entries]


def resources_by_id() -> dict:
    entries, _ = datastore.cached("resources")
    return {entry["id"]: entry for entry in entries}
