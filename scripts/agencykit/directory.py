"""The local resource directory: one Letter page of local partners (from
agency.yml, blank lines where nothing was given) and national numbers (from
data/contacts.yml), rendered through the PDF core (scripts/pdfcore).

It passes the core's checks like every product: one Letter page, the agency name in at
most two lines (data-max-lines), no text lost, none below 8 pt, and none running into other
text (pdfcore.collisions).
"""
from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

import datastore
import i18n
import pdfcore
from pdfcore import checks

from . import contacts as contact_rows
from .textfit import FitError

PRODUCT_ID = "directory"
SIZE = "Letter"  # for the layout checks' messages; the README names it in the kit's language (size_label)
TEMPLATES = Path(__file__).resolve().parents[2] / "print" / "directory"
# Always blank: other contacts the guide tells agencies to line up (tips 2 and 3, partners);
# their labels are directory_extra_<key> in data/print/words.yml.
EXTRA_KEYS = ("fbi", "interpreter", "health", "shelter")
GUIDE_TITLE = "Combating Child Sex Trafficking: A Guide for Law Enforcement Leaders"
MAX_NAME_LINES = 2


def title(lang: str = i18n.DEFAULT) -> str:
    return i18n.print_text("directory_title", lang)


def size_label(lang: str = i18n.DEFAULT) -> str:
    """"Letter" or "Carta", as data/print/products.yml names the size for the print products."""
    return i18n.localized(datastore.cached("print/products"), lang)["sizes"]["letter"]["label"]


def _shown(row: contact_rows.ContactRow) -> contact_rows.ContactRow:
    """The row as printed: web addresses without https:// and a trailing slash, as on the print
    products (the sheet keeps to one page in Spanish)."""
    details = [d.split("://", 1)[1].rstrip("/") if d.startswith(("https://", "http://")) else d
               for d in row.details]
    return contact_rows.ContactRow(row.label, row.name, details, row.source_field)


def _html(agency: dict | None, contacts: dict, site_url: str, lang: str) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    words = i18n.strings(lang, i18n.PRINT_WORDS)
    local = [_shown(row) for row in contact_rows.local_rows(agency, lang, named=False)]  # under "Our agency"
    name = contact_rows.agency_name(agency, lang)
    checked = sorted({contacts[k]["last_verified"] for k in ("hotline", "cybertipline", "hsi_tips")})
    local_source = words["directory_local_source_agency" if agency else "directory_local_source_blank"]
    sources_line = Markup(words["directory_sources"]).format(  # escapes every value but the italics
        local=local_source, guide=Markup("<em>%s</em>") % GUIDE_TITLE, url=site_url,
        checked=i18n.print_text("directory_checked", lang,
                                dates="; ".join(i18n.long_date(str(d), lang) for d in checked)))
    return env.get_template("directory.html.j2").render(
        lang=lang, w=words, name=name,
        logo_alt=i18n.print_text("logo_alt", lang, name=name),
        state=agency["state"] if agency else "",
        logo=agency["logo"].as_uri() if agency and agency.get("logo") else None,
        emergency=contacts["emergency"]["phone"],
        agency_rows=local[:2], partner_rows=local[2:],
        extra_labels=[words[f"directory_extra_{key}"] for key in EXTRA_KEYS],
        national_rows=[_shown(row) for row in contact_rows.national_rows(contacts, lang)],
        sources_line=sources_line, br=Markup("<br>"), max_name_lines=MAX_NAME_LINES)


EXPECT = pdfcore.Expect(PRODUCT_ID, pdfcore.LETTER_PT, SIZE, (1, 1), "the directory sheet is one page")


def build_directory(out: Path, *, agency: dict | None, contacts: dict, site_url: str,
                    lang: str = i18n.DEFAULT) -> Path:
    """The sheet in `lang`: its words from data/print/words.yml, the contacts localized."""
    html = _html(agency, i18n.localized(contacts, lang), site_url, lang)
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
