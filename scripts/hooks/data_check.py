"""MkDocs hook: validate data/ before anything is built.

A bad entry stops the build here, in on_config, so no page of the site is written from data that
failed validation. It runs before every plugin's on_config (the macros plugin reads the data in
its own), so the maintainer sees one line, `file:line: entry, field: problem`, not a traceback.
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import datastore  # noqa: E402
import field_guide  # noqa: E402


@event_priority(100)  # before the plugins' on_config (0)
def on_config(config):
    try:
        for name in datastore.data_names():
            datastore.cached(name)
        for name in field_guide.NAMES:
            if field_guide.data_path(name).exists():
                field_guide.load(name)
    except datastore.DataError as exc:
        raise PluginError(f"Invalid data: {exc}") from None
    return config
