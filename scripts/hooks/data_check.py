"""MkDocs hook: validate data/ before anything is built.

A bad entry stops the build here, in on_config, so no page of the site is
written from data that failed validation.
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import datastore  # noqa: E402


def on_config(config):
    try:
        for name in datastore.data_names():
            datastore.cached(name)
    except datastore.DataError as exc:
        raise PluginError(f"Invalid data: {exc}") from None
    return config
