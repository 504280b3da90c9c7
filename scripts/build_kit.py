#!/usr/bin/env python3
"""Build an agency's kit: every print product with the agency's name, logo and
local numbers, the print-shop versions, a training deck and a local resource
directory, in one zip.

    .venv/bin/python scripts/build_kit.py --agency examples/riverbend-police/agency.yml
    .venv/bin/python scripts/build_kit.py              # the neutral kit, no agency

`make kit AGENCY=path/to/agency.yml` runs the same. print/agency/_README.md
explains every key of agency.yml.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from agencykit.build import build_kit  # noqa: E402
import settings  # noqa: E402
from datastore import ROOT, DataError  # noqa: E402
from pdfcore import PdfError  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build dist/<agency-slug>-kit.zip: customized print products, print-shop "
                    "versions, a training deck (PPTX) and a local resource directory.",
        epilog="Without --agency it builds the neutral kit, dist/neutral-kit.zip. "
               "Keys of agency.yml: print/agency/_README.md; template: print/agency/agency.template.yml.")
    parser.add_argument("--agency", type=Path, metavar="FILE",
                        help="the agency's agency.yml (name, logo, state, local numbers, partners)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", metavar="DIR",
                        help="where to write the zip (default: dist/)")
    parser.add_argument("--site-url", metavar="URL",
                        help="web edition address for QR codes when the agency gives none "
                             "(default: $SITE_URL, else site_url in mkdocs.yml)")
    args = parser.parse_args(argv)
    from printkit import BuildError  # a product that fails its own checks, whatever the agency

    try:
        site_url = args.site_url or settings.site_url()
    except ValueError as exc:  # no address to point the QR codes at
        print(f"build_kit: {exc}", file=sys.stderr)
        return 1
    try:
        zip_path = build_kit(args.agency, args.out, site_url)
    except DataError as exc:
        print(f"build_kit: {exc}", file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"build_kit: print kit: {exc}", file=sys.stderr)
        return 1
    except PdfError as exc:  # a logo that reads a file outside its folder, or the network
        print(f"build_kit: {exc}", file=sys.stderr)
        return 1
    print(zip_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
