"""MkDocs hook: each page's Markdown runs through its Jinja (the macros and data of
scripts/macros.py) before anything else reads it.

Listed before language.py: `config` in a page is the config as loaded, before the language hook
gives the Spanish build its own site_url. A page whose Jinja fails is named in one warning, file
and line (`mkdocs build --strict` stops on it), and shows the problem in place of its text. Each
page's compiled code is kept in .cache/templates/, so a page that did not change is not compiled
again.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import macros  # noqa: E402

log = logging.getLogger("mkdocs.hooks.page_macros")
INCLUDES = "includes"
_pages: list = []


def on_config(config):
    _pages[:] = [macros.Pages(config, Path(config.config_file_path).resolve().parent / INCLUDES, cached=True)]
    return config


def on_serve(server, config, builder):
    server.watch(str(Path(config.config_file_path).resolve().parent / INCLUDES))
    return server


def on_page_markdown(markdown, page, config, files):
    try:
        return _pages[0].render(markdown, page)
    except macros.PageError as exc:
        log.warning("%s", exc)
        return f"# Macro error\n\n{exc}\n"
