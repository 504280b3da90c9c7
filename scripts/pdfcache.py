"""Finished PDFs kept under a key of everything that shapes them, so an unchanged PDF is
not laid out again (WeasyPrint layout is most of a build's time).

The key covers the HTML handed to WeasyPrint, the files it reads (stylesheets, images),
the code that drives it, WeasyPrint's own version and the build date the PDF is stamped
with. Only output that passed every check is stored. `make clean` empties the cache; PDF_CACHE_DIR moves it, and
PDF_CACHE=off turns it off.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable

import pydyf
import weasyprint

import settings

ROOT = Path(__file__).resolve().parent.parent


def _root() -> Path:
    return Path(os.environ.get("PDF_CACHE_DIR") or ROOT / ".cache" / "pdf")


def enabled() -> bool:
    return os.environ.get("PDF_CACHE", "on").lower() not in ("off", "0", "no", "false")


def key(*parts: str | bytes, files: Iterable[Path] = ()) -> str:
    # The PDF core stamps every PDF with the build date: a new date is a new PDF.
    digest = hashlib.sha256(f"weasyprint {weasyprint.__version__} pydyf {pydyf.__version__} "
                            f"date {settings.source_date_epoch()}".encode())
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    for path in sorted({Path(f) for f in files}):
        digest.update(str(path).encode() + b"\0" + (path.read_bytes() if path.is_file() else b"missing") + b"\0")
    return digest.hexdigest()


def fetch(kind: str, cache_key: str, targets: dict[str, Path]) -> bool:
    """Copies each cached file (by name) to its target; False, copying nothing, on a miss."""
    folder = _root() / kind / cache_key
    if not enabled() or not all((folder / name).is_file() for name in targets):
        return False
    for name, target in targets.items():
        shutil.copyfile(folder / name, target)
    return True


def store(kind: str, cache_key: str, sources: dict[str, Path]) -> None:
    """Keeps copies of the files under the key; a half-written entry is never visible."""
    if not enabled():
        return
    folder = _root() / kind / cache_key
    if folder.exists():
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
    try:
        for name, source in sources.items():
            shutil.copyfile(source, staging / name)
        os.replace(staging, folder)
    except OSError:  # another process stored the same key first: theirs is as good
        shutil.rmtree(staging, ignore_errors=True)
