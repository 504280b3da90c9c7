"""MkDocs hook: the page's Content-Security-Policy allows exactly its own inline scripts.

overrides/partials/privacy.html writes the policy with the placeholder 'inline-script-hashes'
in script-src. Material writes a few small inline scripts (local-storage helpers, the colour
palette bootstrap, a tab fix); their text depends on the page's depth, so after each page is
rendered this hook hashes every inline script on it and puts the hashes in place of the
placeholder. That keeps 'unsafe-inline' out of the policy: an injected script has no hash.
Data blocks (<script type="application/json">, Material's config) never run and need none.

A page with inline scripts but no placeholder fails the build: its scripts would be blocked.
"""
from __future__ import annotations

import base64
import hashlib
import re

from mkdocs.exceptions import PluginError

PLACEHOLDER = "'inline-script-hashes'"
SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
RUNNABLE_TYPES = {"", "module", "text/javascript", "application/javascript"}


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions for each inline script that would run, in page order, no repeats."""
    hashes: list[str] = []
    for script in SCRIPT.finditer(html):
        attrs = script.group("attrs")
        kind = TYPE.search(attrs)
        if re.search(r"\bsrc\s*=", attrs, re.I) or (kind and kind.group(1).lower() not in RUNNABLE_TYPES):
            continue
        digest = base64.b64encode(hashlib.sha256(script.group("body").encode("utf-8")).digest())
        source = f"'sha256-{digest.decode('ascii')}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def with_script_hashes(html: str, where: str) -> str:
    hashes = inline_script_hashes(html)
    if PLACEHOLDER not in html:
        if hashes:
            raise PluginError(f"{where}: inline scripts but no Content-Security-Policy placeholder "
                              f"{PLACEHOLDER} (overrides/partials/privacy.html)")
        return html
    return html.replace(PLACEHOLDER, " ".join(hashes), 1)


def on_post_page(output, page, config):
    return with_script_hashes(output, f"docs/{page.file.src_uri}")


def on_post_template(output_content, template_name, config):
    # 404.html and other static templates are not pages; they get the same treatment.
    return with_script_hashes(output_content, template_name)
