"""Read an agency.yml, check it, and turn it into the dict the print kit takes.

Every problem becomes a datastore.DataError naming the file, the line and the
field, so a trainer can fix agency.yml without reading Python.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import datastore
import i18n
from datastore import DataError

from .logo_check import LogoError, check_logo, logo_file
from .phones import format_phone

SCHEMA = datastore.ROOT / "print" / "agency" / "agency.schema.json"
# Their labels are partner_<key> in data/print/words.yml, in both languages.
PARTNER_KEYS = ("task_force", "cps", "victim_services", "prosecutor", "fusion_center")


@dataclass
class AgencyFile:
    """A checked agency.yml: `agency` is what the print kit takes, `raw` keeps the lines."""

    path: Path
    raw: Any
    agency: dict

    def error(self, field: str, problem: str) -> DataError:
        return field_error(self.path, self.raw, field, problem)

    @property
    def slug(self) -> str:
        return slugify(self.agency["name"])


def field_error(path: Path, raw: Any, field: str, problem: str) -> DataError:
    """A DataError pointing at `field` ('name', 'partners.cps.phone') in agency.yml `path`."""
    return DataError(path, datastore.line_of(raw, field.split(".")), f"field {field}", problem)


def slugify(text: str) -> str:
    """"Cold Creek County Sheriff's Office" -> "cold-creek-county-sheriffs-office"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-") or "agency"


def _with_phones(entry: dict, keys: tuple[str, ...]) -> dict:
    return {k: format_phone(v) if k in keys else v for k, v in entry.items()}


def normalize(raw: dict, base: Path) -> dict:
    """The print kit's agency dict: every key present, phones in one format, logo as a Path."""
    tip_line = _with_phones(raw["tip_line"], ("phone", "text"))
    partners = {}
    for key in PARTNER_KEYS:
        given = raw.get("partners", {}).get(key)
        partners[key] = _with_phones(given, ("phone",)) if given else None
    return {
        "name": raw["name"].strip(),
        "short_name": raw["short_name"].strip(),
        # Spanish variants, used where given (printkit's local_view, the deck, the directory).
        "name_es": (raw.get("name_es") or "").strip() or None,
        "short_name_es": (raw.get("short_name_es") or "").strip() or None,
        "languages": list(raw.get("languages") or [i18n.DEFAULT]),
        "logo": logo_file(base, raw["logo"]).resolve() if raw.get("logo") else None,
        "state": raw["state"],
        "tip_line": {k: tip_line.get(k) for k in ("phone", "text", "web")},
        "non_emergency": format_phone(raw["non_emergency"]),
        "web": raw.get("web"),
        "partners": partners,
        "state_law_note": (raw.get("state_law_note") or "").strip() or None,
        "state_law_note_es": (raw.get("state_law_note_es") or "").strip() or None,
    }


def load_agency(path: Path) -> AgencyFile:
    """agency.yml, validated against print/agency/agency.schema.json, logo checked (logo_check)."""
    path = Path(path)
    raw = datastore.read_yaml(path)
    if not isinstance(raw, dict):
        raise DataError(path, 1, "", "agency.yml must be a mapping of keys such as name: and state:")
    datastore.validate(path, raw, SCHEMA)
    try:
        agency = normalize(raw, path.parent)
        if agency["logo"] is not None:
            check_logo(agency["logo"])
    except LogoError as exc:
        raise field_error(path, raw, "logo", str(exc)) from None
    return AgencyFile(path, raw, agency)
