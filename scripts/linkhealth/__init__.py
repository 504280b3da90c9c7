"""The link check: every external link on the built site, one class each.

- sitelinks: the external links of a built site, and the pages they are on.
- registry: which links are registered (data/resources.yml, data/contacts.yml); offline checks.
- classify: a linkchecker result -> ok, moved, broken or needs a person.
- probe: a second look at a failed connection whose cause linkchecker's message cut off.
- runner: runs linkchecker with the repo's linkcheckerrc, retrying passing failures.
- report: the JSON and Markdown reports, written whole or not at all.
- page: the link health page, from the last committed report.

scripts/linkcheck.py is the command (`make linkcheck`).
"""
from __future__ import annotations

OK, MOVED, BROKEN, NEEDS_PERSON = "ok", "moved", "broken", "needs-person"
# Worst first: the order of the report's sections and of the page.
CLASSES = (BROKEN, NEEDS_PERSON, MOVED, OK)
LABELS = {OK: "OK", MOVED: "Moved", BROKEN: "Broken", NEEDS_PERSON: "Needs a person"}
# The built page that lists every address by design (docs/resources/link-health.md).
LINK_HEALTH_PAGE = "resources/link-health/"
