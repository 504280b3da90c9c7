#!/usr/bin/env python3
"""Review dates: when each page was last reviewed, and when it is due again.

A page's dates come from, in this order (first one wins, field by field):
its own front matter, an entry for it under `pages:` in data/review-dates.yml,
or the nearest folder under `folders:` there. A page that ends up without
both dates is an error; a page whose `review_by` date has passed is only
reported, because time passing must not break anyone's build.

The build hook (scripts/hooks/review_dates.py) uses this module page by page;
run it as a script for the whole of docs/:

    scripts/review_dates.py --check      # exit 1, naming each page without dates
    scripts/review_dates.py --stale      # list the pages past review (`make stale`)
    scripts/review_dates.py --stale --format markdown --output stale.md
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils.meta import YAML_RE, get_data

sys.path.insert(0, str(Path(__file__).resolve().parent))
import settings  # noqa: E402
import datastore  # noqa: E402
import i18n  # noqa: E402

ROOT = datastore.ROOT
DOCS = ROOT / "docs"
DEFAULTS = datastore.DATA / "review-dates.yml"
FIELDS = ("last_reviewed", "review_by")


class ReviewError(Exception):
    """A page's review dates are missing or unusable; the message names the page."""


@dataclass(frozen=True)
class Review:
    page: str                 # path under docs/, e.g. "guide/scope.md"
    last_reviewed: dt.date
    review_by: dt.date
    origin: dict              # field -> where the value came from, for messages

    def is_past(self, today: dt.date) -> bool:
        return self.review_by < today


def today() -> dt.date:
    """The date staleness is judged on; REVIEW_TODAY=YYYY-MM-DD overrides it (tests, dry runs)."""
    value = os.environ.get("REVIEW_TODAY")
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ReviewError(f"REVIEW_TODAY={value!r} is not a date (write YYYY-MM-DD)") from None


def long_date(day: dt.date, lang: str = "en") -> str:
    """2027-05-22 -> "May 22, 2027" (or Spanish), the form STYLE.md sets for dates readers see."""
    return i18n.long_date(day, lang)


def load_defaults(path: Path | None = None) -> dict:
    """data/review-dates.yml, schema-checked; each entry's review_by must follow its last_reviewed."""
    path = path or DEFAULTS
    data = datastore.cached("review-dates", path)
    for section in ("folders", "pages"):
        for key, dates in (data.get(section) or {}).items():
            if dates["review_by"] <= dates["last_reviewed"]:
                raise datastore.DataError(
                    path, datastore.line_of(data, [section, key, "review_by"]),
                    f"{section} {key}, field review_by",
                    f'{dates["review_by"]} is not after last_reviewed {dates["last_reviewed"]}')
    return data


def _front_matter_line(source: str | None, field: str) -> int | None:
    """The line of `field:` in a page's front matter, for error messages."""
    if not source:
        return None
    for number, line in enumerate(source.splitlines(), 1):
        if re.match(rf"{field}\s*:", line):
            return number
    return None


