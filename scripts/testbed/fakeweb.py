"""A fake web on 127.0.0.1 for the link check: every kind of answer a cited site can give.

Tests and `scripts/bench.py` use it to run `scripts/linkcheck.py` without the internet.

    from testbed.fakeweb import FakeWeb, run_linkcheck, sites

    with FakeWeb(slow_seconds=3) as web:
        web.urls["moved"]          # "http://127.0.0.1:41234/", one URL per case
        web.expected["moved"]      # "moved": the class the checker must give it
        web.suggested["moved"]     # where a moved case now lives
        result = run_linkcheck(web, tmp_dir, timeout=1, retries=2, backoff=0.2)
        result.returncode          # 1: some links are broken
        result.report              # the JSON report, as a dict
        result.markdown            # the Markdown report
        result.seconds             # wall time of the run

`FakeWeb` is a context manager: entering starts one small server per case (each on its
own port, as if on its own site, so the checker's per-host rate limit does not queue
the cases behind each other); leaving stops them all. Cases that count requests
(`rate-limited`, `flaky`) start fresh for each `FakeWeb`.

`run_linkcheck(web, work_dir, **options)` writes a one-page "built site" linking every
case to `work_dir/site/`, runs `scripts/linkcheck.py` on it with the web's CA bundle,
writes the reports to `work_dir/report/` and returns a `Result`. Options become
command-line flags (`timeout=1` -> `--timeout 1`); `cases=[...]` limits the page to
some cases.

`FakeWeb(cases=sites(8, 5, answer_seconds=1))` is a plainer web: 8 sites with 5 pages each,
every page answering 200 after a second (the bench's link check). Every request a web answers
is logged (`web.log`): `web.concurrent_sites()` names the pairs of sites that had requests in
flight at the same time, `web.closest_requests()` the shortest time between two requests to
each site.
"""
from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

import trustme

ROOT = Path(__file__).resolve().parents[2]
LINKCHECK = ROOT / "scripts" / "linkcheck.py"

OK, MOVED, BROKEN, NEEDS_PERSON = "ok", "moved", "broken", "needs-person"


class _Handler(BaseHTTPRequestHandler):
    server: "_CaseServer"

    def do_GET(self):  # noqa: N802 (http.server's naming)
        if self.path == "/robots.txt":  # allow every checker
            return self.answer(404)
        self.server.hits[self.path] += 1
        started = time.monotonic()
        try:
            self.server.case.respond(self)
        finally:
            self.server.web.record(Request(self.server.case.name, self.path, started, time.monotonic()))

    do_HEAD = do_GET

    def answer(self, status: int, headers: dict | None = None, body: bytes = b"") -> None:
        body = body or f"<html><body><p>{status}</p></body></html>".encode()
        try:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the checker gave up (the slow case); nothing to tell it

    def redirect(self, status: int, path: str) -> None:
        self.answer(status, {"Location": path})

    def log_message(self, *args):  # keep test output clean
        pass


class _CaseServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, case: "Case", web: "FakeWeb"):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.case, self.web, self.hits = case, web, Counter()


@dataclass(frozen=True)
class Request:
    site: str        # the case (one site each)
    path: str
    started: float   # time.monotonic() when it arrived
    ended: float     # ... and when it was answered


@dataclass
class Case:
    name: str
    expected: str
    respond: Callable[[_Handler], None] = lambda h: h.answer(200)
    tls: str | None = None            # None: HTTP; "trusted": HTTPS the checker trusts; "self-signed"
    suggested_path: str | None = None  # where a moved case now lives
    path: str = "/"                   # the path the page links
    closed: bool = False              # nothing listens: connections are refused
    more_paths: tuple[str, ...] = ()  # further pages of the same site the page links


def _first_then_ok(status: int, headers: dict | None = None) -> Callable[[_Handler], None]:
    def respond(h: _Handler) -> None:
        if h.server.hits[h.path] == 1:
            h.answer(status, headers)
        else:
            h.answer(200)
    return respond


def _chain(steps: dict[str, tuple[int, str | None]]) -> Callable[[_Handler], None]:
    """path -> (status, Location or None)."""
    def respond(h: _Handler) -> None:
        status, location = steps.get(h.path, (404, None))
        h.redirect(status, location) if location else h.answer(status)
    return respond


def _slow(h: _Handler) -> None:
    h.server.web.stopping.wait(h.server.web.slow_seconds)
    h.answer(200)


def default_cases(retry_after: int) -> list[Case]:
    return [
        Case("ok", OK),
        Case("ok-https", OK, tls="trusted"),
        Case("moved", MOVED, _chain({"/": (301, "/new-home"), "/new-home": (200, None)}),
             suggested_path="/new-home"),
        Case("moved-308", MOVED, _chain({"/": (308, "/new-home"), "/new-home": (200, None)}),
             suggested_path="/new-home"),
        Case("moved-to-missing", BROKEN, _chain({"/": (301, "/gone-too")})),
        Case("temporary-chain", OK, _chain({"/": (302, "/a"), "/a": (302, "/b"),
                                            "/b": (302, "/c"), "/c": (200, None)})),
        Case("redirect-loop", NEEDS_PERSON, _chain({"/": (302, "/a"), "/a": (302, "/b"),
                                                    "/b": (302, "/a")})),
        Case("not-found", BROKEN, lambda h: h.answer(404)),
        Case("gone", BROKEN, lambda h: h.answer(410)),
        Case("rate-limited", OK, _first_then_ok(429, {"Retry-After": str(retry_after)})),
        Case("flaky", OK, _first_then_ok(500)),
        Case("unavailable", NEEDS_PERSON, lambda h: h.answer(503)),
        Case("slow", NEEDS_PERSON, _slow),
        Case("refused", BROKEN, closed=True),
        # linkchecker cuts its error text at 240 characters: here the cause falls off the end.
        Case("refused-long-path", BROKEN, closed=True, path="/" + "a-long-page-name/" * 12),
        Case("self-signed", NEEDS_PERSON, tls="self-signed"),
        Case("bot-blocked", NEEDS_PERSON, lambda h: h.answer(403)),
    ]


