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
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import pagetree  # noqa: E402
import settings  # noqa: E402

PLACEHOLDER = "'inline-script-hashes'"
RUNNABLE_TYPES = {"", "module", "text/javascript", "application/javascript"}


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions for each inline script that would run, in page order, no repeats.

    The page's tree (scripts/pagetree.py) holds each script's text exactly as written: HTML
    reads a script's body as raw text, and so does its serializer."""
    hashes: list[str] = []
    if "<script" not in html.lower():
        return hashes  # nothing to hash (sitemap.xml and other templates)
    for script in pagetree.tree(html).iter("script"):
        kind = (script.get("type") or "").strip().lower()
        if script.get("src") is not None or kind not in RUNNABLE_TYPES:
            continue
        digest = base64.b64encode(hashlib.sha256((script.text or "").encode("utf-8")).digest())
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
    return with_script_hashes(output, settings.source_name(page.file))


def on_post_template(output_content, template_name, config):
    # 404.html and other static templates are not pages; they get the same treatment.
    return with_script_hashes(output_content, template_name)
