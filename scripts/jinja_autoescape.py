"""A Jinja extension that turns on autoescaping, for the pages' Jinja environment
(macros.Pages, run by scripts/hooks/page_macros.py).

With it, every data value a page writes with {{ … }} (a contact's name, a glossary term, a
resource's title) reaches the HTML as text, never as markup; macros that build HTML return
markupsafe.Markup. (An extension, rather than the environment's own autoescape setting, because
mkdocs-macros, which rendered the pages before, had no such setting; the effect is the same.)
"""
from __future__ import annotations

from jinja2.ext import Extension


class AutoEscape(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.autoescape = True
