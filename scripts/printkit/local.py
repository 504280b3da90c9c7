"""The agency's details as the templates show them (None for the neutral products).

The kit helper has already validated agency.yml and normalized its phone numbers;
here they only become display rows. Every row keeps the agency.yml field it came
from, so a FitError can name it.
"""
from __future__ import annotations

from dataclasses import dataclass

from agencykit.agency import PARTNER_LABELS


@dataclass(frozen=True)
class Row:
    field: str  # the agency.yml field, for error messages
    label: str
    value: str


@dataclass(frozen=True)
class Local:
    name: str
    short_name: str
    logo: str | None  # file URI for WeasyPrint
    tip_rows: list[Row]
    partner_rows: list[Row]
    web: str | None


def _shown_web(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")


def tip_rows(agency: dict) -> list[Row]:
    tip = agency.get("tip_line") or {}
    rows = []
    if tip.get("phone"):
        rows.append(Row("tip_line.phone", "Tip line", tip["phone"]))
    if tip.get("text"):
        rows.append(Row("tip_line.text", "Text a tip", tip["text"]))
    if tip.get("web"):
        rows.append(Row("tip_line.web", "Report online", _shown_web(tip["web"])))
    if agency.get("non_emergency"):
        rows.append(Row("non_emergency", "Non-emergency", agency["non_emergency"]))
    return rows


def partner_rows(agency: dict) -> list[Row]:
    rows = []
    for key, label in PARTNER_LABELS.items():
        partner = (agency.get("partners") or {}).get(key)
        if not partner:
            continue
        how = partner.get("phone") or partner.get("email") or (partner.get("web") and _shown_web(partner["web"]))
        rows.append(Row(f"partners.{key}", f"{label}: {partner['name']}", how or ""))
    return rows


def local_view(agency: dict | None) -> Local | None:
    if not agency:
        return None
    logo = agency.get("logo")
    return Local(agency["name"], agency.get("short_name") or agency["name"],
                 logo.resolve().as_uri() if logo else None,
                 tip_rows(agency), partner_rows(agency), agency.get("web"))