def _as_date(value, page: str, field: str, source: str | None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        line = _front_matter_line(source, field)
        where = f"docs/{page}:{line}" if line else f"docs/{page}"
        raise ReviewError(f"{where}: front matter, field {field}: {value!r} is not a date "
                          f"(write YYYY-MM-DD)") from None


def _defaults_for(page: str, defaults: dict) -> list[tuple[str, dict]]:
    """(origin, dates) candidates for a page, most specific first."""
    found = []
    if page in (defaults.get("pages") or {}):
        found.append((f'data/review-dates.yml, pages "{page}"', defaults["pages"][page]))
    folder = posixpath.dirname(page)
    folders = defaults.get("folders") or {}
    while folder:
        if folder in folders:
            found.append((f'data/review-dates.yml, folder "{folder}"', folders[folder]))
        folder = posixpath.dirname(folder)
    return found


def _front_matter(page: str, source: str | None) -> dict:
    """The page's front matter read again when MkDocs gave up on it (MkDocs drops front matter it
    cannot read without a word): a ReviewError names the line that is not YAML."""
    match = YAML_RE.match(source or "")
    if not match:
        return {}
    try:
        data = datastore.parse_yaml(match.group(1), DOCS / page, first_line=2, where="front matter")
    except datastore.DataError as exc:
        raise ReviewError(str(exc)) from None
    return data if isinstance(data, dict) else {}


def review_for(page: str, meta: dict, defaults: dict, source: str | None = None) -> Review:
    """The review dates for one page (path under docs/), or ReviewError naming it."""
    meta = meta or _front_matter(page, source)
    values, origin = {}, {}
    for field in FIELDS:
        if meta.get(field) not in (None, ""):
            values[field] = _as_date(meta[field], page, field, source)
            origin[field] = "front matter"
            continue
        for where, dates in _defaults_for(page, defaults):
            values[field] = dt.date.fromisoformat(dates[field])
            origin[field] = where
            break
    missing = [f for f in FIELDS if f not in values]
    if missing:
        folder = posixpath.dirname(page) or "(the top of docs/)"
        raise ReviewError(
            f"docs/{page}: no {' or '.join(missing)} date: add "
            f"{' and '.join(f + ': YYYY-MM-DD' for f in missing)} to the page's front matter, "
            f"or give its folder {folder} an entry under folders: (or the page one under pages:) "
            f"in data/review-dates.yml")
    if values["review_by"] <= values["last_reviewed"]:
        raise ReviewError(
            f"docs/{page}: review_by {values['review_by']} ({origin['review_by']}) is not after "
            f"last_reviewed {values['last_reviewed']} ({origin['last_reviewed']})")
    return Review(page, values["last_reviewed"], values["review_by"], origin)


def doc_pages(docs_dir: Path) -> list[str]:
    """Every Markdown page MkDocs builds: dot-files and dot-folders are left out, as MkDocs does.
    The Spanish pages (docs/es/) are not listed: each is reviewed with the English page it
    translates (scripts/hooks/review_dates.py)."""
    pages = []
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir).as_posix()
        if not any(part.startswith(".") for part in rel.split("/")) and not rel.startswith("es/"):
            pages.append(rel)
    return pages


def read_reviews(docs_dir: Path, defaults: dict) -> tuple[list[Review], list[str]]:
    """Review dates for every page, plus one error message per page without usable dates."""
    reviews, errors = [], []
    for page in doc_pages(docs_dir):
        source = (docs_dir / page).read_text(encoding="utf-8")
        _, meta = get_data(source)
        try:
            reviews.append(review_for(page, meta, defaults, source))
        except ReviewError as exc:
            errors.append(str(exc))
    return reviews, errors


def stale_report(stale: list[Review], on: dt.date, fmt: str) -> str:
    if fmt == "markdown":
        if not stale:
            return f"No page is past its review date as of {on.isoformat()}.\n"
        lines = [f"{len(stale)} page(s) are past their review date as of {on.isoformat()}. "
                 "Check each page's facts, contacts and links against their sources, then "
                 "move its dates forward (see CONTRIBUTING.md, \"How review works\").", "",
                 "| Page | Review by | Last reviewed | Dates from |", "| --- | --- | --- | --- |"]
        lines += [f"| `docs/{r.page}` | {r.review_by} | {r.last_reviewed} | {r.origin['review_by']} |"
                  for r in stale]
        return "\n".join(lines) + "\n"
    if not stale:
        return f"No page is past its review date as of {on.isoformat()}.\n"
    lines = [f"stale: docs/{r.page}: review by {r.review_by} (last reviewed {r.last_reviewed}; "
             f"{r.origin['review_by']})" for r in stale]
    return "\n".join(lines) + f"\n{len(stale)} page(s) past review as of {on.isoformat()}.\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--check", action="store_true", help="fail, naming each page without review dates")
    action.add_argument("--stale", action="store_true", help="list the pages past their review_by date")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="judge staleness on this date (YYYY-MM-DD)")
    parser.add_argument("--format", choices=("text", "markdown"), default="text")
    parser.add_argument("--output", type=Path, help="write the report here instead of standard output")
    parser.add_argument("--docs-dir", type=Path, default=DOCS, help=argparse.SUPPRESS)
    parser.add_argument("--defaults", type=Path, default=DEFAULTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    try:
        defaults = load_defaults(args.defaults)
        on = args.today or today()
    except (datastore.DataError, ReviewError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    reviews, errors = read_reviews(args.docs_dir, defaults)
    for message in errors:
        print(f"error: {message}", file=sys.stderr)

    if args.check:
        if not errors:
            print(f"All {len(reviews)} pages have review dates.")
        return 1 if errors else 0

    report = stale_report([r for r in reviews if r.is_past(on)], on, args.format)
    if args.output:
        settings.write_atomic(args.output, report)
    else:
        sys.stdout.write(report)
    # Stale pages are news, not failure; pages without dates are a failure.
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
