"""How long `make serve` takes to show an edit: from saving a page to the served page showing it."""
from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

PAGE = "docs/tips/train-your-officers.md"
PAGE_URL = "tips/train-your-officers/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float, interval: float = 0.02) -> float | None:
    """Seconds until the page at `url` contains `text`, or None after `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if text in fetch(url):
            return time.monotonic() - started
        time.sleep(interval)
    return None


@contextmanager
def served(project: Path, port: int):
    """`mkdocs serve --dirty --no-strict` (what `make serve` runs) on 127.0.0.1:port."""
    env = {**os.environ, "SITE_URL": f"http://127.0.0.1:{port}/", "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict",
                             "-a", f"127.0.0.1:{port}"], cwd=project, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def edited(page: Path):
    """Yields a function that appends a line to the page; the page is put back as it was."""
    original = page.read_bytes()
    try:
        yield lambda line: page.write_bytes(original + f"\n\n{line}\n".encode("utf-8"))
    finally:
        page.write_bytes(original)


def rebuild_latency(project: Path, edits: int = 3, timeout: float = 60.0) -> dict:
    """Starts the server, edits one page `edits` times, and times each until the page shows it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/{PAGE_URL}"
    with served(project, port):
        startup = wait_for(url, "</html>", timeout=120, interval=0.1)
        if startup is None:
            return {"error": f"mkdocs serve did not answer on {url} within 120 s"}
        times = []
        with edited(project / PAGE) as append:
            for n in range(edits):
                marker = f"bench-edit-{n}-{time.monotonic_ns()}"
                append(marker)
                times.append(wait_for(url, marker, timeout))
    if None in times:
        return {"startup_seconds": startup, "error": f"an edit did not show within {timeout:.0f} s"}
    return {"startup_seconds": startup, "page": PAGE, "edits_seconds": times,
            "median_seconds": statistics.median(times)}
