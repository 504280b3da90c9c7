"""MkDocs hook: the theme's templates are compiled once, not on every build.

Before it renders a page, Jinja compiles each template it uses (Material's and ours in
overrides/) to Python code: about 0.2 s of CPU in every build, the same work each time, and the
same in both editions, which render the same templates in their own words. Jinja's bytecode
cache keeps that code in .cache/templates/ (settings.template_cache), checked against a hash of
each template's source: an edited template is compiled again, an unchanged one is read back.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import settings  # noqa: E402


def on_env(env, config, files):
    env.bytecode_cache = settings.template_cache(env)
    return env
