"""Build times, measured in a throwaway copy of the project so the checkout is never touched."""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from settings import mkdocs_config

ROOT = Path(__file__).resolve().parents[2]
SHARED = (".venv", "node_modules")  # linked, not copied: large and only read
# make runs each recipe line through this shell, which logs how long the line took.
TIMING_SHELL = r"""#!/bin/bash
start=$(date +%s.%N)
/bin/bash "$@"
status=$?
command="${@: -1}"
printf '%s %s %s\n' "$start" "$(date +%s.%N)" "${command//$'\n'/ }" >> "$BENCH_STEP_LOG"
exit $status
"""


def copy_project(dest: Path) -> Path:
    """The working tree as it is (tracked and new files, not ignored ones), in `dest`."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / rel)
    for name in SHARED:
        if (ROOT / name).exists():
            (dest / name).symlink_to(ROOT / name)
    return dest


@dataclass
class Build:
    seconds: float
    steps: list[tuple[str, float]] = field(default_factory=list)  # (command, seconds)
    returncode: int = 0
    output: str = ""
    peak_rss: int | None = None   # bytes: the most the whole process tree held at once


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants now (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        children.setdefault(int(fields[1]), []).append(int(entry.name))  # fields[1]: the parent
        rss[int(entry.name)] = int(fields[21]) * page                      # fields[21]: rss pages
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo += children.get(current, [])
    return total


class PeakRss:
    """Samples a process tree's resident memory every `interval` seconds while it runs."""

    def __init__(self, pid: int, interval: float = 0.2):
        self.peak, self._pid, self._interval = 0, pid, interval
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.wait(self._interval):
            self.peak = max(self.peak, tree_rss(self._pid))

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak


def two_cores(command: list[str]) -> list[str]:
    """Pin to two CPUs on a larger machine, as the budget is for two cores."""
    if (os.cpu_count() or 1) > 2 and shutil.which("taskset"):
        return ["taskset", "-c", "0,1", *command]
    return command


