#!/usr/bin/env python3
"""One edition's PDFs in one process: its guide PDF, then its print kit.

`make build` runs this once per edition, one per core, after MkDocs has built that edition's
pages. One process instead of two loads WeasyPrint and its fonts once. Each half is the same
as its own script (scripts/build_guide_pdf.py, scripts/build_print.py), which it calls.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_guide_pdf  # noqa: E402
import build_print  # noqa: E402
from i18n import LANGUAGES  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=LANGUAGES, required=True, help="the edition")
    parser.add_argument("--config", type=Path, required=True, help="its MkDocs config")
    parser.add_argument("--site-dir", type=Path, required=True, help="where its pages were built")
    parser.add_argument("--print-out", type=Path, required=True, help="where its print kit goes")
    args = parser.parse_args(argv)
    status = build_guide_pdf.main(["--config", str(args.config), "--site-dir", str(args.site_dir)])
    if status:
        return status
    out = "--out" if args.lang == "en" else "--es-out"
    return build_print.main(["--lang", args.lang, "--jobs", "1", out, str(args.print_out)])


if __name__ == "__main__":
    sys.exit(main())
