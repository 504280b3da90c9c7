"""The Spanish edition's pages and the English pages they translate.

Each page under docs/es/ names its English source in its front matter and records a hash of
that source as it was when translated:

    ---
    translation_of: guide/scope.md
    translation_source_sha256: 3f1c…
    ---

When the English page changes, its hash no longer matches: the translation is *behind*. The
build shows a notice on the Spanish page, `make stale` lists it and the tests warn. Plain
module: the MkDocs hook (scripts/hooks/language.py), review_dates.py and the tests call it.
"""
from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path, PurePosixPath

from mkdocs.utils.meta import get_data

sys.path.insert(0, str(Path(__file__).resolve().parent))
import settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
ES_DOCS = DOCS / "es"
# The training deck's slide sources: English in print/deck/, Spanish in print/deck/es/.
DECK = ROOT / "print" / "deck"
ES_DECK = DECK / "es"
LANGUAGES = ("en", "es")
FIELDS = ("translation_of", "translation_source_sha256")


class TranslationError(Exception):
    """A Spanish page whose front matter does not name a real English page; one line."""

    def __init__(self, page: Path, field: str, problem: str):
        try:
            shown = page.resolve().relative_to(ROOT)
        except ValueError:
            shown = page
        super().__init__(f"{shown}:1: front matter, field {field}: {problem}")


@dataclass(frozen=True)
class Translation:
    page: str  # under docs/es/, e.g. "guide/scope.md"
    source: str  # under docs/, e.g. "guide/scope.md"
    recorded_sha256: str
    current_sha256: str

    @property
    def behind(self) -> bool:
        """The English page changed after this translation was made."""
        return self.recorded_sha256 != self.current_sha256

    @property
    def url(self) -> str:
        return page_url(self.page)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def page_url(src: str, directory_urls: bool = True) -> str:
    """'guide/scope.md' -> 'guide/scope/'; 'guide/index.md' -> 'guide/'; 'index.md' -> ''. Without
    directory URLs (the offline edition): 'guide/scope.html', 'guide/index.html'."""
    if not directory_urls:
        return PurePosixPath(src).with_suffix(".html").as_posix()
    path = PurePosixPath(src).with_suffix("")
    parts = path.parts[:-1] if path.name in ("index", "README") else path.parts
    return "/".join(parts) + "/" if parts else ""


def language_versions(url: str, lang: str, counterparts: dict[str, dict[str, str]],
                      roots: dict[str, str]) -> list[tuple[str, str]]:
    """A page's versions, as hreflang wants them: [(language, absolute URL)], the page itself
    first, then each other language it is translated into, then x-default (the English one).
    `counterparts[other][url]` is the page's URL in `other`; `roots` each edition's address.
    Empty for a page in one language only: it has no alternates to name."""
    others = [(other, roots[other] + urls[url]) for other, urls in counterparts.items()
              if other != lang and url in urls]
    if not others:
        return []
    versions = [(lang, roots[lang] + url), *others]
    return versions + [("x-default", dict(versions)["en"])]


def read(page: Path, es_docs: Path = ES_DOCS, docs: Path = DOCS) -> Translation:
    """The translation record of one Spanish page; TranslationError when it is incomplete."""
    meta = get_data(page.read_text(encoding="utf-8"))[1]
    for field in FIELDS:
        if not isinstance(meta.get(field), str) or not meta[field].strip():
            raise TranslationError(page, field, "missing (see CONTRIBUTING.md, Spanish edition)")
    source = meta["translation_of"].strip()
    english = (docs / source).resolve()
    if not english.is_relative_to(docs.resolve()) or english.is_relative_to(es_docs.resolve()):
        raise TranslationError(page, "translation_of", f"{source!r} is not a page under docs/")
    if not english.is_file():
        raise TranslationError(page, "translation_of", f"no English page docs/{source}")
    recorded = meta["translation_source_sha256"].strip().lower()
    if len(recorded) != 64 or any(c not in "0123456789abcdef" for c in recorded):
        raise TranslationError(page, "translation_source_sha256", "not a SHA-256 hex digest")
    return Translation(page.relative_to(es_docs).as_posix(), source, recorded, sha256_of(english))


def all_translations(es_docs: Path = ES_DOCS, docs: Path = DOCS) -> list[Translation]:
    return [read(page, es_docs, docs) for page in sorted(es_docs.rglob("*.md"))]


def deck_translations() -> list[Translation]:
    """The Spanish slide sources of the training deck, kept in step the same way."""
    return all_translations(ES_DECK, DECK)


@lru_cache(maxsize=None)
def english_changed_on(source: str, folder: Path = DOCS) -> date | None:
    """The day of the last commit that touched <folder>/<source>; None outside a git checkout."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", str((folder / source).relative_to(ROOT))], cwd=ROOT,
                             capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return date.fromisoformat(out) if out else None


def stamp(page: Path, es_docs: Path = ES_DOCS, docs: Path = DOCS) -> bool:
    """Records the English page's current hash in a Spanish page (after updating the translation).
    Returns whether the file changed."""
    record = read(page, es_docs, docs)
    if not record.behind:
        return False
    text = page.read_text(encoding="utf-8")
    settings.write_atomic(page, text.replace(record.recorded_sha256, record.current_sha256, 1))
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Spanish pages whose English source changed.")
    parser.add_argument("--stamp", nargs="+", type=Path, metavar="PAGE",
                        help="record the English source's current hash in these docs/es/ pages "
                             "(run it once the translation is brought up to date)")
    args = parser.parse_args(argv)
    try:
        if args.stamp:
            for page in args.stamp:
                page = page.resolve()
                folders = (ES_DECK, DECK) if page.is_relative_to(ES_DECK) else (ES_DOCS, DOCS)
                changed = stamp(page, *folders)
                print(f"{page.relative_to(ROOT)}: {'stamped' if changed else 'already up to date'}")
            return 0
        behind = [(t, ES_DOCS, DOCS) for t in all_translations() if t.behind]
        behind += [(t, ES_DECK, DECK) for t in deck_translations() if t.behind]
    except TranslationError as exc:
        print(exc, file=sys.stderr)
        return 1
    for t, spanish, english in behind:
        changed = english_changed_on(t.source, english)
        when = f" (English changed {changed.isoformat()})" if changed else ""
        print(f"behind: {(spanish / t.page).relative_to(ROOT)}: translates "
              f"{(english / t.source).relative_to(ROOT)}, which changed since{when}")
    print(f"{len(behind)} Spanish page(s) or slide file(s) behind their English source.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
