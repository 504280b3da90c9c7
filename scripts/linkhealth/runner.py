"""Run linkchecker on a list of URLs, then check the passing failures again.

linkchecker does the requests (timeouts, per-host rate, user agent and threads come from
the repository's linkcheckerrc). Different sites are checked side by side, one URL per site
per linkchecker run (see rounds()), each run at least one rate interval after the last. It has no retries of its own, so URLs whose failure may
pass (timeouts, 429, 5xx, dropped connections) get up to `retries` more linkchecker runs,
after `backoff` seconds doubling each time, or the largest Retry-After (capped at
`max_retry_after`) when a site asked for one.
"""
from __future__ import annotations

import configparser
import csv
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

from . import NEEDS_PERSON, OK
from .classify import DROPPED, Outcome, classify
from .probe import probe

DEFAULT_CONFIG = Path(__file__).resolve().parent / "linkcheckerrc"
# What the parser below needs from linkchecker's CSV output, whatever the config says.
CSV_PARTS = "urlname,result,warningstring,infostring,url"


class LinkcheckerFailed(RuntimeError):
    pass


@dataclass
class Settings:
    config: Path = DEFAULT_CONFIG
    timeout: int | None = None        # None: as in the config file
    threads: int | None = None
    rate: float | None = None         # maxrequestspersecond, per host
    retries: int | None = None
    backoff: float | None = None
    max_retry_after: float | None = None
    ca_bundle: str | None = None      # trust these CAs instead of the system's (tests)

    def resolved(self) -> "Settings":
        """Every None filled in from the config file's [checking] and [retries] sections."""
        parser = read_config(self.config)
        checking, retries = parser["checking"], parser["retries"]

        def pick(mine, section, key, kind):
            return mine if mine is not None else kind(section[key])
        return Settings(
            config=self.config,
            timeout=pick(self.timeout, checking, "timeout", int),
            threads=pick(self.threads, checking, "threads", int),
            rate=pick(self.rate, checking, "maxrequestspersecond", float),
            retries=pick(self.retries, retries, "retries", int),
            backoff=pick(self.backoff, retries, "backoff", float),
            max_retry_after=pick(self.max_retry_after, retries, "maxretryafter", float),
            ca_bundle=self.ca_bundle)


@dataclass
class Checked:
    outcome: Outcome
    attempts: int
    checked: str      # UTC time of the last attempt, ISO 8601


def read_config(path: Path) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser()
    if not parser.read(path, encoding="utf-8"):
        raise LinkcheckerFailed(f"{path}: linkchecker config file not found")
    for section, keys in {"checking": ("timeout", "threads", "maxrequestspersecond"),
                          "retries": ("retries", "backoff", "maxretryafter")}.items():
        missing = [k for k in keys if not parser.has_option(section, k)]
        if missing:
            raise LinkcheckerFailed(f"{path}: [{section}] needs {', '.join(missing)}")
    return parser


def _effective_config(settings: Settings, directory: str) -> str:
    """The repository's config with this run's settings, in a file linkchecker can read."""
    parser = read_config(settings.config)
    parser.remove_section("retries")  # ours, not linkchecker's
    checking = parser["checking"]
    checking["timeout"], checking["threads"] = str(settings.timeout), str(settings.threads)
    checking["maxrequestspersecond"] = str(settings.rate)
    if settings.ca_bundle:
        checking["sslverify"] = settings.ca_bundle
    if not parser.has_section("csv"):
        parser.add_section("csv")
    parser["csv"].update({"separator": ";", "parts": CSV_PARTS})
    path = os.path.join(directory, "linkcheckerrc")
    with open(path, "w", encoding="utf-8") as out:
        parser.write(out)
    return path


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def host(url: str) -> str:
    """The site a URL is on, as linkchecker's per-site rate limit counts it: host and port."""
    return urlsplit(url).netloc.lower()


def rounds(urls: list[str]) -> list[list[str]]:
    """Round k holds the k-th URL of every site: one request per site per round, so the sites
    of a round are checked side by side. (linkchecker sleeps out a site's rate limit while
    holding a lock every thread needs, so one run with two URLs of one site stalls all others.)"""
    by_site: dict[str, list[str]] = {}
    for url in urls:
        by_site.setdefault(host(url), []).append(url)
    depth = max((len(queue) for queue in by_site.values()), default=0)
    return [[queue[k] for queue in by_site.values() if k < len(queue)] for k in range(depth)]


