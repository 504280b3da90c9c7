#!/usr/bin/env python3
"""Build the print kit into $SITE_DIR/print-kit/ (English) and $SITE_DIR/es/print-kit/ (Spanish): every product as PDF with PNG pictures of its first page.

Run by `make build` beside the MkDocs builds. Each language's products are those whose `languages`
in data/print/products.yml name it, with the same file names in both folders. Fails (exit 1, nothing written) naming the
product and the field when a product's data is missing or its PDF is not as specified.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from datastore import DataError  # noqa: E402
from i18n import LANGUAGES  # noqa: E402
from printkit import BuildError, build_products  # noqa: E402
from settings import site_url  # noqa: E402


def summary(products) -> str:
    rows = [("product", "size", "pages", "KB")] + [
        (p.id, p.size, str(p.pages), f"{p.pdf.stat().st_size / 1024:.0f}") for p in products]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in rows]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths)] + lines[1:])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=[*LANGUAGES, "all"], default="all",
                        help="which language's kit to build (default: all)")
    parser.add_argument("--out", type=Path, help="English output folder (default: $SITE_DIR/print-kit)")
    parser.add_argument("--es-out", type=Path, help="Spanish output folder (default: $SITE_DIR/es/print-kit)")
    parser.add_argument("--jobs", type=int, help="products built at once (default: one per CPU)")
    args = parser.parse_args(argv)
    site = Path(os.environ.get("SITE_DIR", "site"))
    outs = {"en": args.out or site / "print-kit", "es": args.es_out or site / "es" / "print-kit"}
    for lang in (LANGUAGES if args.lang == "all" else (args.lang,)):
        try:
            address = site_url(lang)
        except ValueError as exc:  # no address to point the QR codes at
            print(f"build_print: {exc}", file=sys.stderr)
            return 1
        try:
            products = build_products(outs[lang], site_url=address, jobs=args.jobs, lang=lang)
        except (BuildError, DataError) as exc:
            print(f"build_print: {lang}: {exc}", file=sys.stderr)
            return 1
        print(f"Print kit ({lang}) in {outs[lang]}:")
        print(summary(products))
    return 0


if __name__ == "__main__":
    sys.exit(main())
