#!/usr/bin/env python3
"""Write the guide PDF (extra.guide_pdf in mkdocs.yml) from the built site's pages.

    .venv/bin/python scripts/build_guide_pdf.py                  # after `mkdocs build`
    .venv/bin/python scripts/build_guide_pdf.py --site-dir site/es --config mkdocs-es.yml

`make build` runs it after MkDocs, beside the print kit. The cover, the metadata and the
pages left out come from extra.guide_pdf_book; the order of the chapters from the nav.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import settings  # noqa: E402
from guidepdf import Book, build_guide_pdf  # noqa: E402
from pdfcore import PdfError  # noqa: E402


def book_of(config: dict, site_dir: Path, site_url: str) -> Book:
    """The Book a MkDocs config describes (nav, theme.language, extra.guide_pdf_book)."""
    cover = config["extra"]["guide_pdf_book"]
    return Book(site_dir=site_dir, nav=config["nav"], lang=(config.get("theme") or {}).get("language", "en"),
                title=cover["title"], subtitle=cover["subtitle"], site_url=site_url, author=cover["author"],
                copyright=config.get("copyright", ""), description=cover["description"],
                keywords=cover["keywords"], contents_title=cover["contents_title"],
                web_only=tuple(cover.get("web_only", ())), docs_dir=config.get("docs_dir", "docs"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the guide PDF from the built site's pages.")
    parser.add_argument("--config", type=Path, default=settings.MKDOCS_YML, help="the MkDocs config (default: mkdocs.yml)")
    parser.add_argument("--site-dir", type=Path, default=Path(os.environ.get("SITE_DIR") or "site"),
                        help="the built site (default: $SITE_DIR, else site)")
    parser.add_argument("--site-url", help="the published edition (default: $SITE_URL, else site_url in mkdocs.yml)")
    args = parser.parse_args(argv)
    config = settings.mkdocs_config(args.config.resolve())
    out = args.site_dir / config["extra"]["guide_pdf"]
    started = time.perf_counter()
    try:
        lang = (config.get("theme") or {}).get("language", "en")
        build_guide_pdf(book_of(config, args.site_dir.resolve(), args.site_url or settings.site_url(lang)), out)
    except PdfError as exc:
        print(f"build_guide_pdf: {exc}", file=sys.stderr)
        return 1
    print(f"build_guide_pdf: wrote {out} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
