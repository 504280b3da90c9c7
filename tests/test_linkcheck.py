"""The link check (scripts/linkcheck.py) against a fake web on 127.0.0.1, its classes,
retries, reports and exit code; and the link health page with and without a report."""
from __future__ import annotations

import re
import socket
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from conftest import ROOT, built_path
from testbed.fakeweb import FakeWeb, run_linkcheck, sites
from linkhealth import BROKEN, CLASSES, MOVED, NEEDS_PERSON, OK, page, report, runner
from linkhealth.classify import DROPPED, Outcome, classify, retry_after_seconds
from linkhealth.probe import probe
from linkhealth import sitelinks
from linkhealth.sitelinks import read_page

RETRIES, RETRY_AFTER = 2, 2
FAST = dict(timeout=2, retries=RETRIES, backoff=0.2, max_retry_after=5, rate=50)


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """One run over every case of the fake web, shared by the tests below."""
    with FakeWeb(slow_seconds=5, retry_after=RETRY_AFTER) as web:
        result = run_linkcheck(web, tmp_path_factory.mktemp("linkcheck"), **FAST)
        times = {name: web.times(name) for name in web.urls}
    assert result.report, f"no report written:\n{result.stderr}"
    links = {link["url"]: link for link in result.report["links"]}
    by_case = {name: links[url] for name, url in web.urls.items()}
    return web, result, by_case, times


def case_names():
    return list(FakeWeb().expected)


@pytest.mark.parametrize("name", case_names())
def test_each_case_lands_in_its_class(checked, name):
    web, _, by_case, _ = checked
    assert by_case[name]["class"] == web.expected[name], by_case[name]


def test_every_class_is_exercised():
    assert set(FakeWeb().expected.values()) == set(CLASSES)


def test_moved_links_suggest_where_they_went(checked):
    web, _, by_case, _ = checked
    for name in ("moved", "moved-308"):
        assert by_case[name]["suggested_url"] == web.suggested[name]
        assert by_case[name]["status"] in (301, 308)


def test_temporary_redirects_are_ok_and_recorded(checked):
    _, _, by_case, _ = checked
    chain = by_case["temporary-chain"]
    assert [hop["status"] for hop in chain["redirects"]] == [302, 302, 302]
    assert chain["final_url"].endswith("/c") and "suggested_url" not in chain


def test_passing_failures_are_retried_until_they_pass(checked):
    _, _, by_case, times = checked
    for name in ("rate-limited", "flaky"):
        assert by_case[name]["attempts"] == 2 and len(times[name]) == 2


def test_retry_after_is_honoured(checked):
    _, _, _, times = checked
    first, second = times["rate-limited"]
    assert second - first >= RETRY_AFTER - 0.1


def test_persistent_failures_stop_after_the_retries(checked):
    _, _, by_case, times = checked
    assert len(times["unavailable"]) == RETRIES + 1
    assert by_case["unavailable"]["attempts"] == RETRIES + 1
    assert "503" in by_case["unavailable"]["detail"] and "after 3 attempts" in by_case["unavailable"]["detail"]
    assert by_case["slow"]["attempts"] == RETRIES + 1


def test_permanent_failures_are_not_retried(checked):
    _, _, by_case, times = checked
    for name in ("not-found", "gone", "bot-blocked", "self-signed", "refused", "refused-long-path"):
        assert by_case[name]["attempts"] == 1, name
    assert len(times["not-found"]) == 1 and len(times["bot-blocked"]) == 1


def test_reasons_are_said_in_plain_words(checked):
    _, _, by_case, _ = checked
    assert "self-signed" in by_case["self-signed"]["detail"]
    assert by_case["refused"]["detail"] == by_case["refused-long-path"]["detail"] == "connection refused"
    assert "redirects" in by_case["redirect-loop"]["detail"]
    assert by_case["not-found"]["detail"] == "404 Not Found"
    assert "403" in by_case["bot-blocked"]["detail"]


