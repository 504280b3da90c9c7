"""Every built page passes the Nu HTML Checker (vnu.jar from npm, run on the system Java)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from urllib.parse import unquote, urlsplit

import pytest

from builtsite import page_file, site_pages
from conftest import ROOT

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"

# Findings the theme makes that the site cannot fix without copying Material's whole base.html
# (the markup is outside every block and partial). Each is matched by message AND element.
KNOWN_THEME_FINDINGS = [
    {
        "message": re.compile(r"^Attribute “autocomplete” is only allowed when the input type is "),
        "element": re.compile(r'<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" '
                              r'id="__(?:drawer|search)" autocomplete="off">'),
        "why": "Material's drawer and search toggles (base.html, not overridable in part) carry "
               "autocomplete=off so Firefox does not reopen the menu or search after Back; the "
               "attribute is ignored on checkboxes by the standard and harmless.",
    },
]


def checked_file(message: dict) -> str:
    """vnu names files as file:/path; the plain path."""
    return unquote(urlsplit(message.get("url", "")).path)


def matches(rule: dict, message: dict) -> bool:
    return bool(rule["message"].search(message.get("message", ""))
                and rule["element"].search(message.get("extract", "")))


def is_known(message: dict) -> bool:
    return any(matches(rule, message) for rule in KNOWN_THEME_FINDINGS)


# A page with the two faults Material had, checked in the same run: proves the run reports errors.
BROKEN_PAGE = ('<!doctype html><html lang="en"><head><title>Broken</title></head><body>'
               '<label for="__missing" tabindex="">x</label></body></html>')


@pytest.fixture(scope="module")
def vnu_run(site, tmp_path_factory) -> tuple[list[dict], str]:
    """One checker run over every page plus the broken page: (messages, broken page's URL)."""
    if shutil.which("java") is None or not VNU.exists():
        pytest.fail("the Nu HTML Checker needs java and node_modules/vnu-jar: run `make setup`")
    broken = tmp_path_factory.mktemp("vnu") / "broken.html"
    broken.write_text(BROKEN_PAGE, encoding="utf-8")
    files = [str(page_file(site, page)) for page in site_pages(site)] + [str(broken)]
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
                         capture_output=True, text=True, timeout=600)
    # vnu writes its JSON report to stderr and exits 1 when it finds errors.
    return json.loads(run.stderr or run.stdout)["messages"], str(broken)


@pytest.fixture(scope="module")
def vnu_messages(vnu_run) -> list[dict]:
    messages, broken = vnu_run
    return [m for m in messages if checked_file(m) != broken]


def test_every_page_is_valid_html(vnu_messages, site):
    errors = [m for m in vnu_messages if m.get("type") in ("error", "non-document-error") and not is_known(m)]
    report = "\n".join(f"{checked_file(m).replace(str(site) + '/', '')}:{m.get('lastLine', '?')}: "
                       f"{m['message']}\n    {m.get('extract', '').strip()[:160]}" for m in errors[:40])
    assert not errors, f"{len(errors)} HTML errors:\n{report}"


def test_known_theme_findings_are_still_there(vnu_messages):
    # A filter that no longer matches anything is dead weight: remove it when the theme is fixed.
    for rule in KNOWN_THEME_FINDINGS:
        assert any(matches(rule, m) for m in vnu_messages), f"filter no longer needed: {rule['why']}"


def test_checker_reports_a_broken_page(vnu_run):
    messages, broken = vnu_run
    found = [m["message"] for m in messages if checked_file(m) == broken]
    assert any("tabindex" in m for m in found) and any("“for”" in m for m in found), found
