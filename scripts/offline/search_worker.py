"""Let the iframe-worker shim run search under the site's Content-Security-Policy.

From file:// the shim runs Material's search worker in a hidden iframe and starts it with one
small inline script (postMessage, importScripts, an error relay) that names the worker's URL.
The iframe inherits the page's policy, which allows inline scripts only by their hashes
(scripts/hooks/csp.py). That script is not on the page, so the hook cannot see it; its text is
fixed by the shim and by the page's relative worker URL, so its hash is known at build time and
is added here, to the offline edition only. No 'unsafe-inline' is needed.

The script's text is what the shim itself writes: Node runs the shim (shim_bootstrap.js) with
stand-ins for the few browser objects it touches and prints the iframe page it writes, whose
script is read with an HTML parser. Its functions appear there as JavaScript prints them, as in
the browser, with no JavaScript read here.
"""
from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pagetree

RUNNER = Path(__file__).resolve().parent / "shim_bootstrap.js"
WORKER_URL = "${e}"  # what the shim is given as the worker's URL, to be replaced per page


class ShimError(Exception):
    """The vendored shim no longer has the shape this module reads."""


def bootstrap_template(shim_js: str) -> str:
    """The iframe's inline script with "${e}" standing for the worker URL."""
    node = shutil.which("node")
    if node is None:
        raise ShimError("Node.js (node) is needed to read the iframe-worker shim: run `make setup`")
    ran = subprocess.run([node, str(RUNNER)], input=shim_js, capture_output=True, text=True, timeout=60)
    if ran.returncode != 0:
        cause = (ran.stderr.strip().splitlines() or ["no message"])[-1]
        raise ShimError(f"the iframe-worker shim no longer starts as {RUNNER.name} expects: {cause}")
    inline = [script.text or "" for script in pagetree.tree(ran.stdout).iter("script") if script.get("src") is None] \
        if ran.stdout.strip() else []
    if len(inline) != 1 or WORKER_URL not in inline[0]:
        raise ShimError("the iframe-worker shim no longer writes the one inline script this module hashes")
    return inline[0]


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
    source = script_hash(template.replace(WORKER_URL, worker_url))
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