def test_broken_links_fail_the_run(checked):
    _, result, _, _ = checked
    assert result.returncode == 1, result.stderr


def test_the_run_ends_in_bounded_time(checked):
    _, result, _, _ = checked
    assert result.seconds < 120


def test_progress_is_shown(checked):
    web, result, _, _ = checked
    assert "check: 17 link(s)" in result.stderr
    assert "retry 1 of 2: 4 link(s)" in result.stderr
    assert "[1/17]" in result.stderr and web.urls["not-found"] in result.stderr


def test_json_report_matches_its_schema_and_counts(checked):
    web, result, _, _ = checked
    data = report.validate(result.report)
    expected = {cls: list(web.expected.values()).count(cls) for cls in CLASSES}
    assert data["counts"] == expected
    assert {link["url"] for link in data["links"]} == set(web.urls.values())
    assert all(link["pages"] == ["cases/"] for link in data["links"])
    assert data["settings"]["timeout"] == FAST["timeout"] and data["settings"]["retries"] == RETRIES
    assert data["tool"].startswith("LinkChecker ")


def test_markdown_report_lists_what_needs_work(checked):
    web, result, _, _ = checked
    md = result.markdown
    assert "## Broken (5)" in md and "## Needs a person (5)" in md and "## Moved (2)" in md
    for name, cls in web.expected.items():
        assert web.urls[name] in md, name
    moved_row = next(line for line in md.splitlines() if line.startswith(f"| {web.urls['moved']} "))
    assert web.suggested["moved"] in moved_row
    assert "No link is broken" not in md


def test_no_broken_link_means_success(tmp_path):
    with FakeWeb() as web:
        result = run_linkcheck(web, tmp_path, cases=["ok", "moved", "bot-blocked"], **FAST)
    assert result.returncode == 0, result.stderr
    assert result.report["counts"] == {BROKEN: 0, NEEDS_PERSON: 1, MOVED: 1, OK: 1}
    assert "No link is broken." in result.markdown


def test_a_missing_site_is_an_error_not_a_result(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "linkcheck.py"),
                           "--site-dir", str(tmp_path / "nowhere"), "--output-dir", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "no built site" in proc.stderr
    assert not (tmp_path / "out").exists()


# The classes of results the fake web can't produce, from linkchecker's own wording.

@pytest.mark.parametrize("result, cls", [
    ("ConnectionError: HTTPSConnectionPool(host='gone.invalid', port=443): Max retries exceeded "
     "with url: / (Caused by NameResolutionError(\"Failed to resolve 'gone.invalid'", BROKEN),
    ("ConnectionError: ... [Errno -3] Temporary failure in name resolution", BROKEN),
    ("Hostname not found", BROKEN),
    ("ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection'))",
     NEEDS_PERSON),
    ("SSLError: ... [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has "
     "expired (_ssl.c:1006)", NEEDS_PERSON),
    ("401 Unauthorized", NEEDS_PERSON),
])
def test_error_texts_classify(result, cls):
    assert classify("https://example.org/", result).cls == cls


@pytest.mark.parametrize("result", ["ConnectionError: ('Connection aborted.', ...)",
                                    "ConnectionError: ... Temporary failure in name resolution"])
def test_failures_that_may_pass_are_retried(result):
    assert classify("https://example.org/", result).transient


def test_robots_txt_refusal_needs_a_person():
    outcome = classify("https://example.org/x", "syntax OK",
                       info="Access denied by robots.txt, checked only syntax.")
    assert outcome.cls == NEEDS_PERSON and "robots.txt" in outcome.detail


def test_a_permanent_redirect_then_a_temporary_one_suggests_the_permanent_target():
    warnings = ("Redirected to `https://new.example.org/page' status: 301 Moved Permanently.\n"
                "Redirected to `https://new.example.org/login?next=page' status: 302 Found.")
    outcome = classify("http://old.example.org/page", "200 OK", "https://new.example.org/login?next=page", warnings)
    assert outcome.cls == MOVED and outcome.suggested_url == "https://new.example.org/page"


