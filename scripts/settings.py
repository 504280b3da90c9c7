"""Settings every build step shares, each defined once: the site's address, the build date, where
reusable work is kept and how a file is written whole or not at all.

Hooks, scripts, tests and the bench import these; none reads SITE_URL, SOURCE_DATE_EPOCH or
mkdocs.yml on its own.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import yaml
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = ROOT / "mkdocs.yml"
# Work a later build can reuse (compiled templates): ignored by git, emptied by `make clean`.
CACHE = ROOT / ".cache"
# 2016-01-01, the guide's year: the build date when neither the caller nor git gives one.
FALLBACK_EPOCH = 1451606400


@lru_cache(maxsize=None)
def mkdocs_config(path: Path = MKDOCS_YML) -> dict:
    """A MkDocs config read with MkDocs' own YAML loader (INHERIT and !ENV resolve), without
    loading plugins: the one reader of mkdocs.yml outside MkDocs. The loader is MkDocs' default
    one on libyaml's parser where PyYAML has it: the same result, read about eight times faster
    (each edition's build reads mkdocs.yml here once more)."""
    with open(path, "rb") as stream:
        return yaml_load(stream, get_yaml_loader(getattr(yaml, "CLoader", yaml.Loader))) or {}


def source_name(file) -> str:
    """A MkDocs file as errors name it, from the project root: docs/x.md, docs/es/x.md."""
    path = Path(file.abs_src_path)
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()


def site_url(lang: str = "en") -> str:
    """Where the site is published, ending in '/': SITE_URL, else mkdocs.yml's default. The
    Spanish edition is published under es/ of it."""
    url = os.environ.get("SITE_URL") or mkdocs_config().get("site_url")
    if not url:
        raise ValueError(f"{MKDOCS_YML.name}: site_url: none set (set SITE_URL)")
    return edition_url(url, lang)


def edition_url(url: str, lang: str) -> str:
    """The address of one language's edition, from the site's address (the English edition)."""
    url = url if url.endswith("/") else url + "/"
    return url + "es/" if lang == "es" else url


def cache_dir(name: str) -> Path:
    """The folder under .cache/ for one kind of reusable work (not created here)."""
    return CACHE / name


# What the code Jinja compiles a template to depends on, besides the template's source.
JINJA_COMPILE_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                          "comment_start_string", "comment_end_string", "line_statement_prefix",
                          "line_comment_prefix", "trim_blocks", "lstrip_blocks", "newline_sequence",
                          "keep_trailing_newline", "optimized", "autoescape", "is_async")


def template_cache(env):
    """Jinja's bytecode cache for `env` in .cache/templates/: each template's compiled code, checked
    against a hash of its source, so an unchanged template is not compiled again. Environments
    set up differently (syntax, extensions, Jinja's version) get folders of their own. None where
    the folder cannot be written."""
    import jinja2  # here: most scripts that read settings render no template

    setup = [jinja2.__version__, *sorted(env.extensions)]
    setup += [f"{name}={getattr(env, name)!r}" for name in JINJA_COMPILE_SETTINGS]
    folder = cache_dir("templates") / hashlib.sha256("\n".join(setup).encode("utf-8")).hexdigest()[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    # Jinja writes each file beside its target and renames it into place: two builds side by
    # side never read half a file.
    return jinja2.FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


def source_date_epoch() -> int:
    """Seconds of the build date: SOURCE_DATE_EPOCH, else the last commit, else 2016-01-01.

    Every PDF, zip and README stamped with it is the same bytes from the same sources."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        return int(value)
    try:
        commit = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                                text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return int(commit) if commit.isdigit() else FALLBACK_EPOCH


def build_datetime() -> datetime:
    return datetime.fromtimestamp(source_date_epoch(), timezone.utc)


def write_atomic(path: Path, data: bytes | str, mode: int = 0o644) -> Path:
    """Writes the file beside its target, then renames it into place: readers see the old file
    or the new one, never half of one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(temp, mode)  # mkstemp makes it private; what we write is meant to be read
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
