"""The bench's own arithmetic: budgets, page weight, Lighthouse results, timed make steps.

The figures themselves are measured by `make bench`, never here."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ROOT

from benchmark import builds, lighthouse, serve
from testbed.budgets import BUDGETS, FULL_BUILD, GB, KB, RATIO_BUDGETS, SITE_BUILD, Figure, figure, missed, table
from testbed.sitehost import serving, transfer_size
from benchmark.weight import PageLoad, local_file, summarize
from builtsite import site_pages
from settings import mkdocs_config


def test_figures_are_held_to_their_budgets():
    assert figure("guide PDF", 1.4 * 1024 * 1024, "bytes").ok is True
    assert figure("guide PDF", 1.6 * 1024 * 1024, "bytes").ok is False
    assert figure("full build again (PDF cache warm)", 99.0, "s").ok is None  # no budget
    assert figure("serve rebuild after an edit", None, "s", "did not start").ok is None
    assert figure("peak memory, full build", 1.6 * GB, "bytes").ok is False
    score = Figure("Lighthouse home: seo", 0.92, "score", 1.0, "min")
    assert score.ok is False and Figure("x", 0.97, "score", 0.95, "min").ok is True
    figures = [figure("fact sheet PDF", 151 * KB, "bytes"), figure("fact sheet PDF", 149 * KB, "bytes"), score]
    assert [f.ok for f in missed(figures)] == [False, False]
    assert set(BUDGETS) >= {"serve rebuild after an edit", "first load, home page", "further page, heaviest"}


def test_build_times_are_held_to_a_multiple_of_the_peer():
    assert RATIO_BUDGETS == {SITE_BUILD: 1.6, FULL_BUILD: 10.0}
    within = figure(SITE_BUILD, 3.0, "s", peer=2.0)
    assert within.ratio == 1.5 and within.ok is True
    assert figure(SITE_BUILD, 3.4, "s", peer=2.0).ok is False
    assert figure(FULL_BUILD, 19.0, "s", peer=2.0).ok is True and figure(FULL_BUILD, 21.0, "s", peer=2.0).ok is False
    assert figure(SITE_BUILD, 3.4, "s").ok is None  # no peer measured: no verdict
    assert figure("link check, 40 URLs on 8 sites", 21.0, "s", peer=100.0).ok is False  # seconds still count
    assert figure("guide PDF", 100.0, "bytes", peer=2.0).ratio is None  # only times have a ratio


def test_the_table_marks_missed_budgets_and_shows_units_and_ratios():
    text = table([figure("fact sheet PDF", 200 * KB, "bytes"), figure(SITE_BUILD, 2.5, "s", peer=2.0),
                  Figure("Lighthouse home: seo", 0.9, "score", 1.0, "min", "canonical: bad"),
                  figure(FULL_BUILD, 25.0, "s", peer=2.0)])
    lines = text.splitlines()
    assert lines[0].startswith("figure") and "× peer" in lines[0] and set(lines[1]) == {"-"}
    assert "200.0 KB" in lines[2] and "≤ 150.0 KB" in lines[2] and "MISSED" in lines[2]
    assert "2.50 s" in lines[3] and "1.25×" in lines[3] and "≤ 1.6× peer" in lines[3] and lines[3].rstrip().endswith("ok")
    assert "90" in lines[4] and "≥ 100" in lines[4] and "MISSED  canonical: bad" in lines[4]
    assert "12.50×" in lines[5] and "≤ 10× peer" in lines[5] and "MISSED" in lines[5]


def test_transfer_size_is_gzipped_for_text_only(tmp_path):
    css = tmp_path / "a.css"
    css.write_text("body { color: red }\n" * 200)
    png = tmp_path / "a.png"
    png.write_bytes(bytes(range(256)) * 4)
    assert transfer_size(css) == len(gzip.compress(css.read_bytes(), 6, mtime=0)) < css.stat().st_size
    assert transfer_size(png) == 1024


def tiny_site(root: Path) -> Path:
    (root / "assets").mkdir(parents=True)
    (root / "assets" / "site.css").write_text("p { margin: 0 }\n" * 50)
    (root / "assets" / "app.js").write_text("console.log(1);\n" * 50)
    (root / "index.html").write_text('<link rel="stylesheet" href="assets/site.css">'
                                     '<script src="assets/app.js"></script><p>home</p>')
    (root / "guide").mkdir()
    (root / "guide" / "index.html").write_text('<link rel="stylesheet" href="../assets/site.css">'
                                               '<img src="../logo.png" alt=""><p>guide</p>' + "x" * 3000)
    (root / "logo.png").write_bytes(b"\x89PNG" + bytes(500))
    return root


def test_page_weight_counts_first_load_and_only_new_files_after_it(tmp_path):
    site = tiny_site(tmp_path)
    size = {name: transfer_size(site / name) for name in
            ("index.html", "assets/site.css", "assets/app.js", "guide/index.html", "logo.png")}
    loads = [PageLoad("", {n: size[n] for n in ("index.html", "assets/site.css", "assets/app.js")}),
             PageLoad("guide/", {n: size[n] for n in ("guide/index.html", "assets/site.css", "logo.png")},
                      ["http://127.0.0.1:1/sitemap.xml"])]
    result = summarize(loads)
    assert result["first_load_home"] == size["index.html"] + size["assets/site.css"] + size["assets/app.js"]
    assert result["further_pages"] == {"guide/": size["guide/index.html"] + size["logo.png"]}
    assert result["further_heaviest"] == {"page": "guide/", "bytes": size["guide/index.html"] + size["logo.png"]}
    assert result["failed_requests"] == {"guide/": ["http://127.0.0.1:1/sitemap.xml"]}
    assert site_pages(site, with_404=False) == ["", "guide/"]

    assert local_file(site, "http://127.0.0.1:8/", "http://127.0.0.1:8/guide/?q=1") == site / "guide" / "index.html"
    assert local_file(site, "http://127.0.0.1:8/", "https://example.org/x.js") is None


def test_a_spanish_page_weighs_what_is_new_after_the_spanish_home():
    loads = [PageLoad("", {"index.html": 10, "assets/en-search.json": 50}),
             PageLoad("es/", {"es/index.html": 12, "es/assets/es-search.json": 55}),
             PageLoad("es/guide/", {"es/guide/index.html": 7, "es/assets/es-search.json": 55}),
             PageLoad("guide/", {"guide/index.html": 6, "assets/en-search.json": 50})]
    result = summarize(loads)
    assert result["further_pages"] == {"es/guide/": 7, "guide/": 6}
    assert result["first_load_heaviest"] == {"page": "es/", "bytes": 67}


def test_the_bench_server_sends_text_gzipped(tmp_path):
    site = tiny_site(tmp_path)
    with serving(site) as root:
        with urllib.request.urlopen(root + "assets/site.css") as response:
            plain = response.read()
        asking = urllib.request.Request(root + "assets/site.css", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(asking) as response:
            encoding, body = response.headers["Content-Encoding"], response.read()
    assert plain == (site / "assets" / "site.css").read_bytes()
    assert encoding == "gzip" and gzip.decompress(body) == plain


LHR = {
    "categories": {
        "performance": {"score": 0.91, "auditRefs": [{"id": "largest-contentful-paint", "weight": 25},
                                                     {"id": "total-blocking-time", "weight": 30},
                                                     {"id": "diagnostics", "weight": 0}]},
        "seo": {"score": 1, "auditRefs": [{"id": "canonical", "weight": 1}]},
    },
    "audits": {
        "largest-contentful-paint": {"score": 0.7, "title": "Largest Contentful Paint", "displayValue": "3.1 s"},
        "total-blocking-time": {"score": 0.95, "title": "Total Blocking Time", "displayValue": "220 ms"},
        "diagnostics": {"score": 0, "title": "Diagnostics"},
        "canonical": {"score": 1, "title": "Document has a valid rel=canonical"},
    },
}


def test_lighthouse_scores_findings_and_budgets_from_the_config(tmp_path):
    assert lighthouse.scores(LHR) == {"performance": 0.91, "seo": 1}
    assert lighthouse.findings(LHR) == {"performance": [
        "largest-contentful-paint: Largest Contentful Paint (3.1 s)",
        "total-blocking-time: Total Blocking Time (220 ms)"]}
    assert lighthouse.budgets() == {"performance": 0.95, "accessibility": 1, "best-practices": 1, "seo": 1}
    config = tmp_path / "rc.json"
    config.write_text(json.dumps({"ci": {"assert": {"assertions": {
        "categories:seo": ["error", {"minScore": 0.9}], "uses-http2": "off"}}}}))
    assert lighthouse.budgets(config) == {"seo": 0.9}


def test_lighthouse_reports_the_median_run():
    runs = [{"categories": {"performance": {"score": score}}, "run": n} for n, score in enumerate([0.98, 0.89, 0.94])]
    assert lighthouse.median_run(runs)["run"] == 2
    assert lighthouse.median_run(runs[:1])["run"] == 0
    assert lighthouse.median_run([]) is None


def test_lighthouse_runs_chromium_that_cannot_reach_other_hosts():
    flags = json.loads((ROOT / "lighthouserc.json").read_text())["ci"]["collect"]["settings"]["chromeFlags"]
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
        assert flag in flags


def test_make_steps_are_timed_one_by_one(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "Makefile").write_text("setup:\n\tfalse\n"
                                      "build: setup\n\tsleep 0.3\n\techo built > $(SITE_DIR)/out\n")
    (tmp_path / "site").mkdir()
    result = builds.make(project, "build", tmp_path / "site")
    assert result.returncode == 0, result.output
    assert [command for command, _ in result.steps] == ["sleep 0.3", f"echo built > {tmp_path / 'site'}/out"]
    assert 0.3 <= result.steps[0][1] < result.seconds
    assert (tmp_path / "site" / "out").read_text() == "built\n"
    assert builds.step_name(".venv/bin/python scripts/build_print.py --out x & kit=$!; "
                            ".venv/bin/mkdocs build --strict && .venv/bin/python scripts/build_guide_pdf.py") \
        == "site, guide PDF, print kit"
    assert builds.step_name("sleep   0.3") == "sleep 0.3"


def test_cold_builds_start_from_empty_caches_and_report_the_median(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    # Fails if a PDF or a compiled template from an earlier run is still cached; each run sleeps
    # a little longer.
    (project / "Makefile").write_text(
        "setup:\n\tfalse\n"
        "build: setup\n\ttest ! -e .cache/pdf/guide.pdf && test ! -e .cache/templates/main.cache\n"
        "\tmkdir -p .cache/pdf .cache/templates && touch .cache/pdf/guide.pdf .cache/templates/main.cache\n"
        "\techo x >> runs && sleep $$(( $$(wc -l < runs) * 3 ))e-1\n")
    (tmp_path / "site").mkdir()
    median, seconds = builds.cold_median(project, "build", tmp_path / "site", runs=3)
    assert median.returncode == 0, median.output
    assert len(seconds) == 3 and seconds == sorted(seconds)  # the runs slept 0.3, 0.6 and 0.9 s
    assert median.seconds == seconds[1]


def test_the_edited_page_is_put_back_even_after_an_error(tmp_path):
    page = tmp_path / "page.md"
    page.write_bytes(b"# Title\n\nText.\n")
    try:
        with serve.edited(page) as append:
            append("bench-marker")
            assert page.read_text().endswith("\n\nbench-marker\n")
            raise RuntimeError("the server died")
    except RuntimeError:
        pass
    assert page.read_bytes() == b"# Title\n\nText.\n"


def test_the_peer_builds_the_same_markdown_without_our_machinery(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text())
    peer = mkdocs_config(builds.write_peer_config(project))
    ours = mkdocs_config(ROOT / "mkdocs.yml")
    for key in ("docs_dir", "exclude_docs", "nav", "markdown_extensions"):
        assert peer[key] == ours.get(key, peer[key]), key
    assert peer["theme"]["name"] == "material" and "custom_dir" not in peer["theme"]
    assert peer["plugins"] == ["search"] and "hooks" not in peer and "extra_css" not in peer


def test_peak_memory_counts_the_whole_process_tree():
    """A parent and its child each hold 60 MB at once: the sample sees both."""
    hold = "b = bytearray(60 * 2**20); b[::4096] = b'x' * len(b[::4096]); import time; time.sleep(3)"
    child = subprocess.Popen([sys.executable, "-c", "import subprocess, sys; "
                              f"b = bytearray(60 * 2**20); b[::4096] = b'x' * len(b[::4096]); "
                              f"subprocess.run([sys.executable, '-c', {hold!r}])"])
    seen = 0
    try:
        while child.poll() is None:
            seen = max(seen, builds.tree_rss(child.pid))
            time.sleep(0.1)
    finally:
        child.wait()
    assert seen > 120 * 2**20
