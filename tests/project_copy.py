"""A copy of the project to break on purpose (a data file, a page), and its MkDocs build."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import ROOT

MKDOCS = str(ROOT / ".venv" / "bin" / "mkdocs")
# What a copy of the project needs to build the web pages (no site/, caches or environments).
PROJECT_PARTS = ("data", "docs", "includes", "overrides", "print", "scripts", "templates", "mkdocs.yml",
                 "README.md", "CONTRIBUTING.md", "CHANGELOG.md", "STYLE.md", "LICENSE", "NOTICE", "CITATION.cff")


def project_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    copy.mkdir()
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, copy / part)
    return copy


def mkdocs_build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([MKDOCS, "build", "--strict", "--site-dir", str(project / "site")], cwd=project,
                          capture_output=True, text=True, timeout=600)


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in {path.name}: update the test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