def test_a_temporary_redirect_then_a_permanent_one_is_ok():
    warnings = ("Redirected to `https://example.org/a' status: 302 Found.\n"
                "Redirected to `https://example.org/b' status: 301 Moved Permanently.")
    assert classify("https://example.org/", "200 OK", "https://example.org/b", warnings).cls == OK


def test_a_cut_off_connection_error_gets_a_second_look():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed when the block ends: nothing listens there
    path = "/" + "a-long-page-name/" * 12
    said = (f"ConnectionError: HTTPConnectionPool(host='127.0.0.1', port={port}): Max retries "
            f"exceeded with url: {path} (Caused by NewConnectionError(...): [Errno 111] Connection refused")
    outcome = classify(f"http://127.0.0.1:{port}{path}", said[:237] + "...")
    assert outcome.detail == DROPPED and outcome.transient
    again = probe(outcome, timeout=1)
    assert (again.cls, again.detail, again.transient) == (BROKEN, "connection refused", False)


@pytest.mark.parametrize("errno, transient", [(socket.EAI_NONAME, False), (socket.EAI_AGAIN, True)])
def test_a_host_that_does_not_resolve_is_broken(monkeypatch, errno, transient):
    def fail(*args, **kwargs):
        raise socket.gaierror(errno, "resolver says no")
    monkeypatch.setattr(socket, "getaddrinfo", fail)
    again = probe(Outcome("https://gone.example/", NEEDS_PERSON, DROPPED, transient=True), timeout=1)
    assert (again.cls, again.transient) == (BROKEN, transient) and "DNS" in again.detail


def test_a_host_that_answers_keeps_its_outcome():
    with FakeWeb() as web:
        before = Outcome(web.urls["ok"], NEEDS_PERSON, DROPPED, transient=True)
        assert probe(before, timeout=1) is before


