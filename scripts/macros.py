"""mkdocs-macros module: the data in data/ as variables and small macros.

Pages write `{{ call("hotline") }}` instead of a number, so every number is
defined once, in data/contacts.yml. Each macro below says what it gives; CONTRIBUTING.md shows the
common ones.
"""
from __future__ import annotations

import datetime as dt
import functools
import sys
from pathlib import Path

from markupsafe import Markup

sys.path.insert(0, str(Path(__file__).resolve().parent))
import citations  # noqa: E402
import datastore  # noqa: E402
import field_guide  # noqa: E402
import previews  # noqa: E402
import review_dates  # noqa: E402
from linkhealth.page import link_health  # noqa: E402


def _contact(key: str) -> dict:
    contacts = datastore.cached("contacts")
    if key not in contacts:
        raise KeyError(f"no contact {key!r} in data/contacts.yml (have: {', '.join(contacts)})")
    return contacts[key]


def _long_date(iso: str) -> str:
    """2026-11-22 -> November 22, 2026: readers see the month spelled out (STYLE.md)."""
    return review_dates.long_date(dt.date.fromisoformat(str(iso)))


def _html(build):
    """A macro whose HTML the page's autoescape keeps (it escapes the data it puts in itself)."""
    @functools.wraps(build)
    def wrapper(*args, **kwargs):
        return Markup(build(*args, **kwargs))
    return wrapper


def define_env(env):
    env.variables["contacts"] = datastore.cached("contacts")
    env.variables["resources"], _ = datastore.cached("resources")
    # Every other data file, by name: data["guide/key-facts"], data["field-guide/glossary"], ...
    env.variables["data"] = {name: datastore.cached(name) for name in datastore.data_names()}

    # Markup.format escapes every value it puts in: a contact's fields are text, never markup.
    @env.macro
    def call(key: str) -> Markup:
        """The phone number as a tap-to-call link, with extension or letters where known."""
        c = _contact(key)
        link = Markup('<a class="phone" href="tel:{}">{}</a>').format(datastore.digits(c["phone"]), c["phone"])
        if c.get("extension"):
            link += Markup(", ext. {}").format(c["extension"])
        if c.get("phone_letters"):
            link += Markup(" ({})").format(c["phone_letters"])
        return link

    @env.macro
    def text_to(key: str) -> Markup:
        c = _contact(key)
        return Markup('<a class="phone" href="sms:{0}">{0}</a>').format(c["text"])

    @env.macro
    def web(key: str, field: str = "web") -> Markup:
        url = _contact(key)[field]
        shown = url.split("://", 1)[1].rstrip("/")
        return Markup('<a href="{}">{}</a>').format(url, shown)

    @env.macro
    def verified(key: str) -> Markup:
        """'Source: …, last verified …' line for a contact stated as current."""
        c = _contact(key)
        return Markup('<span class="verified">Source: <a href="{}">{}</a>; last verified {}.</span>').format(
            c["source_url"], c["source"], _long_date(c["last_verified"]))

    @env.macro
    def resource(resource_id: str) -> dict:
        for entry in env.variables["resources"]:
            if entry["id"] == resource_id:
                return entry
        raise KeyError(f"no resource {resource_id!r} in data/resources.yml")

    @env.macro
    def notes_in_order() -> list:
        """Every note of the guide, in the guide's order, as Note(note, resource, pages)."""
        _, notes = datastore.cached("resources")
        return [notes[k] for k in sorted(notes, key=citations.note_order)]

    @env.macro
    def print_kit_thumb(size: dict) -> dict:
        """Width and height of a Print kit thumbnail for a paper size of data/print/products.yml,
        as scripts/previews.py makes the PNG."""
        width, height = previews.preview_sizes(size["width_in"], size["height_in"])["thumb"]
        return {"width": width, "height": height}

    env.macro(citations.full_title, "full_title")
    env.macro(citations.wayback_url, "wayback_url")
    env.macro(_html(citations.citation_html), "citation_html")
    env.macro(_html(citations.links_html), "links_html")
    # The field guide pages read their data through checks that need the registry.
    env.macro(field_guide.load, "field_guide")
    env.macro(field_guide.cited, "field_guide_sources")
    env.macro(field_guide.anchor, "term_anchor")
    env.macro(field_guide.page_title, "page_title")
    env.macro(_html(link_health), "link_health")
