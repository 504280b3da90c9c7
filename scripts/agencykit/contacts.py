"""The rows of contacts that the deck and the directory sheet both show.

Local rows come from agency.yml (blank when not given); national rows come
only from data/contacts.yml, so the national numbers are never retyped and
the agency's numbers stand beside them, never in their place.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import i18n

from .agency import PARTNER_KEYS


@dataclass
class ContactRow:
    label: str
    name: str = ""
    details: list[str] = field(default_factory=list)
    source_field: str = ""  # the agency.yml field it came from, for fit errors

    @property
    def blank(self) -> bool:
        return not self.name and not self.details


def _words(key: str, lang: str, **fields: str) -> str:
    return i18n.print_text(key, lang, **fields)


def agency_name(agency: dict | None, lang: str = i18n.DEFAULT) -> str:
    """The agency's name in `lang` (name_es where given), or "Your agency" for the neutral kit."""
    if agency is None:
        return _words("your_agency", lang)
    return agency.get(f"name_{lang}") or agency["name"]


def agency_short(agency: dict | None, lang: str = i18n.DEFAULT) -> str:
    if agency is None:
        return _words("your_agency_lower", lang)
    return agency.get(f"short_name_{lang}") or agency["short_name"]


def _partner_details(partner: dict) -> list[str]:
    return [partner[k] for k in ("phone", "email", "web") if partner.get(k)]


def tip_line_details(agency: dict, lang: str = i18n.DEFAULT) -> list[str]:
    tip = agency["tip_line"]
    out = []
    if tip.get("phone"):
        out.append(_words("call_number", lang, number=tip["phone"]))
    if tip.get("text"):
        out.append(_words("text_number", lang, number=tip["text"]))
    if tip.get("web"):
        out.append(tip["web"])
    return out


def local_rows(agency: dict | None, lang: str = i18n.DEFAULT, named: bool = True) -> list[ContactRow]:
    """The agency's own lines, then the five partners, each filled or blank. `named`: the agency's
    two lines say whose they are ("RPD tip line"), as a table mixing them with the partners needs;
    without it they are plain ("Tip line"), for a sheet that heads them "Our agency"."""
    labels = {key: _words(f"partner_{key}", lang) for key in PARTNER_KEYS}
    if not named:
        tip, non_emergency = _words("local_tip_line", lang), _words("local_non_emergency", lang)
    elif agency is None:
        tip, non_emergency = _words("our_tip_line", lang), _words("our_non_emergency", lang)
    else:
        short = agency_short(agency, lang)
        tip = _words("agency_tip_line", lang, short=short)
        non_emergency = _words("agency_non_emergency", lang, short=short)
    if agency is None:
        return [ContactRow(tip), ContactRow(non_emergency)] + [ContactRow(labels[k]) for k in PARTNER_KEYS]
    rows = [
        ContactRow(tip, "", tip_line_details(agency, lang), "tip_line"),
        ContactRow(non_emergency, "", [agency["non_emergency"]], "non_emergency"),
    ]
    for key in PARTNER_KEYS:
        partner = agency["partners"].get(key)
        if partner:
            rows.append(ContactRow(labels[key], partner["name"], _partner_details(partner),
                                   f"partners.{key}.name"))
        else:
            rows.append(ContactRow(labels[key], source_field=f"partners.{key}"))
    return rows


def national_rows(contacts: dict, lang: str = i18n.DEFAULT) -> list[ContactRow]:
    """Emergency, the national hotline, the CyberTipline, HSI and the FBI, from contacts.yml
    (already localized: i18n.localized(contacts, lang))."""
    hotline, cyber, hsi, fbi = (contacts[k] for k in ("hotline", "cybertipline", "hsi_tips", "fbi_tips"))
    return [
        ContactRow(_words("national_emergency", lang), "", [contacts["emergency"]["phone"]]),
        ContactRow(_words("national_hotline", lang), hotline["name"],
                   [_words("call_number", lang, number=hotline["phone"]), hotline["text_note"], hotline["web"]]),
        ContactRow(_words("national_online", lang), cyber["name"], [cyber["phone"], cyber["web"]]),
        # HSI's short name without its article ("the HSI Tip Line", "la HSI Tip Line").
        ContactRow(_words("national_federal", lang), hsi["short_name"].split(" ", 1)[1], [hsi["phone"], hsi["web"]]),
        ContactRow(_words("national_fbi", lang), fbi["name"], [fbi["web"], fbi["field_offices_url"]]),
    ]


def national_sources(contacts: dict, lang: str = i18n.DEFAULT) -> list[str]:
    keys = ("hotline", "cybertipline", "hsi_tips", "fbi_tips")
    return [f"{contacts[k]['name']}, {contacts[k]['source_url']} "
            + _words("checked_on", lang, date=i18n.long_date(str(contacts[k]["last_verified"]), lang))
            for k in keys]
