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
from mkdocs.utils.meta import get_data

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import datastore  # noqa: E402
import i18n  # noqa: E402
import review_dates  # noqa: E402
import translations  # noqa: E402

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
    src, meta, content = page.file.src_uri, page.meta, page.file.content_string
    if meta.get("translation_of"):  # a translation is reviewed with its English page
        src = meta["translation_of"]
        content = (translations.DOCS / src).read_text(encoding="utf-8")
        meta = get_data(content)[1]
    try:
        review = review_dates.review_for(src, meta, _state["defaults"], content)
    except review_dates.ReviewError as exc:
        raise PluginError(f"Review dates: {exc}") from None
    lang = i18n.language_of(config)
    page.meta["review"] = {
        "last_reviewed": review.last_reviewed.isoformat(),
        "last_reviewed_text": review_dates.long_date(review.last_reviewed, lang),
        "review_by": review.review_by.isoformat(),
        "review_by_text": review_dates.long_date(review.review_by, lang),
    }
    if review.is_past(_state["today"]):
        log.info("stale: docs/%s: review by %s has passed (dates from %s); run `make stale`",
                 review.page, review.review_by, review.origin["review_by"])
    return markdown