class _Linkchecker:
    """One linkchecker process, started ahead and waiting for its URLs on stdin, so its start-up
    overlaps the round before it."""

    def __init__(self, settings: Settings):
        self._tmp = tempfile.TemporaryDirectory(prefix="linkcheck-")
        self._errors = tempfile.TemporaryFile("w+", encoding="utf-8")
        # English messages whatever the locale: classify() reads them.
        env = {**os.environ, "LANGUAGE": "en", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        cmd = [sys.executable, "-m", "linkcheck", "--config", _effective_config(settings, self._tmp.name),
               "--recursion-level", "0", "--verbose", "--no-status", "--output", "csv/utf-8", "--stdin"]
        self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors,
                                      text=True, encoding="utf-8", env=env)
        self._header: list[str] | None = None

    def results(self, urls: list[str]) -> Iterator[Outcome]:
        """Yields an Outcome per URL as linkchecker reports it, and returns once every URL has
        one (or the output ends): linkchecker itself takes another second or so to exit."""
        self._proc.stdin.write("\n".join(urls) + "\n")
        self._proc.stdin.close()
        rows = csv.reader(self._proc.stdout, delimiter=";")
        self._header = next(rows, None)
        if self._header != CSV_PARTS.split(","):
            return
        left = set(urls)
        for row in rows:
            if row and not row[0].startswith("#"):
                rec = dict(zip(self._header, row))
                left.discard(rec["urlname"])
                yield classify(rec["urlname"], rec["result"], rec["url"],
                               rec["warningstring"], rec["infostring"])
                if not left:
                    return

    def finish(self) -> None:
        """Waits for linkchecker to exit; raises LinkcheckerFailed if it failed."""
        for _ in self._proc.stdout:
            pass
        code = self._proc.wait()
        self._errors.seek(0)
        tail = "\n".join(self._errors.read().strip().splitlines()[-10:])
        self.close()
        if self._header != CSV_PARTS.split(",") or code not in (0, 1):
            raise LinkcheckerFailed(f"linkchecker exited with code {code} (output columns {self._header}):\n{tail}")

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        for stream in (self._proc.stdin, self._proc.stdout, self._errors):
            if stream and not stream.closed:
                stream.close()
        self._tmp.cleanup()


def run_linkchecker(urls: list[str], settings: Settings) -> Iterator[Outcome]:
    """Every URL checked by linkchecker, round by round (see rounds()); yields an Outcome per
    URL as linkchecker reports it. A round's URLs are handed over no sooner than one rate
    interval after the last result of the round before it, so no site gets two requests closer
    than that."""
    batches = rounds(urls)
    gap = 1.0 / settings.rate
    ended = float("-inf")
    runs = [_Linkchecker(settings)] if batches else []
    try:
        for k, batch in enumerate(batches):
            if k + 1 < len(batches):
                runs.append(_Linkchecker(settings))  # starts up while this round runs
            time.sleep(max(0.0, ended + gap - time.monotonic()))
            yield from runs[k].results(batch)
            ended = time.monotonic()
            if k:
                runs[k - 1].finish()  # the round before exits while this one ran
        if runs:
            runs[-1].finish()
    finally:
        for run in runs:
            run.close()


def check(urls: list[str], settings: Settings,
          progress: Callable[[str], None] = lambda line: None,
          sleep: Callable[[float], None] = time.sleep) -> dict[str, Checked]:
    """Every URL checked, passing failures retried; one final Checked per URL."""
    s = settings.resolved()
    results: dict[str, Checked] = {}
    pending = list(dict.fromkeys(urls))
    for attempt in range(1, s.retries + 2):
        label = "check" if attempt == 1 else f"retry {attempt - 1} of {s.retries}"
        progress(f"{label}: {len(pending)} link(s), timeout {s.timeout} s, "
                 f"{s.rate:g} request(s)/s per site, {s.threads} thread(s)")
        seen = 0
        for outcome in run_linkchecker(pending, s):
            if outcome.url not in pending:
                continue  # a URL linkchecker found by itself (none at recursion level 0)
            seen += 1
            if outcome.detail == DROPPED:
                outcome = probe(outcome, s.timeout)
            results[outcome.url] = Checked(outcome, attempt, utc_now())
            shown = "try again" if outcome.transient and attempt <= s.retries else outcome.cls
            progress(f"  [{seen}/{len(pending)}] {shown:<12} {outcome.url}"
                     + ("" if outcome.cls == OK else f"  ({outcome.detail})"))
        for url in pending:
            if url not in results or results[url].attempts != attempt:
                results[url] = Checked(Outcome(url, NEEDS_PERSON, "linkchecker gave no result"),
                                       attempt, utc_now())
        again = [u for u in pending if results[u].outcome.transient]
        if not again or attempt > s.retries:
            break
        asked = [results[u].outcome.retry_after for u in again if results[u].outcome.retry_after]
        # Never sooner than the per-site rate allows: a retried URL's site was just asked.
        wait = max([s.backoff * 2 ** (attempt - 1), 1.0 / s.rate] + [min(a, s.max_retry_after) for a in asked])
        progress(f"{len(again)} link(s) may have failed for a passing reason; again in {wait:g} s")
        sleep(wait)
        pending = again
    for item in results.values():
        if item.outcome.transient and item.attempts > 1:
            item.outcome.detail += f" (still, after {item.attempts} attempts)"
    return results
