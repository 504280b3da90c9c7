"""The local resource directory: one Letter page of local partners (from
agency.yml, blank lines where nothing was given) and national numbers (from
data/contacts.yml), rendered through the PDF core (scripts/pdfcore).

It passes the core's checks like every product: one Letter page, the agency name in at
most two lines (data-max-lines), no text lost, none below 8 pt.
"""
from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

import pdfcore
from pdfcore import checks

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
        site_url=site_url, br=Markup("<br>"), max_name_lines=MAX_NAME_LINES)


EXPECT = pdfcore.Expect(PRODUCT_ID, pdfcore.LETTER_PT, SIZE, (1, 1), "the directory sheet is one page")


def build_directory(out: Path, *, agency: dict | None, contacts: dict, site_url: str) -> Path:
    html = _html(agency, contacts, site_url)
    logo = agency.get("logo") if agency else None
    roots = [TEMPLATES, *([Path(logo).resolve().parent] if logo else [])]  # the logo's own folder
    document = pdfcore.layout(html, name=PRODUCT_ID, base_dir=TEMPLATES, roots=roots)
    problems = checks.check_layout(document, html, EXPECT)
    if problems:
        first = min(problems, key=lambda p: p.field is None)  # a problem that names its field, if any
        if first.check == "pages":
            raise FitError(PRODUCT_ID, "partners", f"the directory sheet {first.message}; shorten partner names")
        raise FitError(PRODUCT_ID, first.field or "name", first.message)
    try:
        out.write_bytes(pdfcore.write_checked(document, html, EXPECT, "cst-kit-directory"))
    except pdfcore.CheckFailed as exc:
        raise FitError(PRODUCT_ID, exc.field, exc.message) from None
    return out
