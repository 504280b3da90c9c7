"""A Jinja extension that turns on autoescaping, for mkdocs-macros (`j2_extensions` in mkdocs.yml).

The macros plugin builds its Jinja environment without autoescape and has no option for it; an
extension is Jinja's documented way to configure the environment it joins. With it, every data
value a page writes with {{ … }} (a contact's name, a glossary term, a resource's title) reaches
the HTML as text, never as markup; macros that build HTML return markupsafe.Markup.
"""
from __future__ import annotations

from jinja2.ext import Extension


class AutoEscape(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.autoescape = True
