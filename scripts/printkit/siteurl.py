"""site_url as MkDocs resolves it: SITE_URL from the environment, else mkdocs.yml's default."""
from __future__ import annotations

import os

import yaml

import datastore
from datastore import DataError

MKDOCS_YML = datastore.ROOT / "mkdocs.yml"


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml: !ENV [NAME, default] resolves, other tags (python/name:...) are ignored."""


def _env(loader, node):
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    *variables, default = names if len(names) > 1 else (names + [None])
    return next((os.environ[v] for v in variables if os.environ.get(v)), default)


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def site_url() -> str:
    config = yaml.load(MKDOCS_YML.read_text(encoding="utf-8"), Loader=_Loader)
    url = os.environ.get("SITE_URL") or (config or {}).get("site_url")
    if not url:
        raise DataError(MKDOCS_YML, None, "site_url", "no site_url to point the QR codes at (set SITE_URL)")
    return url if url.endswith("/") else url + "/"
