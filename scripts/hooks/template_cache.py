"""MkDocs hook: the theme's templates are compiled once, not on every build.

Before it renders a page, Jinja compiles each template it uses (Material's and ours in
overrides/) to Python code: about 0.2 s of CPU in every build, the same work each time, and the
same in both editions, which render the same templates in their own words. Jinja's bytecode
cache keeps that code in .cache/templates/ (settings.cache_dir), one file per template, checked
against a hash of the template's source: an edited template is compiled again, an unchanged one
is read back. Jinja writes each file beside its target and renames it into place, so the two
editions building side by side (`make build`) never read half a file.

The code Jinja makes also depends on how the environment is set up (its extensions and
syntax), so each set-up gets its own folder. The pages' own Jinja (mkdocs-macros) is compiled
by the macros plugin and is not cached here. Where .cache/ cannot be written, nothing is cached.
"""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import jinja2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import settings  # noqa: E402

# What the compiled code depends on besides the template's source.
COMPILE_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                    "comment_start_string", "comment_end_string", "line_statement_prefix",
                    "line_comment_prefix", "trim_blocks", "lstrip_blocks", "newline_sequence",
                    "keep_trailing_newline", "optimized", "autoescape", "is_async")


def setup_key(env: jinja2.Environment) -> str:
    """A short name for the environment's compile settings, its extensions and Jinja's version."""
    parts = [jinja2.__version__, *sorted(env.extensions)]
    parts += [f"{name}={getattr(env, name)!r}" for name in COMPILE_SETTINGS]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def on_env(env, config, files):
    folder = settings.cache_dir("templates") / setup_key(env)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return env
    if os.access(folder, os.W_OK):
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return env
