"""Shared fixtures. `make test` builds site/ first; tests read what it built."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE = (ROOT / os.environ.get("SITE_DIR", "site")).resolve()
sys.path.insert(0, str(ROOT / "scripts"))
from guidepdf.nav import page_sources  # noqa: E402  (the nav as the guide PDF reads it)


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail("site/ is not built: run `make test`, which builds it first")
    return SITE


@pytest.fixture(scope="session")
def mkdocs_config() -> dict:
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


@pytest.fixture(scope="session")
def guide_pdf(mkdocs_config) -> str:
    """Where the guide PDF is, relative to the site (extra.guide_pdf in mkdocs.yml)."""
    return mkdocs_config["extra"]["guide_pdf"]


def nav_pages(nav) -> list[str]:
    return page_sources(nav)


@pytest.fixture(scope="session")
def nav_files(mkdocs_config) -> list[str]:
    return nav_pages(mkdocs_config["nav"])


def built_path(site_dir: Path, md: str) -> Path:
    """docs/tips/index.md -> site/tips/index.html; docs/tips/x.md -> site/tips/x/index.html."""
    stem = md[:-3]
    if stem == "index" or stem.endswith("/index"):
        return site_dir / (stem + ".html")
    return site_dir / stem / "index.html"
