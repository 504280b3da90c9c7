"""The link health page: each registry resource and contact, with the class of each of its
addresses and the date it was checked, from the last committed report.

docs/resources/link-health.md calls `{{ link_health() }}` (registered in scripts/macros.py).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from html import escape
from pathlib import Path

import citations
import datastore

from . import BROKEN, CLASSES, LABELS, MOVED, NEEDS_PERSON, OK, registry, report

UNCHECKED = "unchecked"
HEADINGS = {**LABELS, UNCHECKED: "Not in the last check"}
# The lists of addresses stay out of the site search: they repeat Cited works, add only URLs and
# statuses, and would make up an eighth of the index every first visit downloads (issue 6).
SEARCH_EXCLUDE = "{ data-search-exclude }"
MEANINGS = {
    OK: "The address answers, directly or through temporary redirects.",
    MOVED: "The site says the page has moved for good (a permanent redirect). The new address is "
           "shown; a maintainer checks it is the same work and records it as the current address.",
    BROKEN: "The page is gone (404 or 410), the site's name no longer exists, or the site refuses "
            "connections. A maintainer looks for a new home or relies on the archived copy.",
    NEEDS_PERSON: "A program can't tell: the site turns automated checkers away, asks them to "
                    "slow down, fails for a while, is too slow, redirects in circles or has a "
                    "certificate problem. Someone opens it in a browser.",
}


@dataclass
class Item:
    title: str
    by: str
    addresses: list[tuple[str, str]]   # (what it is, url)


def items(resources: list[dict], contacts: dict) -> list[Item]:
    """Every registry entry and contact that has a web address."""
    out = []
    for entry in resources:
        addresses = []
        if entry.get("cited_url"):
            addresses += [("address cited", entry["cited_url"]),
                          ("archived copy", citations.wayback_url(entry))]
        if entry.get("current_url") and entry["current_url"] != entry.get("cited_url"):
            addresses.append(("current address", entry["current_url"]))
        if addresses:
            by = entry.get("publisher") or entry.get("author") or ""
            out.append(Item(citations.full_title(entry), by, addresses))
    for contact in contacts.values():
        addresses = registry.contact_addresses(contact)
        if addresses:
            out.append(Item(contact["name"], "contact", [(what, url) for url, what in addresses.items()]))
    return out


def _shown(url: str, limit: int = 60) -> str:
    text = url.split("://", 1)[-1].rstrip("/")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _link(url: str, text: str | None = None) -> str:
    return f'<a href="{escape(url)}">{escape(text or _shown(url))}</a>'


def _result(link: dict | None) -> str:
    if link is None:
        return "not in the last check"
    label = f"**{LABELS[link['class']]}**"
    if link["class"] == MOVED:
        # Text, not a link: unverified until a maintainer records it (and the build
        # accepts only registered links).
        return f"{label} ({link.get('status', 'permanent')}) to <code>{escape(link['suggested_url'])}</code>"
    if link["class"] == OK:
        return label
    return f"{label} ({escape(link['detail'])})"


def _date(iso_time: str) -> str:
    return citations.accessed_text(iso_time[:10])


def _group(item: Item, by_url: dict) -> str:
    found = [by_url[url]["class"] for _, url in item.addresses if url in by_url]
    return min(found, key=CLASSES.index) if found else UNCHECKED


def _item_md(item: Item, by_url: dict | None) -> list[str]:
    """The item and its addresses; with each address's result when there is a report."""
    checked = [by_url[url]["checked"] for _, url in item.addresses if url in (by_url or {})]
    when = f"; checked {_date(max(checked))}" if checked else ""
    by = f" ({escape(item.by)})" if item.by else ""
    lines = [f"- **{escape(item.title)}**{by}{when}"]
    for what, url in item.addresses:
        text = "Wayback Machine copy" if what == "archived copy" else None
        result = "" if by_url is None else f" — {_result(by_url.get(url))}"
        lines.append(f"    - {what}: {_link(url, text)}{result}")
    return lines


def meanings_md() -> list[str]:
    lines = ["## What the results mean", ""]
    for cls in reversed(CLASSES):  # from the good news to the work
        lines += [LABELS[cls], f":   {MEANINGS[cls]}", ""]
    return lines


def render(data: dict | None, resources: list[dict], contacts: dict) -> str:
    """The page body, as Markdown: the summary (or why there is none), then every item."""
    all_items = items(resources, contacts)
    if data is None:
        lines = ['!!! info "No check has run yet"',
                 "    No link check has been saved to this edition yet, so this page can't say",
                 "    which addresses still work. The first saved result will appear here; until",
                 "    then, below is every address the check covers.", ""]
        lines += meanings_md() + [f"## Addresses the check covers ({len(all_items)}) {SEARCH_EXCLUDE}", ""]
        for item in all_items:
            lines += _item_md(item, None)
        return "\n".join(lines) + "\n"

    by_url = {link["url"]: link for link in data["links"]}
    counts = ", ".join(f"{data['counts'][cls]} {report.COUNTED[cls]}" for cls in CLASSES)
    lines = [f"**Last check:** {_date(data['finished'])}, {len(data['links'])} addresses: {counts}.", ""]
    lines += meanings_md()
    groups: dict[str, list[Item]] = {}
    for item in all_items:
        groups.setdefault(_group(item, by_url), []).append(item)
    for cls in (*CLASSES, UNCHECKED):
        if groups.get(cls):
            lines += [f"## {HEADINGS[cls]} ({len(groups[cls])}) {SEARCH_EXCLUDE}", ""]
            for item in groups[cls]:
                lines += _item_md(item, by_url)
            lines.append("")
    return "\n".join(lines)


def link_health() -> str:
    """The macro: the committed report (or $LINK_HEALTH_REPORT, to preview another one),
    the registry and the contacts."""
    resources, _ = datastore.cached("resources")
    path = Path(os.environ.get("LINK_HEALTH_REPORT") or report.COMMITTED)
    return render(report.load(path), resources, datastore.cached("contacts"))
