#!/usr/bin/env python3
"""Measure the build, the preview server, page weight, PDF sizes, the link check and Lighthouse
scores against their budgets (`make bench`).

Every time is also shown as a multiple of the peer: a plain Material build of the same Markdown
(no hooks, macros, overrides or PDF plugin), built in the same run, taking turns with ours; the
build budgets are such multiples (scripts/testbed/budgets.py).

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
import statistics
import sys
import tempfile
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmark import builds, lighthouse, linktime, serve, weight  # noqa: E402
from testbed.budgets import (FULL_BUILD, GUIDE_PDF_TIME, LINK_CHECK, PEAK_MEMORY, PEER, SERVE,  # noqa: E402
                             SITE_BUILD, Figure, figure, missed, table)
from testbed.sitehost import serving  # noqa: E402
import settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("build", "serve", "weight", "lighthouse", "linkcheck")
COLD_RUNS = 3  # the cold build's figure is the median of these
GUIDE_PDF_RUNS = 3  # the guide PDF's figure (built alone, English) is the median of these
SITE_RUNS = 5  # site-only builds, each after a peer build, after one untimed round: medians of these
FACT_SHEET = "print-kit/fact-sheet.pdf"


def peer_figure(peers: list[builds.Build], report: dict) -> Figure:
    seconds = builds.median_seconds(peers) if all(b.returncode == 0 for b in peers) else None
    report["peer"] = {"seconds": seconds, "runs": [b.seconds for b in peers]}
    if seconds is None:
        report["peer"]["output_tail"] = builds.median_build(peers).output[-3000:]
    note = "FAILED" if seconds is None else runs_note(peers)
    return Figure(PEER, seconds, "s", note=note + "; every time below is compared with it")


def runs_note(runs: list[builds.Build]) -> str:
    return f"median of {len(runs)}: " + ", ".join(f"{b.seconds:.1f}" for b in sorted(runs, key=lambda b: b.seconds)) + " s"


def build_figures(project: Path, work: Path, report: dict) -> list[Figure]:
    sites, peers = builds.side_by_side(project, "site", work / "site", work / "peer", SITE_RUNS)
    figures = [peer_figure(peers, report)]
    peer = report["peer"]["seconds"]
    full, cold_runs = builds.cold_median(project, "build", work / "full", COLD_RUNS)
    warm = builds.make(project, "build", work / "full")  # again: unchanged PDFs come from the cache
    site = builds.median_build(sites)
    for name, result in (("full_build", full), ("warm_full_build", warm), ("site_build", site)):
        report[name] = {"seconds": result.seconds, "steps": result.steps, "returncode": result.returncode,
                        "peak_rss": result.peak_rss}
    report["full_build"]["runs"] = cold_runs
    report["site_build"]["runs"] = [b.seconds for b in sites]

    def failed(result: builds.Build) -> str:
        return "" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
    figures += [
        figure(SITE_BUILD, site.seconds, "s", failed(site) or runs_note(sites), peer),
        figure(FULL_BUILD, full.seconds, "s",
               failed(full) or f"median of {len(cold_runs)}: " + ", ".join(f"{t:.1f}" for t in sorted(cold_runs)) + " s",
               peer),
        *[figure(f"  step: {builds.step_name(command)}", seconds, "s", peer=peer)
          for command, seconds in full.steps if seconds >= 0.1],
        figure(PEAK_MEMORY, full.peak_rss, "bytes", "the build's processes together, sampled every 0.2 s"),
        *guide_pdf_figure(project, work / "full", full, report, peer),
        figure("full build again (PDF cache warm)", warm.seconds, "s", failed(warm), peer),
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


def guide_pdf_figure(project: Path, site_dir: Path, full: builds.Build, report: dict, peer: float) -> list[Figure]:
    if full.returncode != 0:
        return [figure(GUIDE_PDF_TIME, None, "s", "not measured: the full build failed")]
    runs = report["guide_pdf_seconds"] = builds.guide_pdf_runs(project, site_dir, GUIDE_PDF_RUNS)
    return [figure(GUIDE_PDF_TIME, statistics.median(runs), "s",
                   f"median of {len(runs)}: " + ", ".join(f"{t:.1f}" for t in sorted(runs)) + " s", peer)]


def serve_figures(project: Path, report: dict) -> list[Figure]:
    result = report["serve"] = serve.rebuild_latency(project)
    return [figure(SERVE, result.get("median_seconds"), "s",
                   result.get("error", f"median of {len(result.get('edits_seconds', []))} edits"),
                   report["peer"]["seconds"])]


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
    note = result.get("error") or (
        f"{result['links']} pages answering after {result['answer_seconds']:g} s; "
        f"closest two requests to one site {result['closest_requests_to_one_site']:.2f} s apart")
    return [figure(LINK_CHECK, result.get("seconds"), "s", note, report["peer"]["seconds"])]


def run_parts(work: Path, parts: list[str], report: dict) -> list[Figure]:
    project = builds.copy_project(work / "project")
    site_dir = work / "full"  # the cold full build: what is published, PDFs and zip included
    figures: list[Figure] = []
    if "build" not in parts:  # the peer alone, for the ratios of the other parts
        print("bench: plain Material build (the peer)...", file=sys.stderr)
        figures.append(peer_figure([builds.peer_build(project, work / "peer") for _ in range(SITE_RUNS)], report))
    with serving(site_dir) as root_url:
        # Built for the address it is served at, as a published site is: each page's hreflang
        # links name absolute addresses, and Material's script reads sitemaps beside them.
        os.environ["SITE_URL"] = root_url
        if "build" not in parts and {"weight", "lighthouse"} & set(parts):
            builds.make(project, "build", site_dir)
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
