"""How long `make linkcheck` takes on a fake web shaped like the issue's: 40 URLs on 8 sites,
each page answering after a second, at the real config's per-site rate."""
from __future__ import annotations

import tempfile
from pathlib import Path

from testbed.fakeweb import FakeWeb, run_linkcheck, sites

SITES, PAGES, ANSWER_SECONDS = 8, 5, 1.0


def run() -> dict:
    with FakeWeb(cases=sites(SITES, PAGES, ANSWER_SECONDS)) as web, \
            tempfile.TemporaryDirectory(prefix="bench-linkcheck-") as work:
        result = run_linkcheck(web, Path(work))  # linkcheck.py's own defaults, as `make linkcheck`
        closest = web.closest_requests()
        concurrent = len(web.concurrent_sites())
    if not result.report:
        return {"error": f"linkcheck wrote no report (exit {result.returncode}): {result.stderr.strip()[-300:]}"}
    return {"seconds": result.seconds, "links": SITES * PAGES, "sites": SITES,
            "answer_seconds": ANSWER_SECONDS, "counts": result.report.get("counts", {}),
            "closest_requests_to_one_site": min(closest.values(), default=None),
            "site_pairs_in_flight_together": concurrent}
