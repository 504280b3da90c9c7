"""MkDocs hook: links that leave the site carry rel="noopener noreferrer".

- noopener: the page opened cannot reach back into this one through window.opener.
- noreferrer: the other site is not told which page of this guide the reader came from. A
  reader at risk may not want a hotline's, a news site's or an archive's logs to record that
  they were reading about child sex trafficking. (privacy.html also sets the referrer policy
  to same-origin; the rel token says so on the link itself, for every browser.)

A link is external when it is http(s) and not under the site's own address (site_url). Any rel
tokens a link already has are kept. Runs on the whole rendered page (parsed once for all
hooks, scripts/pagetree.py), so links written by the
theme (header, footer) are covered as well as the content.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import pagetree  # noqa: E402

REQUIRED = ("noopener", "noreferrer")


def is_external(href: str, site_url: str) -> bool:
    href = href.strip()
    if not re.match(r"https?://", href, re.I):
        return False
    return not (site_url and href.lower().startswith(site_url.lower()))


def add_rel_in(root, site_url: str) -> int:
    """Adds the tokens to every external link of a parsed page (pagetree), in place; how many
    links it changed."""
    changed = 0
    for link in root.iter("a"):
        if not is_external(link.get("href") or "", site_url):
            continue
        tokens = (link.get("rel") or "").split()
        missing = [token for token in REQUIRED if token not in (t.lower() for t in tokens)]
        if missing or link.get("rel") is None:
            link.set("rel", " ".join(tokens + missing))
            changed += 1
    return changed


def add_rel(page_html: str, site_url: str) -> str:
    """The page with the tokens added; the very same string when no link needed them (a third
    of the pages link nowhere outside the site), so it is not serialized again."""
    root = pagetree.tree(page_html)
    return pagetree.serialize(root) if add_rel_in(root, site_url) else page_html


def on_post_page(output, page, config):
    return add_rel(output, config.site_url or "")


def on_post_template(output_content, template_name, config):
    if not template_name.endswith(".html"):
        return output_content
    return add_rel(output_content, config.site_url or "")
