"""MkDocs hook: links that leave the site carry rel="noopener noreferrer".

- noopener: the page opened cannot reach back into this one through window.opener.
- noreferrer: the other site is not told which page of this guide the reader came from. A
  reader at risk may not want a hotline's, a news site's or an archive's logs to record that
  they were reading about child sex trafficking. (privacy.html also sets the referrer policy
  to same-origin; the rel token says so on the link itself, for every browser.)

A link is external when it is http(s) and not under the site's own address (site_url). Any rel
tokens a link already has are kept. Runs on the whole rendered page, so links written by the
theme (header, footer) are covered as well as the content.
"""
from __future__ import annotations

import html
import re

REQUIRED = ("noopener", "noreferrer")
A_TAG = re.compile(r"""<a\s(?:[^>"']|"[^"]*"|'[^']*')*>""", re.I)
ATTR = r"""\b{name}\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')"""


def attribute(tag: str, name: str) -> re.Match | None:
    return re.search(ATTR.format(name=name), tag, re.I)


def is_external(href: str, site_url: str) -> bool:
    href = html.unescape(href).strip()
    if not re.match(r"https?://", href, re.I):
        return False
    return not (site_url and href.lower().startswith(site_url.lower()))


def with_rel(tag: str) -> str:
    rel = attribute(tag, "rel")
    if rel is None:
        return tag[:-1].rstrip() + f' rel="{" ".join(REQUIRED)}">'
    tokens = (rel.group("dq") if rel.group("dq") is not None else rel.group("sq")).split()
    tokens += [token for token in REQUIRED if token not in (t.lower() for t in tokens)]
    return tag[:rel.start()] + f'rel="{" ".join(tokens)}"' + tag[rel.end():]


def add_rel(page_html: str, site_url: str) -> str:
    def fix(match: re.Match) -> str:
        tag = match.group(0)
        href = attribute(tag, "href")
        if href and is_external(href.group("dq") or href.group("sq") or "", site_url):
            return with_rel(tag)
        return tag
    return A_TAG.sub(fix, page_html)


def on_post_page(output, page, config):
    return add_rel(output, config.site_url or "")


def on_post_template(output_content, template_name, config):
    if not template_name.endswith(".html"):
        return output_content
    return add_rel(output_content, config.site_url or "")
