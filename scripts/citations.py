"""Render registry entries as full citations, with live and archived links.

Used by the notes hook (web and guide PDF), the resources pages and the
print products, so a citation reads the same everywhere.
"""
from __future__ import annotations

from html import escape

import i18n

# The guide's publication year: the archive date for URLs it cites without an accessed date.
GUIDE_YEAR = "2016"


def note_order(note: str) -> tuple:
    """1, 2, ... 26, then the marked notes in the guide's order: *, †, ‡."""
    return (0, int(note), "") if note.isdigit() else (1, 0, "*†‡".index(note))


def _italic(text: str) -> str:
    return f"<em>{escape(text)}</em>"


def _quoted(text: str, lang: str = "en") -> str:
    """A quoted title followed by a comma: inside the quotes in English, outside in Spanish."""
    return f"“{escape(text)}”," if lang == "es" else f"“{escape(text)},”"


def accessed_text(iso: str, lang: str = "en") -> str:
    return i18n.long_date(iso, lang)


def published_text(published: str, lang: str = "en") -> str:
    """A publication date as the registry writes it ("April 29, 2015", "August 2014", "2016")
    in the page's language; anything else is left as written."""
    return i18n.written_date(published, lang)


def wayback_url(entry: dict) -> str | None:
    """The Wayback Machine capture nearest the date the guide cited the URL."""
    url = entry.get("cited_url")
    if not url:
        return None
    stamp = entry["accessed"].replace("-", "") if entry.get("accessed") else GUIDE_YEAR
    return f"https://web.archive.org/web/{stamp}/{url}"


def full_title(entry: dict) -> str:
    return f"{entry['title']}: {entry['subtitle']}" if entry.get("subtitle") else entry["title"]


def citation_html(entry: dict, pages: str | None = None, lang: str = "en") -> str:
    """The bibliographic part of a note, in the guide's (Chicago) style, as HTML. Titles stay in
    their own language; the frame around them (release, accessed) is in the page's, and so is
    the description standing in for a title of a personal communication (its `es:` mapping)."""
    entry = i18n.localized(entry, lang)
    entry = {**entry, "title": full_title(entry)}
    form, pub = entry["form"], entry.get("published")
    pub = published_text(pub, lang) if pub else pub
    author = escape(entry["author"]) + ", " if entry.get("author") else ""
    if form == "personal":
        text = f"{escape(entry['author'])}, {escape(entry['title'])}, {escape(pub)}"
    elif form == "statute":
        text = f"{escape(entry['title'].split(',')[0])} {escape(pages or '')}".rstrip()
        pages = None
    elif form == "periodical":
        vol = f" {escape(entry['volume'])}" if entry.get("volume") else ""
        text = f"{author}{_quoted(entry['title'], lang)} {_italic(entry['container'])}{vol} ({escape(pub)})"
        if pages:
            text += (": " if vol else ", ") + escape(pages)
            pages = None
    elif form in ("book", "paper"):
        title = _italic(entry["title"]) if form == "book" else f"“{escape(entry['title'])}”"
        where = ": ".join(escape(x) for x in (entry.get("place"), entry.get("publisher")) if x)
        if author == escape(entry.get("publisher", "")) + ", ":
            where = escape(entry.get("place", ""))
        imprint = ", ".join(x for x in (where, escape(pub) if pub else "") if x)
        text = f"{author}{title}" + (f" ({imprint})" if imprint else "")
    elif form == "release":
        text = f"{author}{_quoted(entry['title'], lang)} {i18n.text('news_release', lang)}, {escape(pub)}"
    else:  # webpage
        by = escape(entry.get("publisher") or entry.get("author"))
        text = f"{_quoted(entry['title'], lang)} {by}"
    if pages:
        text += f", {escape(pages)}"
    if entry.get("accessed"):
        text += ", " + i18n.text("accessed", lang, date=accessed_text(entry["accessed"], lang))
    return text + "."


def links_html(entry: dict, lang: str = "en") -> str:
    """Cited URL written out in full (paper can't be clicked), its archive, and where it lives now."""
    # Addresses stay out of the site search (data-search-exclude): their pieces ("www", "pdf",
    # "documents") only add noise to results and bytes to the index every first visit loads.
    entry = i18n.localized(entry, lang)
    addresses = []
    if entry.get("cited_url"):
        url = escape(entry["cited_url"])
        addresses.append(f'<a class="cited-url" href="{url}">{url}</a>')
        addresses.append(f'<a class="archive-url" href="{escape(wayback_url(entry))}">{i18n.text("archived_copy", lang)}</a>')
    if entry.get("current_url") and entry.get("current_url") != entry.get("cited_url"):
        now = escape(entry["current_url"])
        addresses.append(f'{i18n.text("now_at", lang)} <a class="current-url" href="{now}">{now}</a>')
    parts = [f'<span data-search-exclude>{" · ".join(addresses)}</span>'] if addresses else []
    if entry.get("current_source") and not entry.get("current_url"):
        parts.append(f"{i18n.text('update', lang)} {escape(entry['current_source'])}")
    return " · ".join(parts)


def note_html(entry: dict, pages: str | None = None, lang: str = "en") -> str:
    links = links_html(entry, lang)
    return citation_html(entry, pages, lang) + (f" {links}" if links else "")
