"""Which links are registered, and the two offline checks the build runs.

A link on the site is *registered* when its address is, exactly:
- a `cited_url` or `current_url` in data/resources.yml, or a web archive's copy of a
  registered address (`https://web.archive.org/web/<timestamp>/<address>`, and the same
  form at the UNT web archive);
- a web address of a contact in data/contacts.yml (`web`, `source_url`, any `*_url`).
Links to the project's own site or repository are not cited links and are not checked here.
"""
from __future__ import annotations

import re
from pathlib import Path

from .sitelinks import facts, page_label

ARCHIVED = re.compile(r"^https?://(?:web\.archive\.org|webarchive\.library\.unt\.edu)"
                      r"/web/\d{1,14}[a-z_]*/(?P<url>https?://.+)$")


def resource_urls(entry: dict) -> list[str]:
    return [entry[k] for k in ("cited_url", "current_url") if entry.get(k)]


def contact_addresses(contact: dict) -> dict[str, str]:
    """{url: what it is} for a contact's `web` and `*_url` fields."""
    found: dict[str, str] = {}
    for key, value in contact.items():
        if (key == "web" or key.endswith("_url")) and isinstance(value, str):
            found.setdefault(value, "web address" if key == "web"
                             else key.removesuffix("_url").replace("_", " "))
    return found


def contact_urls(contact: dict) -> list[str]:
    return list(contact_addresses(contact))


def registered_urls(resources: list[dict], contacts: dict) -> set[str]:
    urls = {u for entry in resources for u in resource_urls(entry)}
    return urls | {u for contact in contacts.values() for u in contact_urls(contact)}


def is_registered(url: str, registered: set[str]) -> bool:
    archived = ARCHIVED.match(url)
    return url in registered or bool(archived and archived["url"] in registered)


def unregistered_links(links: dict[str, list[str]], registered: set[str]) -> list[tuple[str, str]]:
    """(page, url) for every external link that is in neither registry, by page."""
    return sorted((page, url) for url, pages in links.items()
                  if not is_registered(url, registered) for page in pages)


def site_text(site_dir: Path) -> dict[str, str]:
    """{page: its text}."""
    return {page_label(Path(site_dir), html): facts(html)[1]
            for html in sorted(Path(site_dir).rglob("*.html"))}


def unlisted_entries(resources: list[dict], links: dict[str, list[str]],
                     texts: dict[str, str]) -> list[dict]:
    """Registry entries no page shows: by a link to one of their addresses (or its archived
    copy) for entries with an address, by their title in the text for the others."""
    linked = {ARCHIVED.match(u)["url"] if ARCHIVED.match(u) else u for u in links}
    everything = "\n".join(texts.values())
    missing = []
    for entry in resources:
        urls = resource_urls(entry)
        shown = any(u in linked for u in urls) if urls else " ".join(entry["title"].split()) in everything
        if not shown:
            missing.append(entry)
    return missing