def make(project: Path, target: str, site_dir: Path, env: dict | None = None) -> Build:
    """`make <target>` in the copy, without re-running `setup`, timed as a whole and per line."""
    shell, log = project / ".bench-shell", project / ".bench-steps"
    shell.write_text(TIMING_SHELL)
    shell.chmod(0o755)
    log.write_text("")
    run_env = {**os.environ, **(env or {}), "SITE_DIR": str(site_dir), "BENCH_STEP_LOG": str(log)}
    run_env.pop("PDF_CACHE_DIR", None)  # the copy's own cache: empty for a cold build
    started = time.monotonic()
    proc = subprocess.Popen(two_cores(["make", "--no-print-directory", "-o", "setup", target,
                                       f"SHELL={shell}", f"SITE_DIR={site_dir}"]),
                            cwd=project, env=run_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    memory = PeakRss(proc.pid)
    output = proc.communicate()[0]
    seconds = time.monotonic() - started
    peak = memory.stop()
    steps = []
    for line in log.read_text().splitlines():
        start, end, command = line.split(" ", 2)
        steps.append((command.strip(), float(end) - float(start)))
    return Build(seconds, steps, proc.returncode, output, peak or None)


PEER_CONFIG = ".bench-peer.yml"
# Each edition: its config and where it is built, under the site dir. The peer builds both, as
# `make site` does.
EDITIONS = (("mkdocs.yml", ""), ("mkdocs-es.yml", "es"))


def write_peer_config(project: Path, config: str = "mkdocs.yml") -> Path:
    """A plain Material config for one edition's Markdown: the same pages, nav, theme settings
    and Markdown extensions, without our hooks, macros, theme overrides, CSS or PDF plugin."""
    ours = mkdocs_config(project / config)
    theme = {key: value for key, value in ours["theme"].items() if key != "custom_dir"}
    peer = {"site_name": ours["site_name"], "site_url": ours.get("site_url"), "docs_dir": ours.get("docs_dir", "docs"),
            "exclude_docs": ours.get("exclude_docs"), "theme": theme, "plugins": ["search"],
            "markdown_extensions": ours.get("markdown_extensions", []), "nav": ours.get("nav")}
    path = project / (PEER_CONFIG if config == "mkdocs.yml" else f".bench-peer-{Path(config).stem}.yml")
    path.write_text(yaml.safe_dump(peer, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def peer_build(project: Path, site_dir: Path) -> Build:
    """`mkdocs build` of the plain Material configs of both editions, one after the other (as
    `make site` builds ours): what every time figure is compared with."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started, code, output = time.monotonic(), 0, ""
    for config, folder in EDITIONS:
        peer = write_peer_config(project, config)
        result = subprocess.run(two_cores([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(peer),
                                           "--site-dir", str(site_dir / folder)]),
                                cwd=project, env=env, capture_output=True, text=True)
        code, output = code or result.returncode, output + result.stdout + result.stderr
    return Build(time.monotonic() - started, [], code, output)


def side_by_side(project: Path, target: str, site_dir: Path, peer_dir: Path, runs: int) -> tuple[list[Build], list[Build]]:
    """`make <target>` and the plain Material build, taking turns `runs` times, so the machine's
    drift touches both alike."""
    ours, peers = [], []
    # One untimed round first: the timed runs then compare builds with their caches as a
    # maintainer's `make site` finds them (compiled templates, the OS's file cache), both sides
    # alike. The cold build has a figure of its own.
    peer_build(project, peer_dir)
    make(project, target, site_dir)
    for _ in range(runs):
        peers.append(peer_build(project, peer_dir))
        ours.append(make(project, target, site_dir))
    return ours, peers


def median_build(builds: list[Build]) -> Build:
    """The build of median time (the lower middle one for an even count); a failed one if any failed."""
    failed = [b for b in builds if b.returncode != 0]
    if failed:
        return failed[0]
    return sorted(builds, key=lambda b: b.seconds)[(len(builds) - 1) // 2]


def median_seconds(builds: list[Build]) -> float:
    return statistics.median(b.seconds for b in builds)


def cold_median(project: Path, target: str, site_dir: Path, runs: int) -> tuple[Build, list[float]]:
    """`make <target>` `runs` times, each with empty caches (the PDFs and the compiled templates,
    all of .cache/): the run of median time, and every run's time. This machine's speed drifts
    from run to run, so one run says little."""
    done = []
    for _ in range(runs):
        shutil.rmtree(project / ".cache", ignore_errors=True)
        done.append(make(project, target, site_dir))
        if done[-1].returncode != 0:
            return done[-1], [b.seconds for b in done]
    return sorted(done, key=lambda b: b.seconds)[(runs - 1) // 2], [b.seconds for b in done]


def guide_pdf_runs(project: Path, site_dir: Path, runs: int) -> list[float]:
    """Seconds `build_guide_pdf.py` takes for the English guide of a built site, alone and with the
    PDF cache off, `runs` times."""
    env = {**os.environ, "PDF_CACHE": "off", "SITE_DIR": str(site_dir)}
    seconds = []
    for _ in range(runs):
        started = time.monotonic()
        subprocess.run(two_cores([sys.executable, "scripts/build_guide_pdf.py", "--site-dir", str(site_dir)]),
                       cwd=project, env=env, capture_output=True, check=True)
        seconds.append(time.monotonic() - started)
    return seconds


STEP_NAMES = [("mkdocs build", "site"), ("build_guide_pdf.py", "guide PDF"), ("build_print.py", "print kit"),
              ("build_edition_pdfs.py", "guide PDF and print kit"),
              ("build_offline.py", "offline zip"), ("cp -a ", "print kit merged in")]


def step_name(command: str) -> str:
    """A short name for a recipe line of the Makefile: what it builds."""
    names = [name for marker, name in STEP_NAMES if marker in command]
    return ", ".join(names) if names else " ".join(command.split())[:50]


def pdf_sizes(site_dir: Path) -> dict[str, int]:
    return {p.relative_to(site_dir).as_posix(): p.stat().st_size for p in sorted(site_dir.rglob("*.pdf"))}