def test_retry_after_as_a_date():
    now = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
    later = (now + timedelta(seconds=90)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert retry_after_seconds(later, now) == 90
    assert retry_after_seconds("7") == 7 and retry_after_seconds("soon") is None


def test_backoff_doubles_and_retry_after_is_capped(monkeypatch):
    """The retry loop's waits, with linkchecker replaced by a script of answers."""
    answers = iter([
        [Outcome("https://a.example/", NEEDS_PERSON, "500", status=500, transient=True),
         Outcome("https://b.example/", NEEDS_PERSON, "429", status=429, transient=True, retry_after=3600)],
        [Outcome("https://a.example/", NEEDS_PERSON, "500", status=500, transient=True),
         Outcome("https://b.example/", OK, "200 OK", status=200)],
        [Outcome("https://a.example/", NEEDS_PERSON, "500", status=500, transient=True)],
    ])
    monkeypatch.setattr(runner, "run_linkchecker", lambda urls, settings: next(answers))
    waits: list[float] = []
    settings = runner.Settings(retries=2, backoff=10, max_retry_after=60)
    results = runner.check(["https://a.example/", "https://b.example/"], settings, sleep=waits.append)
    assert waits == [60, 20]
    assert results["https://b.example/"].outcome.cls == OK and results["https://b.example/"].attempts == 2
    assert results["https://a.example/"].attempts == 3 and results["https://a.example/"].outcome.cls == NEEDS_PERSON


def test_sites_are_checked_side_by_side_and_each_at_most_once_a_second(tmp_path):
    """The concurrency, shown by what the fake web saw rather than by a stopwatch: requests to
    different sites were in flight together, and no site was asked twice within a second (the
    config's rate, which the run keeps)."""
    with FakeWeb(cases=sites(3, 3, answer_seconds=0.3)) as web:
        result = run_linkcheck(web, tmp_path, timeout=5, retries=0)
        concurrent, closest, log = web.concurrent_sites(), web.closest_requests(), list(web.log)
    assert result.returncode == 0, result.stderr
    assert result.report["counts"][OK] == 9
    assert sorted(r.path for r in log) == sorted(f"/page-{k}" for k in range(3) for _ in range(3))
    assert concurrent == {frozenset(pair) for pair in (("site-0", "site-1"), ("site-0", "site-2"),
                                                       ("site-1", "site-2"))}
    assert set(closest) == {"site-0", "site-1", "site-2"}
    assert min(closest.values()) >= 1.0, closest


def test_each_round_asks_every_site_once():
    urls = ["https://a.example/1", "https://b.example/1", "https://a.example/2",
            "https://A.example/3", "https://a.example:8443/1", "https://c.example/1"]
    assert runner.rounds(urls) == [
        ["https://a.example/1", "https://b.example/1", "https://a.example:8443/1", "https://c.example/1"],
        ["https://a.example/2"],
        ["https://A.example/3"]]
    assert runner.rounds([]) == []


def test_pages_rendered_in_this_build_are_not_parsed_again(tmp_path, monkeypatch):
    """The hook notes a rendered page's links as it passes; only other pages are read from disk."""
    (tmp_path / "a").mkdir()
    rendered, other = tmp_path / "a" / "index.html", tmp_path / "index.html"
    rendered.write_text('<a href="https://x.example/">x</a>')
    other.write_text('<p>Home</p>\n<a href="https://y.example/">y</a>')
    parsed: list[str] = []
    monkeypatch.setattr(sitelinks, "read_page", lambda html: parsed.append(html) or read_page(html))
    sitelinks.forget_rendered()
    try:
        sitelinks.remember_rendered(rendered, (["https://x.example/"], "x"))
        assert sitelinks.external_links(tmp_path) == {"https://x.example/": ["a/"], "https://y.example/": ["/"]}
        assert parsed == [other.read_text()]
        assert sitelinks.facts(other) == (["https://y.example/"], "Home y")
        sitelinks.forget_rendered()  # the next build, which renders neither page again
        assert sitelinks.external_links(tmp_path) == {"https://x.example/": ["a/"], "https://y.example/": ["/"]}
        assert parsed == [other.read_text()]  # neither page parsed: both files are unchanged
        rendered.write_text('<a href="https://zz.example/">zz</a>')  # changed by something else
        assert sitelinks.facts(rendered) == (["https://zz.example/"], "zz")
    finally:
        sitelinks.forget_rendered()


def test_the_config_names_the_project_and_limits_the_rate():
    config = runner.read_config(runner.DEFAULT_CONFIG)
    assert "cst-guide-linkcheck" in config["checking"]["useragent"]
    assert float(config["checking"]["maxrequestspersecond"]) <= 2
    assert int(config["checking"]["timeout"]) >= 10 and int(config["retries"]["retries"]) >= 1


# Reports are written whole.

def _small_report() -> dict:
    checked = runner.Checked(Outcome("https://example.org/", OK, "200 OK", status=200), 1, "2026-11-23T06:40:12Z")
    return report.build({"https://example.org/": checked}, {"https://example.org/": ["/"]},
                        "2026-11-23T06:40:00Z", "2026-11-23T06:41:00Z", "LinkChecker 10.6.0", {"timeout": 20})


def test_reports_replace_the_old_pair_only_when_valid(tmp_path):
    report.write(_small_report(), tmp_path)
    before = {p.name: p.read_text() for p in tmp_path.iterdir()}
    bad = _small_report()
    bad["links"][0]["class"] = "fine"
    with pytest.raises(report.ReportError, match="class"):
        report.write(bad, tmp_path)
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == before
    assert sorted(before) == ["report.json", "report.md"]


def test_a_damaged_report_is_named_with_its_line(tmp_path):
    path = tmp_path / "report.json"
    path.write_text('{\n  "version": 1,\n  oops\n}\n')
    with pytest.raises(report.ReportError, match=r"report\.json:3"):
        report.load(path)


# The link health page.

REGISTRY = [
    {"id": "a", "title": "Cited Work", "publisher": "Agency A", "cited_url": "http://a.example/old",
     "current_url": "https://a.example/new", "accessed": "2015-09-01"},
    {"id": "b", "title": "Gone Work", "publisher": "Agency B", "cited_url": "https://b.example/x"},
    {"id": "c", "title": "A Letter", "author": "Someone"},
]
CONTACTS = {"line": {"name": "A Hotline", "web": "https://line.example/", "source_url": "https://line.example/"}}


def _report_for(links: dict[str, Outcome]) -> dict:
    results = {url: runner.Checked(o, 1, "2026-11-23T06:40:12Z") for url, o in links.items()}
    return report.build(results, {u: ["guide/"] for u in links}, "2026-11-23T06:30:00Z",
                        "2026-11-23T06:41:00Z", "LinkChecker 10.6.0", {"timeout": 20})


def test_page_without_a_report_says_no_check_has_run():
    md = page.render(None, REGISTRY, CONTACTS)
    assert '!!! info "No check has run yet"' in md
    assert "Cited Work" in md and "Gone Work" in md and "A Hotline" in md
    assert "A Letter" not in md  # nothing to check
    assert md.count("https://line.example/") == 1
    assert "— **" not in md  # no result is made up


def test_page_with_a_report_groups_resources_by_their_worst_address():
    archived = "https://web.archive.org/web/20150901/http://a.example/old"
    data = _report_for({
        "http://a.example/old": Outcome("http://a.example/old", MOVED, "moved", status=301,
                                        suggested_url="https://a.example/moved-here"),
        archived: Outcome(archived, OK, "200 OK", status=200),
        "https://b.example/x": Outcome("https://b.example/x", BROKEN, "404 Not Found", status=404),
        "https://line.example/": Outcome("https://line.example/", OK, "200 OK", status=200),
    })
    md = page.render(data, REGISTRY, CONTACTS)
    sections = re.split(r"^## ", md, flags=re.M)
    broken = next(s for s in sections if s.startswith("Broken (1)"))
    assert "Gone Work" in broken and "**Broken** (404 Not Found)" in broken
    moved = next(s for s in sections if s.startswith("Moved (1)"))
    assert "Cited Work" in moved and "checked November 23, 2026" in moved
    assert "<code>https://a.example/moved-here</code>" in moved  # a suggestion, not a link
    assert 'href="https://a.example/moved-here"' not in md
    assert "current address: " in moved and "not in the last check" in moved
    assert next(s for s in sections if s.startswith("OK (1)")).count("A Hotline") == 1
    assert "No check has run yet" not in md and "**Last check:** November 23, 2026" in md


def test_built_page_matches_the_committed_report(site):
    text = read_page(built_path(site, "resources/link-health.md").read_text(encoding="utf-8"))[1]
    committed = report.load()
    assert ("No check has run yet" in text) == (committed is None)
    assert ("Last check:" in text) == (committed is not None)
    resources, _ = page.datastore.cached("resources")
    for item in page.items(resources, page.datastore.cached("contacts")):
        assert item.title in text, item.title


def test_weekly_workflow_runs_the_check_and_keeps_one_issue():
    import yaml
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "linkcheck.yml").read_text(encoding="utf-8"))
    on = flow.get("on", flow.get(True))
    assert on["schedule"][0]["cron"].split()[2:] == ["*", "*", "1"] and "workflow_dispatch" in on
    assert flow["permissions"] == {"contents": "read"}
    job = flow["jobs"]["linkcheck"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "make linkcheck" in runs
    assert "gh issue edit" in runs and "gh issue create" in runs and "--body-file dist/link-health/report.md" in runs
    uploads = [step["with"]["path"] for step in job["steps"]
               if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert uploads == ["dist/link-health/report.json"]


def test_make_linkcheck_writes_where_asked():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile.split("\nlinkcheck:", 1)[1].split("\n\n", 1)[0]
    assert "scripts/linkcheck.py" in target and '--output-dir "$(REPORT)"' in target
