"""Maintainer files: issue forms, PR template, CODEOWNERS, workflows, project files, and
CONTRIBUTING/STYLE/CHANGELOG shown on the site with working links."""
from __future__ import annotations

import fnmatch
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, built_path
from hooks import repo_docs

GITHUB = ROOT / ".github"
FORMS = ["broken-link.yml", "suggest-resource.yml", "correct-fact.yml", "print-problem.yml"]
FIELD_TYPES = {"input", "textarea", "dropdown", "checkboxes"}
SHA_PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
PHONE = re.compile(r"\b\d{3}[-. )]+\d{3}[-. ]\d{4}\b")


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def workflow(name: str) -> dict:
    return load(GITHUB / "workflows" / name)


def triggers(flow: dict) -> dict:
    return flow.get("on", flow.get(True))      # PyYAML reads the key `on` as True


def steps(flow: dict) -> list[dict]:
    return [step for job in flow["jobs"].values() for step in job.get("steps", [])]


def test_blank_issues_are_off():
    assert load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")["blank_issues_enabled"] is False


@pytest.mark.parametrize("name", FORMS)
def test_issue_form_is_valid_and_has_required_fields(name):
    form = load(GITHUB / "ISSUE_TEMPLATE" / name)
    assert {"name", "description", "body"} <= set(form), name
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    assert all(item["type"] in FIELD_TYPES for item in fields), name
    ids = [item["id"] for item in fields]
    assert len(ids) == len(set(ids)), f"{name}: duplicate field ids"
    for item in fields:
        assert item["attributes"].get("label"), f"{name}: field {item['id']} has no label"
        if item["type"] == "dropdown":
            assert item["attributes"]["options"], f"{name}: dropdown {item['id']} has no options"
    required = [item["id"] for item in fields
                if item.get("validations", {}).get("required")
                or any(o.get("required") for o in item["attributes"].get("options", []) if isinstance(o, dict))]
    assert len(required) >= 3, f"{name}: only {required} are required"


def test_no_phone_number_is_typed_into_github_files():
    for path in GITHUB.rglob("*"):
        if path.is_file():
            assert not PHONE.search(path.read_text(encoding="utf-8")), \
                f"{path.relative_to(ROOT)}: phone numbers live only in data/contacts.yml"


def test_pull_request_template_asks_for_summary_sources_and_checks():
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert "## Summary" in text and "## Sources" in text
    boxes = re.findall(r"^- \[ \] (.+)$", text, re.MULTILINE)
    assert any("`make test` passed" in box for box in boxes)
    assert any("every page I changed" in box for box in boxes)
    assert any("PDF" in box for box in boxes)


def codeowners_for(path: str, lines: list[str]) -> list[str]:
    """The owners GitHub would pick: the last matching pattern wins."""
    owners: list[str] = []
    for line in lines:
        pattern, *names = line.split()
        anchored = pattern.lstrip("/")
        if (anchored.endswith("/") and path.startswith(anchored)) or fnmatch.fnmatch(path, anchored):
            owners = names
    return owners


