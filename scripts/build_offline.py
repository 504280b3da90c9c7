#!/usr/bin/env python3
"""Build the offline edition: the whole site, PDFs included, as one zip that works from file://.

Run by `make build` after the site, the guide PDF and the print kit are in $SITE_DIR. The
pages are built again with mkdocs-offline.yml (links to files, search without a server); the
PDFs and previews are taken from $SITE_DIR rather than made twice. Every link and loaded file is
checked before the zip is written; on any problem the script names the page and the link,
exits 1 and writes nothing. The zip goes to $SITE_DIR/<extra.offline_zip of mkdocs.yml>, so
the online site offers it for download.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parent))
from agencykit.kitzip import KitFile, write_zip  # noqa: E402
from offline import pages, search_worker  # noqa: E402
import pagetree  # noqa: E402
import settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs-offline.yml"
# Each edition's offline config and where it goes in the copy: English at the top, Spanish in es/.
EDITIONS = {"en": (CONFIG, ""), "es": (ROOT / "mkdocs-offline-es.yml", "es")}
# Made by MkDocs for servers only: a 404 page with absolute links, and sitemaps of the live site.
SERVER_ONLY = ("404.html", "sitemap.xml", "sitemap.xml.gz")


class OfflineError(Exception):
    pass


def load_config() -> dict:
    return settings.mkdocs_config(CONFIG)


def build_pages(out: Path, edition: str | None = None) -> None:
    """Both editions' pages, English first (MkDocs empties its site dir, es/ included); with
    `edition` ("en" or "es"), that edition's pages alone, straight into `out`."""
    env = {**os.environ, "OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    editions = EDITIONS.values() if edition is None else [(EDITIONS[edition][0], "")]
    for config, folder in editions:
        # Not --quiet: MkDocs does not count the warnings it does not show, so --strict would pass.
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                                 "-f", str(config), "--site-dir", str(out / folder)],
                                cwd=ROOT, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            said = result.stderr.strip().splitlines()
            problems = [line for line in said if line.startswith(("WARNING", "ERROR"))] or said[-5:]
            raise OfflineError(f"mkdocs build -f {config.name} failed:\n" + "\n".join(problems))


def copy_downloads(site_dir: Path, out: Path) -> list[str]:
    """Files the online build made besides MkDocs' pages (PDFs, previews), copied into `out`."""
    copied = []
    for source in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = source.relative_to(site_dir)
        if (source.suffix in (".html", ".zip") or rel.name.startswith("sitemap.xml")
                or any(part.startswith(".") for part in rel.parts) or (out / rel).exists()):
            continue
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, out / rel)
        copied.append(rel.as_posix())
    return copied


def prepare_pages(out: Path, shim: Path) -> dict[Path, list[pages.Reference]]:
    """Fixes every page for file:// (each parsed once); returns what each page links or loads."""
    for name in SERVER_ONLY:
        for _, folder in EDITIONS.values():
            (out / folder / name).unlink(missing_ok=True)
    template = search_worker.bootstrap_template(shim.read_text(encoding="utf-8"))
    references = {}
    for page in out.rglob("*.html"):
        root = pagetree.tree(page.read_text(encoding="utf-8"))
        folders = pages.link_folders_to_index_in(root, page)
        if search_worker.allow_search_worker_in(root, template) or folders:
            page.write_text(pagetree.serialize(root), encoding="utf-8")
        references[page] = pages.references_in(root)
    return references


def readme(site_url: str, folder: str) -> str:
    built = settings.build_datetime().strftime("%Y-%m-%d")
    return "\n".join([
        "Combating Child Sex Trafficking: A Guide for Law Enforcement Leaders, web edition, offline copy",
        "",
        f"1. Unzip this file. 2. Double-click {folder}/index.html to open it in your browser.",
        f"   En español: {folder}/es/index.html.",
        "Pages, menus, search and PDFs work without an internet connection; links to other",
        "websites need one.",
        "",
        f"This copy was made on {built}. The current edition, with any numbers that have changed",
        f"since, is at {site_url}",
        "",
    ])


def build_offline(site_dir: Path, target: Path, work: Path, pages_built: bool = False) -> tuple[Path, int]:
    config = load_config()
    if not (site_dir / "index.html").is_file():
        raise OfflineError(f"{site_dir} has no built site: run `make build` first")
    if not pages_built:
        build_pages(work)
    elif not (work / "index.html").is_file():
        raise OfflineError(f"{work} has no offline pages: build them with --pages-only first")
    copy_downloads(site_dir, work)
    known = prepare_pages(work, ROOT / config["docs_dir"] / config["extra"]["polyfills"][0])
    found = pages.problems(work, known)
    if found:
        raise OfflineError("the offline edition would not work from file://:\n  " + "\n  ".join(found))
    folder = target.stem
    # Source maps are for the theme's developers: a reader's browser never asks for them.
    files = [KitFile(p, f"{folder}/{p.relative_to(work).as_posix()}", "", "")
             for p in sorted(work.rglob("*")) if p.is_file() and p.suffix != ".map"]
    write_zip(target, files, readme(config["site_url"], folder))
    return target, len(files)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=Path(os.environ.get("SITE_DIR", "site")),
                        help="the online build to take the PDFs from (default: $SITE_DIR or site)")
    parser.add_argument("--out", type=Path, help="the zip to write (default: in the site dir, "
                                                 "where mkdocs.yml's extra.offline_zip says)")
    parser.add_argument("--keep", type=Path, help="build the offline pages in this folder and keep them")
    # make build runs the two halves apart: each edition's pages on its own line of work, the zip after.
    parser.add_argument("--pages-only", type=Path, metavar="DIR",
                        help="only build the offline pages into DIR (needs no online build)")
    parser.add_argument("--edition", choices=("en", "es"),
                        help="with --pages-only: only this edition's pages (make build puts es/ in place)")
    parser.add_argument("--pages", type=Path, metavar="DIR",
                        help="use the offline pages that --pages-only built in DIR (DIR is changed)")
    args = parser.parse_args(argv)
    if args.pages_only:
        try:
            shutil.rmtree(args.pages_only, ignore_errors=True)
            build_pages(args.pages_only.resolve(), args.edition)
        except OfflineError as exc:
            print(f"build_offline: {exc}", file=sys.stderr)
            return 1
        return 0
    site_dir = args.site_dir if args.site_dir.is_absolute() else ROOT / args.site_dir
    target = args.out or site_dir / load_config()["extra"]["offline_zip"]
    try:
        if args.pages:
            zip_path, count = build_offline(site_dir, target.resolve(), args.pages.resolve(), pages_built=True)
        elif args.keep:
            shutil.rmtree(args.keep, ignore_errors=True)
            zip_path, count = build_offline(site_dir, target.resolve(), args.keep.resolve())
        else:
            with tempfile.TemporaryDirectory(prefix="offline-site-") as work:
                zip_path, count = build_offline(site_dir, target.resolve(), Path(work))
    except (OfflineError, search_worker.ShimError) as exc:
        print(f"build_offline: {exc}", file=sys.stderr)
        return 1
    print(f"Offline edition: {zip_path} ({count} files, {zip_path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
