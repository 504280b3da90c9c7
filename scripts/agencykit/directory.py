"""The local resource directory: one Letter page of local partners (from
agency.yml, blank lines where nothing was given) and national numbers (from
data/contacts.yml), rendered with WeasyPrint.

Fit is checked on the rendered layout: one page, and the agency name in at
most two lines.
"""
from __future__ import annotations

from pathlib import Path

import jinja2
import weasyprint
from markupsafe import Markup

from . import contacts as contact_rows
from .textfit import FitError

PRODUCT_ID = "directory"
TITLE = "Local resource directory"
SIZE = "Letter"
TEMPLATES = Path(__file__).resolve().parents[2] / "print" / "directory"
# Always blank: other contacts the guide tells agencies to line up (tips 2 and 3, partners).
EXTRA_LABELS = ("FBI child exploitation coordinator", "Interpreter or language line",
                "Medical and mental health care", "Shelter and housing for youth")
MAX_NAME_LINES = 2


def _html(agency: dict | None, contacts: dict, site_url: str) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    local = contact_rows.local_rows(agency)
    checked = sorted({str(contacts[k]["last_verified"]) for k in ("hotline", "cybertipline", "hsi_tips")})
    return env.get_template("directory.html.j2").render(
        name=agency["name"] if agency else "Your agency",
        state=agency["state"] if agency else "",
        logo=agency["logo"].as_uri() if agency and agency.get("logo") else None,
        emergency=contacts["emergency"]["phone"],
        agency_rows=local[:2], partner_rows=local[2:], extra_labels=EXTRA_LABELS,
        national_rows=contact_rows.national_rows(contacts),
        local_source="the agency's agency.yml" if agency else "fill in by hand",
        national_checked="checked " + ", ".join(checked),
        site_url=site_url, br=Markup("<br>"))


def _line_boxes(box, element_id: str) -> int | None:
    """Lines in the rendered element with this id (None if not found)."""
    element = getattr(box, "element", None)
    if element is not None and element.get("id") == element_id and hasattr(box, "children"):
        return sum(1 for child in box.children if type(child).__name__ == "LineBox")
    for child in getattr(box, "children", []):
        found = _line_boxes(child, element_id)
        if found is not None:
            return found
    return None


def build_directory(out: Path, *, agency: dict | None, contacts: dict, site_url: str) -> Path:
    document = weasyprint.HTML(string=_html(agency, contacts, site_url),
                               base_url=str(TEMPLATES) + "/").render()
    name_lines = _line_boxes(document.pages[0]._page_box, "agency-name")
    if name_lines is None or name_lines > MAX_NAME_LINES:
        raise FitError(PRODUCT_ID, "name",
                       f"the agency name takes {name_lines} lines on the directory sheet (at most {MAX_NAME_LINES})")
    if len(document.pages) != 1:
        raise FitError(PRODUCT_ID, "partners",
                       f"the directory sheet runs to {len(document.pages)} pages instead of one; shorten partner names")
    document.write_pdf(out)
    return out
