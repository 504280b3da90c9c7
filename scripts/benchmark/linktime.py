"""How long `make linkcheck` takes, against the fake web of tests/fakeweb.py instead of the internet."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parents[2] / "tests"


def run() -> dict:
    sys.path.insert(0, str(TESTS))
    try:
        from fakeweb import FakeWeb, run_linkcheck
    except ImportError as exc:
        return {"error": f"tests/fakeweb.py cannot be used: {exc}"}
    finally:
        sys.path.remove(str(TESTS))
    with FakeWeb() as web, tempfile.TemporaryDirectory(prefix="bench-linkcheck-") as work:
        result = run_linkcheck(web, Path(work))  # linkcheck.py's own defaults, as `make linkcheck`
    if not result.report:
        return {"error": f"linkcheck wrote no report (exit {result.returncode}): {result.stderr.strip()[-300:]}"}
    return {"seconds": result.seconds, "links": len(web.urls), "counts": result.report.get("counts", {})}