def sites(count: int, pages: int, answer_seconds: float) -> list[Case]:
    """`count` sites of `pages` pages each, every page answering 200 after `answer_seconds`."""
    def respond(h: _Handler) -> None:
        h.server.web.stopping.wait(answer_seconds)
        h.answer(200)
    return [Case(f"site-{n}", OK, respond, path="/page-0",
                 more_paths=tuple(f"/page-{k}" for k in range(1, pages)))
            for n in range(count)]


class FakeWeb:
    """Starts every case on 127.0.0.1; see the module docstring."""

    def __init__(self, slow_seconds: float = 3.0, retry_after: int = 1, cases: list[Case] | None = None):
        self.slow_seconds = slow_seconds
        self.cases = {c.name: c for c in (cases if cases is not None else default_cases(retry_after))}
        self.urls: dict[str, str] = {}
        self.links: dict[str, list[str]] = {}   # every URL the page links, per case
        self.log: list[Request] = []
        self._log_lock = threading.Lock()
        self.expected = {name: c.expected for name, c in self.cases.items()}
        self.suggested: dict[str, str] = {}
        self.stopping = threading.Event()
        self._servers: list[_CaseServer] = []
        self._files = ExitStack()
        self.ca_file = ""

    def __enter__(self) -> "FakeWeb":
        ca = trustme.CA()
        trusted = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1").configure_cert(trusted)
        # A self-signed certificate: the untrusted CA's own, served as the leaf.
        rogue = trustme.CA()
        self_signed = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self_signed.load_cert_chain(self._files.enter_context(rogue.cert_pem.tempfile()),
                                    self._files.enter_context(rogue.private_key_pem.tempfile()))
        # linkchecker reads the CA bundle after dropping root to "nobody": make it readable.
        self.ca_file = self._files.enter_context(ca.cert_pem.tempfile())
        os.chmod(self.ca_file, 0o644)
        contexts = {"trusted": trusted, "self-signed": self_signed}
        for case in self.cases.values():
            server = _CaseServer(case, self)
            scheme = "https" if case.tls else "http"
            if case.tls:
                server.socket = contexts[case.tls].wrap_socket(server.socket, server_side=True)
            host, port = server.server_address[:2]
            self.urls[case.name] = f"{scheme}://{host}:{port}{case.path}"
            self.links[case.name] = [f"{scheme}://{host}:{port}{path}" for path in (case.path, *case.more_paths)]
            if case.suggested_path:
                self.suggested[case.name] = f"{scheme}://{host}:{port}{case.suggested_path}"
            if case.closed:
                server.server_close()  # the port stays unused: connections are refused
                continue
            threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
            self._servers.append(server)
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._files.close()

    def record(self, request: Request) -> None:
        with self._log_lock:
            self.log.append(request)

    def hits(self, name: str) -> int:
        """How many requests a case answered (robots.txt not counted)."""
        return len(self.times(name))

    def times(self, name: str) -> list[float]:
        """When (time.monotonic()) each of a case's requests arrived, in order."""
        return sorted(r.started for r in self.log if r.site == name)

    def concurrent_sites(self) -> set[frozenset[str]]:
        """Pairs of sites that each had a request in flight at the same moment."""
        pairs = set()
        for a in self.log:
            for b in self.log:
                if a.site < b.site and a.started < b.ended and b.started < a.ended:
                    pairs.add(frozenset((a.site, b.site)))
        return pairs

    def closest_requests(self) -> dict[str, float]:
        """For each site asked more than once: the shortest time between two of its requests."""
        gaps = {}
        for name in self.cases:
            times = self.times(name)
            if len(times) > 1:
                gaps[name] = min(later - earlier for earlier, later in zip(times, times[1:]))
        return gaps


@dataclass
class Result:
    returncode: int
    report: dict
    markdown: str
    stdout: str
    stderr: str
    seconds: float
    report_dir: Path = field(default=Path())


def write_site(web: FakeWeb, site_dir: Path, names: list[str] | None = None) -> Path:
    """A one-page site that links every page of every case (or of `names`)."""
    items = "\n".join(f'<li><a href="{escape(url)}">{escape(n)}</a></li>'
                      for n in names or web.urls for url in web.links[n])
    page = site_dir / "cases" / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f"<!doctype html><html><body><ul>\n{items}\n</ul></body></html>\n",
                    encoding="utf-8")
    return site_dir


def run_linkcheck(web: FakeWeb, work_dir: Path, cases: list[str] | None = None,
                  **options) -> Result:
    """Runs scripts/linkcheck.py on a site that links the fake web; see the module docstring."""
    work_dir = Path(work_dir)
    site_dir = write_site(web, work_dir / "site", cases)
    report_dir = work_dir / "report"
    args = [sys.executable, str(LINKCHECK), "--site-dir", str(site_dir),
            "--output-dir", str(report_dir), "--ca-bundle", web.ca_file]
    for name, value in options.items():
        args += [f"--{name.replace('_', '-')}", str(value)]
    started = time.monotonic()
    proc = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=600)
    seconds = time.monotonic() - started
    json_path, md_path = report_dir / "report.json", report_dir / "report.md"
    report = json.loads(json_path.read_text(encoding="utf-8")) if json_path.exists() else {}
    markdown = md_path.read_text(encoding="utf-8") if md_path.exists() else ""
    return Result(proc.returncode, report, markdown, proc.stdout, proc.stderr, seconds, report_dir)
