"""The rows of contacts that the deck and the directory sheet both show.

Local rows come from agency.yml (blank when not given); national rows come
only from data/contacts.yml, so the national numbers are never retyped and
the agency's numbers stand beside them, never in their place.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .agency import PARTNER_KEYS, PARTNER_LABELS


@dataclass
class ContactRow:
    label: str
    name: str = ""
    details: list[str] = field(default_factory=list)
    source_field: str = ""  # the agency.yml field it came from, for fit errors

    @property
    def blank(self) -> bool:
        return not self.name and not self.details


def _partner_details(partner: dict) -> list[str]:
    return [partner[k] for k in ("phone", "email", "web") if partner.get(k)]


def tip_line_details(agency: dict) -> list[str]:
    tip = agency["tip_line"]
    out = []
    if tip.get("phone"):
        out.append(f"call {tip['phone']}")
    if tip.get("text"):
        out.append(f"text {tip['text']}")
    if tip.get("web"):
        out.append(tip["web"])
    return out


def local_rows(agency: dict | None) -> list[ContactRow]:
    """The agency's own lines, then the five partners, each filled or blank."""
    if agency is None:
        rows = [ContactRow("Our tip line"), ContactRow("Our non-emergency line")]
        return rows + [ContactRow(PARTNER_LABELS[k]) for k in PARTNER_KEYS]
    rows = [
        ContactRow(f"{agency['short_name']} tip line", "", tip_line_details(agency), "tip_line"),
        ContactRow(f"{agency['short_name']} non-emergency", "", [agency["non_emergency"]], "non_emergency"),
    ]
    for key in PARTNER_KEYS:
        partner = agency["partners"].get(key)
        if partner:
            rows.append(ContactRow(PARTNER_LABELS[key], partner["name"], _partner_details(partner),
                                   f"partners.{key}.name"))
        else:
            rows.append(ContactRow(PARTNER_LABELS[key], source_field=f"partners.{key}"))
    return rows


def national_rows(contacts: dict) -> list[ContactRow]:
    """Emergency, the national hotline, the CyberTipline, HSI and the FBI, from contacts.yml."""
    hotline, cyber, hsi, fbi = (contacts[k] for k in ("hotline", "cybertipline", "hsi_tips", "fbi_tips"))
    return [
        ContactRow("Emergency", "", [contacts["emergency"]["phone"]]),
        ContactRow("Human trafficking, 24/7", hotline["name"],
                   [f"call {hotline['phone']}", hotline["text_note"], hotline["web"]]),
        ContactRow("Online exploitation of a child", cyber["name"], [cyber["phone"], cyber["web"]]),
        ContactRow("Federal tips", hsi["short_name"].removeprefix("the "), [hsi["phone"], hsi["web"]]),
        ContactRow("FBI tips and field offices", fbi["name"], [fbi["web"], fbi["field_offices_url"]]),
    ]


def national_sources(contacts: dict) -> list[str]:
    keys = ("hotline", "cybertipline", "hsi_tips", "fbi_tips")
    return [f"{contacts[k]['name']}, {contacts[k]['source_url']} (checked {contacts[k]['last_verified']})"
            for k in keys]
