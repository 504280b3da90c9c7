"""Review dates: every page has them, the site shows them, a missing date fails the build
(naming the page), a passed date only reports, and `make stale` lists the pages past review."""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import datastore
import review_dates
from conftest import ROOT, built_path

HOOK = ROOT / "scripts" / "hooks" / "review_dates.py"
FOOTER = re.compile(r'Last reviewed <time datetime="(\d{4}-\d{2}-\d{2})">[^<]+</time>.*?'
                    r'Review by <time datetime="(\d{4}-\d{2}-\d{2})">', re.DOTALL)


def run(args: list[str], **env) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})


def mini_project(tmp_path: Path, pages: dict[str, str]) -> Path:
    """A small MkDocs project that uses only the review-dates hook and this repo's defaults."""
    for name, text in pages.items():
        page = tmp_path / "docs" / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(textwrap.dedent(text), encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: Test\ndocs_dir: docs\nhooks:\n  - {HOOK}\n", encoding="utf-8")
    return config


def build(config: Path) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
                "-d", str(config.parent / "site")])


def test_every_built_page_shows_last_reviewed_and_review_by(site, nav_files):
    for md in nav_files:
        html = built_path(site, md).read_text(encoding="utf-8")
        found = FOOTER.search(html)
        assert found, f"{md}: no 'Last reviewed … Review by …' in the page footer"
        last, due = map(dt.date.fromisoformat, found.groups())
        assert last < due, f"{md}: review_by {due} is not after last_reviewed {last}"


def test_every_page_in_docs_has_dates():
    result = run([sys.executable, "scripts/review_dates.py", "--check"])
    assert result.returncode == 0, result.stderr


def test_a_page_without_dates_stops_the_build_and_is_named(tmp_path):
    config = mini_project(tmp_path, {
        "guide/covered.md": "# Covered by the guide folder's default\n",
        "no-such-folder/orphan.md": "# Nobody decided when to review me\n",
    })
    result = build(config)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "docs/no-such-folder/orphan.md: no last_reviewed or review_by date" in output
    assert "data/review-dates.yml" in output, "the message should say where dates can go"
    assert "guide/covered.md" not in output


def test_a_page_past_review_is_reported_but_the_strict_build_passes(tmp_path):
    config = mini_project(tmp_path, {
        "guide/old.md": """\
            ---
            last_reviewed: 2020-01-01
            review_by: 2020-06-01
            ---
            # Reviewed long ago
            """,
        "guide/fresh.md": """\
            ---
            last_reviewed: 2026-11-22
            review_by: 2099-01-01
            ---
            # Reviewed recently
            """,
    })
    result = build(config)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert re.search(r"INFO\s+-\s+stale: docs/guide/old\.md: review by 2020-06-01 has passed", output)
    assert "fresh.md" not in output
    assert "WARNING" not in output


