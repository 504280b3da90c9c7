"""The link check's reports: report.json (for the page and tools) and report.md (for people,
and the standing "Link health" issue). Both are written whole, or not at all."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import jsonschema

from . import BROKEN, CLASSES, LABELS, MOVED, NEEDS_PERSON, OK

ROOT = Path(__file__).resolve().parent.parent.parent
SCHEMA = ROOT / "data" / "schema" / "link-health-report.schema.json"
COMMITTED = ROOT / "data" / "link-health" / "report.json"
COUNTED = {BROKEN: "broken", NEEDS_PERSON: "need a person", MOVED: "moved", OK: "OK"}


class ReportError(Exception):
    pass


def build(results: dict, pages: dict[str, list[str]], started: str, finished: str,
          tool: str, settings: dict) -> dict:
    """results: {url: runner.Checked}; pages: {url: [pages that link it]}."""
    links = []
    for url, item in results.items():
        links.append({**item.outcome.as_json(), "attempts": item.attempts,
                      "checked": item.checked, "pages": pages.get(url, [])})
    links.sort(key=lambda link: (CLASSES.index(link["class"]), link["url"]))
    counts = {cls: sum(1 for link in links if link["class"] == cls) for cls in CLASSES}
    return {"version": 1, "started": started, "finished": finished, "tool": tool,
            "settings": settings, "counts": counts, "links": links}


def validate(report: dict, where: str = "report") -> dict:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(report))
    if error:
        field = "/".join(str(p) for p in error.absolute_path) or "(top)"
        raise ReportError(f"{where}: field {field}: {error.message}")
    return report


def load(path: Path = COMMITTED) -> dict | None:
    """The report at `path`, checked against its schema; None when no check has run."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ReportError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    return validate(data, str(path))


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _pages(link: dict) -> str:
    return ", ".join(f"`{p}`" for p in link["pages"]) or "—"


def summary(report: dict) -> str:
    counts = report["counts"]
    parts = [f"{counts[cls]} {COUNTED[cls]}" for cls in CLASSES]
    return (f"{sum(counts.values())} links checked on {report['finished'][:10]} "
            f"({report['tool']}): " + ", ".join(parts) + ".")


def markdown(report: dict) -> str:
    lines = ["# Link health", "", summary(report), ""]
    if not report["counts"]["broken"]:
        lines += ["No link is broken.", ""]
    for cls in CLASSES:
        links = [link for link in report["links"] if link["class"] == cls]
        if not links:
            continue
        if cls == OK:
            lines += [f"<details><summary>{LABELS[cls]} ({len(links)})</summary>", ""]
            lines += [f"- {link['url']}" for link in links] + ["", "</details>", ""]
            continue
        lines += [f"## {LABELS[cls]} ({len(links)})", ""]
        second = "Suggested address" if cls == MOVED else "What happened"
        lines += [f"| Link | {second} | On pages |", "| --- | --- | --- |"]
        for link in links:
            said = link.get("suggested_url") if cls == MOVED else link["detail"]
            lines.append(f"| {_cell(link['url'])} | {_cell(said)} | {_pages(link)} |")
        lines.append("")
    lines += ["What to do about each class: `data/_README.md`, section “Link checks”.", ""]
    return "\n".join(lines)


def write(report: dict, out_dir: Path) -> tuple[Path, Path]:
    """report.json and report.md in out_dir, replacing the old pair only when both are written."""
    validate(report)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    texts = {"report.json": json.dumps(report, indent=2, ensure_ascii=False) + "\n",
             "report.md": markdown(report)}
    with tempfile.TemporaryDirectory(prefix=".link-health-", dir=out_dir) as staging:
        for name, text in texts.items():
            Path(staging, name).write_text(text, encoding="utf-8")
        for name in texts:
            os.replace(Path(staging, name), out_dir / name)
    return out_dir / "report.json", out_dir / "report.md"
