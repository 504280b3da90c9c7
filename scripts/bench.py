#!/usr/bin/env python3
"""Measure the build, the preview server, page weight, PDF sizes, the link check and Lighthouse
scores against their budgets (`make bench`).

Everything runs in a throwaway copy of the working tree, so the checkout and its site/ are
untouched. Prints a table and writes the full JSON report (default .cache/bench.json). Exits 0
when the bench ran, even if a budget is missed (the table says MISSED); with --strict a missed
budget exits 1. Needs no internet: the site is served on 127.0.0.1 and the link check runs
against the fake web of scripts/testbed/fakeweb.py.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmark import builds, lighthouse, linktime, serve, weight  # noqa: E402
from testbed.budgets import Figure, figure, missed, table  # noqa: E402
from testbed.sitehost import serving  # noqa: E402
import settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("build", "serve", "weight", "lighthouse", "linkcheck")
COLD_RUNS = 3  # the cold build's figure is the median of these
FACT_SHEET = "print-kit/fact-sheet.pdf"


def build_figures(project: Path, work: Path, report: dict) -> list[Figure]:
    full, cold_runs = builds.cold_median(project, "build", work / "full", COLD_RUNS)
    warm = builds.make(project, "build", work / "full")  # again: unchanged PDFs come from the cache
    site = builds.make(project, "site", work / "site")
    for name, result in (("full_build", full), ("warm_full_build", warm), ("site_build", site)):
        report[name] = {"seconds": result.seconds, "steps": result.steps, "returncode": result.returncode}
    report["full_build"]["runs"] = cold_runs

    def failed(result: builds.Build) -> str:
        return "" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
    figures = [
        figure("full build (cold, make build)", full.seconds, "s",
               failed(full) or f"median of {len(cold_runs)}: " + ", ".join(f"{t:.1f}" for t in sorted(cold_runs)) + " s"),
        *[Figure(f"  step: {builds.step_name(command)}", seconds, "s")
          for command, seconds in full.steps if seconds >= 0.1],
        figure("full build again (PDF cache warm)", warm.seconds, "s", failed(warm)),
        figure("site-only build (make site)", site.seconds, "s", failed(site)),
    ]
    if full.returncode != 0:
        report["full_build"]["output_tail"] = full.output[-3000:]
    sizes = builds.pdf_sizes(work / "full")
    report["pdf_sizes"] = sizes
    guide_pdf = settings.mkdocs_config()["extra"]["guide_pdf"]
    named = {guide_pdf: "guide PDF", FACT_SHEET: "fact sheet PDF"}
    for path, label in named.items():
        figures.append(figure(label, sizes.get(path), "bytes", "" if path in sizes else "not built"))
    figures += [Figure(f"  {path}", size, "bytes") for path, size in sizes.items() if path not in named]
    figures += [Figure(f"offline zip ({path.name})", path.stat().st_size, "bytes")
                for path in sorted((work / "full").glob("downloads/*.zip"))]
    return figures


def serve_figures(project: Path, report: dict) -> list[Figure]:
    result = report["serve"] = serve.rebuild_latency(project)
    return [figure("serve rebuild after an edit", result.get("median_seconds"), "s",
                   result.get("error", f"median of {len(result.get('edits_seconds', []))} edits"))]


def weight_figures(site_dir: Path, root_url: str, report: dict) -> list[Figure]:
    result = report["weight"] = weight.measure(site_dir, root_url)
    failed = sum(len(urls) for urls in result["failed_requests"].values())
    return [
        figure("first load, home page", result["first_load_home"], "bytes",
               f"{len(result['first_load_home_files'])} files"),
        figure("first load, heaviest page", result["first_load_heaviest"]["bytes"], "bytes",
               result["first_load_heaviest"]["page"] or "home"),
        figure("further page, heaviest", result["further_heaviest"]["bytes"], "bytes",
               result["further_heaviest"]["page"] or ""),
        Figure("failed requests while loading pages", failed, "requests",
               note="see weight.failed_requests" if failed else ""),
    ]


def lighthouse_figures(root_url: str, report: dict) -> list[Figure]:
    result = report["lighthouse"] = lighthouse.run(root_url)
    if "error" in result:
        return [Figure("Lighthouse", None, "score", note=result["error"])]
    minimum = lighthouse.budgets()
    figures = []
    for page, outcome in result.items():
        if "error" in outcome:
            figures.append(Figure(f"Lighthouse {page}", None, "score", note=outcome["error"]))
            continue
        for category, score in outcome["scores"].items():
            lost = outcome["findings"].get(category, [])
            figures.append(Figure(f"Lighthouse {page}: {category}", score, "score", minimum.get(category),
                                  "min", "; ".join(lost[:3])))
    return figures


def linkcheck_figures(report: dict) -> list[Figure]:
    result = report["linkcheck"] = linktime.run()
    note = result.get("error") or f"{result['links']} links on the fake web"
    return [Figure("link check against the fake web", result.get("seconds"), "s", note=note)]


def run_parts(work: Path, parts: list[str], report: dict) -> list[Figure]:
    project = builds.copy_project(work / "project")
    site_dir = work / "full"  # the cold full build: what is published, PDFs and zip included
    if "build" not in parts and {"weight", "lighthouse"} & set(parts):
        builds.make(project, "build", site_dir)
    figures: list[Figure] = []
    with serving(site_dir) as root_url:
        steps = {
            "build": ("cold full build and site-only build", lambda: build_figures(project, work, report)),
            "serve": ("serve rebuild latency", lambda: serve_figures(project, report)),
            "weight": ("page weight", lambda: weight_figures(site_dir, root_url, report)),
            "lighthouse": ("Lighthouse", lambda: lighthouse_figures(root_url, report)),
            "linkcheck": ("link check against the fake web", lambda: linkcheck_figures(report)),
        }
        for part in parts:
            what, measure = steps[part]
            print(f"bench: {what}...", file=sys.stderr)
            figures += measure()
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget is missed")
    parser.add_argument("--json", type=Path, default=ROOT / ".cache" / "bench.json", help="where the report goes")
    parser.add_argument("--skip", action="append", default=[], choices=PARTS, help="leave a part out")
    args = parser.parse_args(argv)
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(settings.source_date_epoch()))
    report: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                "system": platform.platform()}}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        figures = run_parts(Path(tmp), [part for part in PARTS if part not in args.skip], report)
    report["figures"] = [f.as_dict() for f in figures]
    report["missed"] = [f.name for f in missed(figures)]
    args.json.parent.mkdir(parents=True, exist_ok=True)
    temp = args.json.with_suffix(".json.part")
    temp.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    temp.replace(args.json)
    print(json.dumps({"figures": report["figures"], "missed": report["missed"]}, indent=1))
    print()
    print(table(figures))
    print(f"\nFull report: {args.json}")
    if report["missed"]:
        print(f"Missed budgets ({len(report['missed'])}): " + "; ".join(report["missed"]))
    return 1 if args.strict and report["missed"] else 0


if __name__ == "__main__":
    sys.exit(main())