def test_front_matter_wins_field_by_field_over_the_folder_default():
    defaults = {"folders": {"guide": {"last_reviewed": "2026-01-01", "review_by": "2027-01-01"}},
                "pages": {"guide/special.md": {"last_reviewed": "2026-02-01", "review_by": "2026-08-01"}}}
    plain = review_dates.review_for("guide/deep/x.md", {}, defaults)
    assert (plain.last_reviewed, plain.review_by) == (dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    assert plain.origin["review_by"] == 'data/review-dates.yml, folder "guide"'

    special = review_dates.review_for("guide/special.md", {}, defaults)
    assert special.review_by == dt.date(2026, 8, 1)

    own = review_dates.review_for("guide/x.md", {"review_by": dt.date(2030, 5, 1)}, defaults)
    assert (own.last_reviewed, own.review_by) == (dt.date(2026, 1, 1), dt.date(2030, 5, 1))
    assert own.origin == {"last_reviewed": 'data/review-dates.yml, folder "guide"',
                          "review_by": "front matter"}


def test_a_bad_front_matter_date_names_file_line_and_field():
    source = "---\ntitle: X\nreview_by: soon\n---\n# X\n"
    with pytest.raises(review_dates.ReviewError) as err:
        review_dates.review_for("tips/x.md", {"review_by": "soon"}, {"folders": {}}, source)
    assert str(err.value).startswith("docs/tips/x.md:3: front matter, field review_by: 'soon' is not a date")


@pytest.mark.parametrize("front, expected", [
    ("title: X\nlast_reviewed: 2026-01-02\nreview_by: 2027-13-45\n",
     "docs/tips/x.md:4: front matter, field review_by: '2027-13-45' is not a date"),
    ("title: [X: broken\nlast_reviewed: 2026-01-02\n", "docs/tips/x.md:3: front matter: not valid YAML: "),
])
def test_front_matter_mkdocs_cannot_read_is_named_not_called_missing(front, expected):
    """MkDocs drops front matter it cannot read; the page then seemed to have no dates at all."""
    source = f"---\n{front}---\n# X\n"
    _, meta = review_dates.get_data(source)
    assert meta == {}
    with pytest.raises(review_dates.ReviewError) as err:
        review_dates.review_for("tips/x.md", meta, {"folders": {}}, source)
    assert str(err.value).startswith(expected), err.value
    assert "\n" not in str(err.value)


def test_review_by_must_come_after_last_reviewed():
    with pytest.raises(review_dates.ReviewError, match="docs/a.md: review_by 2026-01-01 .* is not after"):
        review_dates.review_for("a.md", {"last_reviewed": "2026-02-01", "review_by": "2026-01-01"},
                                {"folders": {}})


def test_a_bad_defaults_file_names_file_line_and_entry(tmp_path):
    bad = tmp_path / "review-dates.yml"
    bad.write_text("folders:\n  guide:\n    last_reviewed: 2026-11-22\n    review_by: 2026-01-01\n",
                   encoding="utf-8")
    with pytest.raises(datastore.DataError, match=r"review-dates\.yml:4: folders guide, field review_by: "
                                                  r"2026-01-01 is not after last_reviewed 2026-11-22"):
        review_dates.load_defaults(bad)

    bad.write_text("folders:\n  guide:\n    last_reviewed: soon\n    review_by: 2027-01-01\n",
                   encoding="utf-8")
    with pytest.raises(datastore.DataError, match=r"review-dates\.yml:3: field folders\.guide\.last_reviewed"):
        review_dates.load_defaults(bad)


def test_make_stale_lists_the_pages_past_review(nav_files):
    far_future = run(["make", "--no-print-directory", "-s", "stale"], REVIEW_TODAY="2099-01-01")
    assert far_future.returncode == 0, far_future.stderr
    listed = set(re.findall(r"^stale: docs/(\S+): review by", far_future.stdout, re.MULTILINE))
    assert set(nav_files) <= listed

    long_ago = run(["make", "--no-print-directory", "-s", "stale"], REVIEW_TODAY="2000-01-01")
    assert long_ago.returncode == 0, long_ago.stderr
    assert "stale:" not in long_ago.stdout
    assert "No page is past its review date as of 2000-01-01." in long_ago.stdout


def test_stale_report_for_the_issue_lists_only_the_pages_past_review(tmp_path):
    mini_project(tmp_path, {
        "a/old.md": "---\nlast_reviewed: 2020-01-01\nreview_by: 2021-01-01\n---\n# Old\n",
        "a/new.md": "# New, dated by its folder\n",
    })
    defaults = tmp_path / "review-dates.yml"
    defaults.write_text("folders:\n  a:\n    last_reviewed: 2026-11-22\n    review_by: 2027-11-22\n",
                        encoding="utf-8")
    out = tmp_path / "stale.md"
    result = run([sys.executable, "scripts/review_dates.py", "--stale", "--format", "markdown",
                  "--today", "2026-12-01", "--docs-dir", str(tmp_path / "docs"),
                  "--defaults", str(defaults), "--output", str(out)])
    assert result.returncode == 0, result.stderr
    rows = [line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("| `docs/")]
    assert rows == ["| `docs/a/old.md` | 2021-01-01 | 2020-01-01 | front matter |"]


def test_check_mode_names_each_page_without_dates(tmp_path):
    mini_project(tmp_path, {"loose.md": "# No dates\n", "b/also.md": "# No dates either\n"})
    defaults = tmp_path / "review-dates.yml"
    defaults.write_text("folders:\n  a:\n    last_reviewed: 2026-11-22\n    review_by: 2027-11-22\n",
                        encoding="utf-8")
    result = run([sys.executable, "scripts/review_dates.py", "--check",
                  "--docs-dir", str(tmp_path / "docs"), "--defaults", str(defaults)])
    assert result.returncode == 1
    assert "error: docs/loose.md: no last_reviewed or review_by date" in result.stderr
    assert "error: docs/b/also.md: no last_reviewed or review_by date" in result.stderr
