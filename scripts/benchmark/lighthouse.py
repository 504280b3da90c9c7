"""Lighthouse scores of a few pages, from `lhci collect` on the site served on 127.0.0.1.

Settings and budgets are in lighthouserc.json. Chromium is Debian's (CHROME_PATH); its flags
there resolve every host name but 127.0.0.1 to nothing, so no audit can reach the internet.
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from builtsite import CHROMIUM

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "lighthouserc.json"
LHCI = ROOT / "node_modules" / ".bin" / "lhci"
PAGES = {"home": "", "tip": "tips/train-your-officers/", "program": "programs/texas-ipc/"}


def budgets(config_path: Path = CONFIG) -> dict[str, float]:
    """Category id -> minimum score (0–1), from the `assert` section of lighthouserc.json."""
    assertions = json.loads(config_path.read_text(encoding="utf-8"))["ci"]["assert"]["assertions"]
    return {key.split(":", 1)[1]: setting[1]["minScore"]
            for key, setting in assertions.items() if key.startswith("categories:")}


def findings(lhr: dict) -> dict[str, list[str]]:
    """For each category below 100: the scored audits that lost points, worst first."""
    out = {}
    for category_id, category in lhr["categories"].items():
        if category["score"] is None or category["score"] >= 1:
            continue
        lost = []
        for ref in category["auditRefs"]:
            audit = lhr["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                lost.append((audit["score"], f"{ref['id']}: {audit['title']}{shown}"))
        out[category_id] = [text for _score, text in sorted(lost)]
    return out


def scores(lhr: dict) -> dict[str, float | None]:
    return {category_id: category["score"] for category_id, category in lhr["categories"].items()}


def median_run(lhrs: list[dict]) -> dict | None:
    """The run with the median performance score: timing scores vary from run to run, so
    lighthouserc.json asks for several runs and the middle one is reported, as Lighthouse advises."""
    if not lhrs:
        return None
    ranked = sorted(lhrs, key=lambda lhr: (lhr.get("categories", {}).get("performance", {}).get("score") or 0))
    return ranked[(len(ranked) - 1) // 2]


def run(root_url: str) -> dict:
    """Runs lhci on each page (numberOfRuns times, see median_run); returns {page name: {"url", "scores", "findings"}} or an error."""
    if not LHCI.exists():
        return {"error": f"{LHCI.relative_to(ROOT)} is missing: run `make setup`"}
    env = {**os.environ, "CHROME_PATH": CHROMIUM, "NO_UPDATE_NOTIFIER": "1"}
    results = {}
    with tempfile.TemporaryDirectory(prefix="lhci-") as work:
        for name, path in PAGES.items():
            url = root_url + path
            proc = subprocess.run([str(LHCI), "collect", f"--config={CONFIG}", f"--url={url}"],
                                  cwd=work, env=env, capture_output=True, text=True, timeout=300)
            reports = sorted(Path(work, ".lighthouseci").glob("lhr-*.json"))
            lhr = median_run([json.loads(r.read_text(encoding="utf-8")) for r in reports])
            if proc.returncode != 0 or lhr is None or lhr.get("runtimeError"):
                detail = (lhr or {}).get("runtimeError") or proc.stderr.strip()[-500:]
                results[name] = {"url": url, "error": f"lhci collect failed: {detail}"}
            else:
                results[name] = {"url": url, "scores": scores(lhr), "findings": findings(lhr)}
            for report in Path(work, ".lighthouseci").glob("lhr-*"):
                report.unlink()
    return results
