"""Check every external link of the built site and sort each into one class:
ok, moved, broken or needs a person (`make linkcheck`; needs the internet).

Writes report.json and report.md to --output-dir (default dist/link-health/). To update the
link health page, write them to data/link-health/ and commit report.json:

    .venv/bin/python scripts/linkcheck.py --output-dir data/link-health

Exit status: 1 when a link is broken, 2 when the check could not run, else 0.
Moved links and links that need a person are reported but do not fail the run.
Settings come from scripts/linkhealth/linkcheckerrc; the flags below override them.
"""
from __future__ import annotations

import argparse
import os
import sys
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from linkhealth import BROKEN, CLASSES, LABELS, LINK_HEALTH_PAGE, report, runner, sitelinks  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / os.environ.get("SITE_DIR", "site"),
                        help="the built site (default: $SITE_DIR, else site/)")
    parser.add_argument("--output-dir", type=Path, default=ROOT / "dist" / "link-health",
                        help="where report.json and report.md go (default: dist/link-health/)")
    parser.add_argument("--config", type=Path, default=runner.DEFAULT_CONFIG,
                        help="linkchecker config (default: scripts/linkhealth/linkcheckerrc)")
    parser.add_argument("--timeout", type=int, help="seconds to wait for an answer")
    parser.add_argument("--threads", type=int, help="linkchecker threads")
    parser.add_argument("--rate", type=float, help="requests per second to one site, at most")
    parser.add_argument("--retries", type=int, help="more checks of a timeout, 429 or 5xx")
    parser.add_argument("--backoff", type=float, help="seconds before the first retry (doubles)")
    parser.add_argument("--max-retry-after", type=float, help="longest Retry-After honoured, in seconds")
    parser.add_argument("--ca-bundle", help="trust the CAs in this PEM file (tests)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not any(args.site_dir.rglob("*.html")):
        print(f"linkcheck: no built site in {args.site_dir}: run `make site` first", file=sys.stderr)
        return 2
    links = sitelinks.external_links(args.site_dir, [sitelinks.site_url(args.site_dir)])
    settings = runner.Settings(config=args.config, timeout=args.timeout, threads=args.threads,
                               rate=args.rate, retries=args.retries, backoff=args.backoff,
                               max_retry_after=args.max_retry_after, ca_bundle=args.ca_bundle)
    started = runner.utc_now()
    try:
        used = settings.resolved()
        _progress(f"linkcheck: {len(links)} external link(s) in {args.site_dir}")
        results = runner.check(list(links), settings, progress=_progress)
    except runner.LinkcheckerFailed as exc:
        print(f"linkcheck: {exc}", file=sys.stderr)
        return 2
    numbers = {k: getattr(used, k) for k in ("timeout", "threads", "rate", "retries", "backoff",
                                             "max_retry_after")}
    # Which pages to fix: the link health page links every address, so it names one only alone.
    pages = {url: [p for p in on if p != LINK_HEALTH_PAGE] or on for url, on in links.items()}
    data = report.build(results, pages, started, runner.utc_now(),
                        f"LinkChecker {version('linkchecker')}", numbers)
    json_path, md_path = report.write(data, args.output_dir)
    _progress(report.summary(data))
    for cls in CLASSES[:2]:
        for link in (x for x in data["links"] if x["class"] == cls):
            _progress(f"{LABELS[cls]}: {link['url']} ({link['detail']}) on {', '.join(link['pages'])}")
    _progress(f"reports: {json_path}, {md_path}")
    return 1 if data["counts"][BROKEN] else 0


if __name__ == "__main__":
    sys.exit(main())
