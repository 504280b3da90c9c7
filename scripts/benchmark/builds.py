"""Build times, measured in a throwaway copy of the project so the checkout is never touched."""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

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
    result = subprocess.run(two_cores(["make", "--no-print-directory", "-o", "setup", target,
                                       f"SHELL={shell}", f"SITE_DIR={site_dir}"]),
                            cwd=project, env=run_env, capture_output=True, text=True)
    seconds = time.monotonic() - started
    steps = []
    for line in log.read_text().splitlines():
        start, end, command = line.split(" ", 2)
        steps.append((command.strip(), float(end) - float(start)))
    return Build(seconds, steps, result.returncode, result.stdout + result.stderr)


def cold_median(project: Path, target: str, site_dir: Path, runs: int) -> tuple[Build, list[float]]:
    """`make <target>` `runs` times, each with an empty PDF cache: the run of median time, and
    every run's time. This machine's speed drifts from run to run, so one run says little."""
    done = []
    for _ in range(runs):
        shutil.rmtree(project / ".cache" / "pdf", ignore_errors=True)
        done.append(make(project, target, site_dir))
        if done[-1].returncode != 0:
            return done[-1], [b.seconds for b in done]
    return sorted(done, key=lambda b: b.seconds)[(runs - 1) // 2], [b.seconds for b in done]


STEP_NAMES = [("mkdocs build", "site and guide PDF"), ("build_print.py", "print kit"),
              ("build_offline.py", "offline zip"), ("cp -a ", "print kit merged in")]


def step_name(command: str) -> str:
    """A short name for a recipe line of the Makefile: what it builds."""
    names = [name for marker, name in STEP_NAMES if marker in command]
    return ", ".join(names) if names else " ".join(command.split())[:50]


def pdf_sizes(site_dir: Path) -> dict[str, int]:
    return {p.relative_to(site_dir).as_posix(): p.stat().st_size for p in sorted(site_dir.rglob("*.pdf"))}
