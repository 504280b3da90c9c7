"""Let the iframe-worker shim run search under the site's Content-Security-Policy.

From file:// the shim runs Material's search worker in a hidden iframe and starts it with one
small inline script (postMessage, importScripts, an error relay) that names the worker's URL.
The iframe inherits the page's policy, which allows inline scripts only by their hashes
(scripts/hooks/csp.py). That script is not on the page, so the hook cannot see it; its text is
fixed by the shim and by the page's relative worker URL, so its hash is known at build time and
is added here, to the offline edition only. No 'unsafe-inline' is needed.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re

import pagetree

BOOTSTRAP = re.compile(r"<script>(?P<body>postMessage=\$\{(?P<post>\w+)\};importScripts=\$\{(?P<imp>\w+)\};"
                       r".*?)<\\/script>")


class ShimError(Exception):
    """The vendored shim no longer has the shape this module reads."""


def _function_source(js: str, name: str) -> str:
    """`function name(...){...}` as the browser's Function.prototype.toString returns it."""
    start = js.find(f"function {name}(")
    if start < 0:
        raise ShimError(f"no function {name} in the iframe-worker shim")
    depth = 0
    for end in range(js.index("{", start), len(js)):
        depth += {"{": 1, "}": -1}.get(js[end], 0)
        if depth == 0:
            return js[start:end + 1]
    raise ShimError(f"function {name} in the iframe-worker shim does not end")


def bootstrap_template(shim_js: str) -> str:
    """The iframe's inline script with "${e}" standing for the worker URL."""
    found = BOOTSTRAP.search(shim_js)
    if not found:
        raise ShimError("the iframe-worker shim no longer writes the inline script this module hashes")
    body = found["body"]
    for placeholder in (found["post"], found["imp"]):
        body = body.replace("${%s}" % placeholder, _function_source(shim_js, placeholder))
    return body


def script_hash(text: str) -> str:
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def allow_search_worker_in(root, template: str) -> bool:
    """Add the hash of this page's iframe bootstrap to script-src of a parsed page's policy;
    False (nothing changed) for pages without a policy, without search, or whose policy
    already allows it."""
    policy = next((meta for meta in root.iter("meta")
                   if (meta.get("http-equiv") or "").lower() == "content-security-policy"), None)
    config = next((script for script in root.iter("script") if script.get("id") == "__config"), None)
    if policy is None or config is None:
        return False
    worker_url = json.loads(config.text or "{}").get("search")
    if not worker_url:
        return False
    source = script_hash(template.replace("${e}", worker_url))
    directives = [d.strip() for d in (policy.get("content") or "").split(";") if d.strip()]
    names = [d.split()[0].lower() for d in directives]
    governing = "script-src" if "script-src" in names else "default-src"
    if governing not in names:
        return False
    i = names.index(governing)
    if source in directives[i].split():
        return False
    directives[i] = f"{directives[i]} {source}"
    policy.set("content", "; ".join(directives))
    return True


def allow_search_worker(page_html: str, template: str) -> str:
    root = pagetree.tree(page_html)
    return pagetree.serialize(root) if allow_search_worker_in(root, template) else page_html
