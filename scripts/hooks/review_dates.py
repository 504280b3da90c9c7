"""MkDocs hook: give every page its review dates and show them in the page footer.

A page without dates stops the build, naming the page. A page past its
`review_by` date is logged at INFO level with the prefix "stale:" (a WARNING
would fail `mkdocs build --strict`, and time passing must not break builds).
The footer partial, overrides/partials/source-file.html, reads `page.meta.review`.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import datastore  # noqa: E402
import review_dates  # noqa: E402

log = logging.getLogger("mkdocs.hooks.review_dates")
_state: dict = {}


def on_config(config):
    try:
        _state["defaults"] = review_dates.load_defaults()
        _state["today"] = review_dates.today()
    except (datastore.DataError, review_dates.ReviewError) as exc:
        raise PluginError(f"Review dates: {exc}") from None
    return config


def on_page_markdown(markdown, page, config, files):
    try:
        review = review_dates.review_for(page.file.src_uri, page.meta, _state["defaults"],
                                         page.file.content_string)
    except review_dates.ReviewError as exc:
        raise PluginError(f"Review dates: {exc}") from None
    page.meta["review"] = {
        "last_reviewed": review.last_reviewed.isoformat(),
        "last_reviewed_text": review_dates.long_date(review.last_reviewed),
        "review_by": review.review_by.isoformat(),
        "review_by_text": review_dates.long_date(review.review_by),
    }
    if review.is_past(_state["today"]):
        log.info("stale: docs/%s: review by %s has passed (dates from %s); run `make stale`",
                 review.page, review.review_by, review.origin["review_by"])
    return markdown