def test_codeowners_cover_data_print_and_workflows():
    lines = [line for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    for path in ("data/contacts.yml", "data/schema/resources.schema.json", "print/deck/00-title.md",
                 ".github/workflows/ci.yml"):
        assert codeowners_for(path, lines), f"{path} has no code owner"


@pytest.mark.parametrize("path", sorted((GITHUB / "workflows").glob("*.yml")), ids=lambda p: p.name)
def test_workflow_pins_actions_and_reads_only_by_default(path):
    flow = load(path)
    assert flow.get("permissions") == {"contents": "read"}, f"{path.name}: top-level permissions"
    for job_name, job in flow["jobs"].items():
        assert job.get("permissions") != "write-all", f"{path.name}: job {job_name}"
        for step in job.get("steps", []):
            if "uses" in step:
                assert SHA_PINNED.match(step["uses"]), f"{path.name}: {step['uses']} is not pinned to a commit SHA"


def test_ci_runs_make_test_on_pull_requests_and_keeps_site_and_pdfs():
    flow = workflow("ci.yml")
    assert "pull_request" in triggers(flow)
    runs = [step.get("run", "") for step in steps(flow)]
    assert "make test" in runs
    uploads = {step["with"]["name"]: step["with"]["path"] for step in steps(flow)
               if step.get("uses", "").startswith("actions/upload-artifact@")}
    assert uploads == {"site": "site/", "pdfs": "site/**/*.pdf"}


def test_pages_deploys_from_main_with_write_rights_only_in_the_deploy_job():
    flow = workflow("pages.yml")
    assert triggers(flow)["push"]["branches"] == ["main"]
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "permissions" not in flow["jobs"]["build"]
    used = [step.get("uses", "").split("@")[0] for step in steps(flow)]
    assert "actions/upload-pages-artifact" in used and "actions/deploy-pages" in used


def test_stale_review_runs_on_a_schedule_and_keeps_one_issue():
    flow = workflow("stale-review.yml")
    assert triggers(flow)["schedule"]
    job = flow["jobs"]["stale"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    script = "\n".join(step.get("run", "") for step in job["steps"])
    assert "make stale" in script
    assert "gh issue edit" in script and "gh issue create" in script


def test_license_scopes_code_to_mit_and_writing_to_cc_by():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "1. CODE: the MIT License" in text and "2. WRITING: the Creative Commons Attribution 4.0" in text
    assert "Permission is hereby granted, free of charge" in text
    assert "Section 8 -- Interpretation." in text          # the full CC BY 4.0 text, to its end


def test_notice_credits_the_2016_guide_as_the_about_page_does():
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    about = (ROOT / "docs" / "about" / "index.md").read_text(encoding="utf-8")
    agreement = re.search(r"\b\d{4}-CK-WX-K\d{3}\b", about)[0]
    isbn = re.search(r"978-[\d-]{13}", about)[0]
    assert agreement in notice and isbn in notice
    assert "International Association of Chiefs of Police" in notice
    assert "Office of Community Oriented Policing Services" in notice


def test_citation_file_is_valid_cff_and_cites_the_guide():
    cff = load(ROOT / "CITATION.cff")
    assert cff["cff-version"] == "1.2.0"
    assert cff["message"] and cff["title"] and cff["authors"][0]["name"]
    guide = cff["references"][0]
    assert guide["isbn"] == "978-1-935676-88-1" and guide["year"] == 2016
    assert guide["authors"] == [{"name": "International Association of Chiefs of Police"}]


REPO_PAGES = {"about/contributing.md": "CONTRIBUTING.md", "about/style-guide.md": "STYLE.md",
              "about/whats-new.md": "CHANGELOG.md"}


@pytest.mark.parametrize("page, repo_file", REPO_PAGES.items())
def test_repo_file_is_shown_on_its_page_with_site_links(site, page, repo_file):
    html = built_path(site, page).read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    headings = re.findall(r"^##+ (.+?)\s*$", (ROOT / repo_file).read_text(encoding="utf-8"), re.MULTILINE)
    for heading in headings:
        plain = re.sub(r"[`\[\]]", "", heading)
        assert plain in re.sub(r"<[^>]+>", "", article), f"{page}: heading {heading!r} from {repo_file} is missing"
    hrefs = re.findall(r'href="([^"]+)"', article)
    assert not [h for h in hrefs if re.search(r"\.md(#|$)", h)], f"{page}: links to Markdown files left"


def test_links_are_rewritten_for_the_page_that_shows_the_file(monkeypatch):
    monkeypatch.setattr(repo_docs, "_shown", {"STYLE.md": "about/style-guide.md",
                                              "CONTRIBUTING.md": "about/contributing.md"})
    source = ("See [the style guide](STYLE.md#terms-to-avoid), [scope](docs/guide/scope.md), "
              "[the registry](data/resources.yml) and [web](https://example.org/x.md).\n"
              "```\n[kept](STYLE.md)\n```\n")
    out = repo_docs.rewrite_links(source, "about/contributing.md", None)
    assert "[the style guide](style-guide.md#terms-to-avoid)" in out
    assert "[scope](../guide/scope.md)" in out
    assert "the registry (`data/resources.yml`)" in out
    assert "[web](https://example.org/x.md)" in out
    assert "[kept](STYLE.md)" in out                      # code blocks are left alone
    with_repo = repo_docs.rewrite_links("[the registry](data/resources.yml)", "about/contributing.md",
                                        "https://github.com/org/repo")
    assert with_repo == "[the registry](https://github.com/org/repo/blob/main/data/resources.yml)"
