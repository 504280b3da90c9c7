#!/usr/bin/env python3
"""Report every use of a term that STYLE.md says to avoid, with file, line and column.

The terms are read from the "Terms to avoid" table in STYLE.md (every
backticked form in its first column), and the files that may quote them on
purpose from the list under "Where these terms may appear". Nothing is
listed twice: change STYLE.md and this check follows.

    scripts/check_terms.py             # the whole project; exit 1 if anything is found
    scripts/check_terms.py FILE ...    # only these files (the allow-list still applies)
"""
from __future__ import annotations

import argparse
import fnmatch
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STYLE = ROOT / "STYLE.md"
TERMS_HEADING = "Terms to avoid"
# The Spanish edition's table follows the same rules.
TERMS_HEADINGS = (TERMS_HEADING, "Spanish terms to avoid")
ALLOWED_HEADING = "Where these terms may appear"
# Text that readers see or that produces what they see: pages, data, templates, slides, code.
CHECKED_SUFFIXES = {".md", ".yml", ".yaml", ".html", ".j2", ".txt", ".py", ".cff", ".svg", ".json"}
SKIPPED_DIRS = {".git", ".venv", "site", "dist", "node_modules", ".cache", ".pytest_cache"}


class StyleError(Exception):
    """STYLE.md cannot be read as the check expects; the message says where."""


@dataclass(frozen=True)
class Term:
    forms: tuple[str, ...]
    use_instead: str


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    found: str
    term: Term

    def __str__(self) -> str:
        return (f'{self.path}:{self.line}:{self.column}: "{self.found}" is a term to avoid; use '
                f'"{self.term.use_instead}" ({STYLE.name}, {TERMS_HEADING})')


def _section(text: str, heading: str) -> tuple[int, list[str]]:
    """(first line number, lines) of the section under a Markdown heading, up to the next heading."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.fullmatch(rf"#+\s+{re.escape(heading)}\s*", line):
            body = []
            for following in lines[i + 1:]:
                if following.startswith("#"):
                    break
                body.append(following)
            return i + 2, body
    raise StyleError(f'{STYLE.name}: no heading "{heading}"')


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def read_terms(text: str) -> list[Term]:
    """Every row of the "Terms to avoid" tables (English and Spanish): the backticked forms, and
    what to use instead."""
    return [term for heading in TERMS_HEADINGS for term in _read_table(text, heading)]


def _read_table(text: str, heading: str) -> list[Term]:
    start, body = _section(text, heading)
    terms = []
    for offset, row in enumerate(body):
        if not row.lstrip().startswith("|") or set(row.replace("|", "").strip()) <= set("-: "):
            continue
        cells = _cells(row)
        if cells[0].lower() == "avoid":          # the header row
            continue
        forms = tuple(re.findall(r"`([^`]+)`", cells[0]))
        if not forms or len(cells) < 2:
            raise StyleError(f"{STYLE.name}:{start + offset}: a row of \"{heading}\" needs its "
                             "terms in backticks in the first column and a replacement in the second")
        terms.append(Term(forms, cells[1]))
    if not terms:
        raise StyleError(f'{STYLE.name}: the "{heading}" table has no terms')
    return terms


def read_allowed(text: str) -> list[str]:
    """The path patterns listed (in backticks, one per bullet) under "Where these terms may appear"."""
    _, body = _section(text, ALLOWED_HEADING)
    return [m.group(1) for line in body if (m := re.match(r"\s*[-*]\s+`([^`]+)`", line))]


def pattern_for(term: Term) -> re.Pattern:
    """Whole words only (a hyphenated compound counts), any case, any run of white space (a line break too) between words."""
    alternatives = sorted(term.forms, key=len, reverse=True)
    words = ["\\s+".join(map(re.escape, form.split())) for form in alternatives]
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)


def find_in_text(text: str, path: str, terms: list[Term]) -> list[Finding]:
    findings = []
    for term in terms:
        for match in pattern_for(term).finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            findings.append(Finding(path, line, column, " ".join(match[0].split()), term))
    return sorted(findings, key=lambda f: (f.path, f.line, f.column))


def project_files(root: Path) -> list[Path]:
    """Files git knows about or would add (so .gitignore'd builds are skipped); a walk without git."""
    try:
        out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                             cwd=root, capture_output=True, check=True).stdout.decode()
        paths = [root / p for p in out.split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        paths = [p for p in root.rglob("*") if not SKIPPED_DIRS & set(p.relative_to(root).parts)]
    return sorted(p for p in paths if p.suffix in CHECKED_SUFFIXES and p.is_file())


def shown_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def is_allowed(path: str, allowed: list[str]) -> bool:
    return any(fnmatch.fnmatch(path, pattern) for pattern in allowed)


def check(paths: list[Path], style_text: str) -> list[Finding]:
    terms, allowed = read_terms(style_text), read_allowed(style_text)
    findings = []
    for path in paths:
        shown = shown_path(path)
        if is_allowed(shown, allowed):
            continue
        findings += find_in_text(path.read_text(encoding="utf-8", errors="replace"), shown, terms)
    return findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="files to check (default: the whole project)")
    args = parser.parse_args(argv)
    try:
        findings = check(args.files or project_files(ROOT), STYLE.read_text(encoding="utf-8"))
    except StyleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for finding in findings:
        print(finding)
    if findings:
        print(f"{len(findings)} use(s) of terms to avoid; see {STYLE.name}.", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
