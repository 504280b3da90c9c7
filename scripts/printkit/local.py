"""The agency's details as the templates show them (None for the neutral products).

The kit helper has already validated agency.yml and normalized its phone numbers;
here they only become display rows. Every row keeps the agency.yml field it came
from, so a FitError can name it.
"""
from __future__ import annotations

from dataclasses import dataclass

import i18n
from agencykit.agency import PARTNER_KEYS


@dataclass(frozen=True)
class Row:
    field: str  # the agency.yml field, for error messages
    label: str
    value: str
    named: str = ""  # the label with the agency's short name, as the language orders them


def _named(label: str, short: str, lang: str) -> str:
    """"RPD tip line" / "Línea de denuncias de RPD" (local_named in data/print/words.yml)."""
    return i18n.print_text("local_named", lang, short=short, label=label, label_lower=label.lower())


@dataclass(frozen=True)
class Local:
    name: str
    short_name: str
    logo: str | None  # file URI for WeasyPrint
    tip_rows: list[Row]
    partner_rows: list[Row]
    web: str | None
    logo_alt: str = ""  # the logo's text alternative, in the product's language


def _shown_web(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")


def _short_name(agency: dict, lang: str) -> str:
    return (agency.get(f"short_name_{lang}") or agency.get("short_name")
            or agency.get(f"name_{lang}") or agency["name"])


def tip_rows(agency: dict, lang: str = "en") -> list[Row]:
    tip = agency.get("tip_line") or {}
    short = _short_name(agency, lang)
    found = [("tip_line.phone", "local_tip_line", tip.get("phone")),
             ("tip_line.text", "local_text_tip", tip.get("text")),
             ("tip_line.web", "local_report_online", tip.get("web") and _shown_web(tip["web"])),
             ("non_emergency", "local_non_emergency", agency.get("non_emergency"))]
    rows = []
    for field, key, value in found:
        if value:
            label = i18n.print_text(key, lang)
            rows.append(Row(field, label, value, _named(label, short, lang)))
    return rows


def partner_rows(agency: dict, lang: str = "en") -> list[Row]:
    rows = []
    for key in PARTNER_KEYS:
        partner = (agency.get("partners") or {}).get(key)
        if not partner:
            continue
        label = i18n.print_text(f"partner_{key}", lang)
        how = partner.get("phone") or partner.get("email") or (partner.get("web") and _shown_web(partner["web"]))
        rows.append(Row(f"partners.{key}", f"{label}: {partner['name']}", how or ""))
    return rows


def local_view(agency: dict | None, lang: str = "en") -> Local | None:
    """The agency's rows in the product's language; its own fields stay as given, or their
    Spanish variant (name_es) where the agency gives one."""
    if not agency:
        return None
    logo = agency.get("logo")
    name = agency.get(f"name_{lang}") or agency["name"]
    return Local(name, _short_name(agency, lang),
                 logo.resolve().as_uri() if logo else None,
                 tip_rows(agency, lang), partner_rows(agency, lang), agency.get("web"),
                 i18n.print_text("logo_alt", lang, name=name))
