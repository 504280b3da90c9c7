"""Read an agency.yml, check it, and turn it into the dict the print kit takes.

Every problem becomes a datastore.DataError naming the file, the line and the
field, so a trainer can fix agency.yml without reading Python.
"""
from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

import datastore
from datastore import DataError

from .phones import format_phone

SCHEMA = datastore.ROOT / "print" / "agency" / "agency.schema.json"
PARTNER_KEYS = ("task_force", "cps", "victim_services", "prosecutor", "fusion_center")
PARTNER_LABELS = {
    "task_force": "Human trafficking / child exploitation task force",
    "cps": "Child protective services",
    "victim_services": "Victim services",
    "prosecutor": "Prosecutor",
    "fusion_center": "Fusion center",
}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass
class AgencyFile:
    """A checked agency.yml: `agency` is what the print kit takes, `raw` keeps the lines."""

    path: Path
    raw: Any
    agency: dict

    def error(self, field: str, problem: str) -> DataError:
        """A DataError pointing at `field` ('name', 'partners.cps.phone') in this file."""
        steps = field.split(".")
        return DataError(self.path, datastore.line_of(self.raw, steps), f"field {field}", problem)

    @property
    def slug(self) -> str:
        return slugify(self.agency["name"])


def slugify(text: str) -> str:
    """"Cold Creek County Sheriff's Office" -> "cold-creek-county-sheriffs-office"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-") or "agency"


def check_logo(path: Path) -> str:
    """'' when `path` is a usable PNG or SVG, else what is wrong with it."""
    if not path.is_file():
        return f"logo file not found: {path}"
    head = path.read_bytes()[:512]
    if path.suffix.lower() == ".png":
        if not head.startswith(PNG_MAGIC):
            return f"{path.name} is not a PNG image (its first bytes are not a PNG signature)"
        try:
            with Image.open(path) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError) as exc:
            return f"{path.name} is a damaged PNG image ({exc})"
        return ""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        return f"{path.name} is not an SVG image (not valid XML: {exc})"
    if root.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
        return f"{path.name} is not an SVG image (its root element is <{root.tag}>, not <svg>)"
    return ""


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
        "logo": (base / raw["logo"]).resolve() if raw.get("logo") else None,
        "state": raw["state"],
        "tip_line": {k: tip_line.get(k) for k in ("phone", "text", "web")},
        "non_emergency": format_phone(raw["non_emergency"]),
        "web": raw.get("web"),
        "partners": partners,
        "state_law_note": (raw.get("state_law_note") or "").strip() or None,
    }


def load_agency(path: Path) -> AgencyFile:
    """agency.yml, validated against print/agency/agency.schema.json, logo checked."""
    path = Path(path)
    raw = datastore.read_yaml(path)
    if not isinstance(raw, dict):
        raise DataError(path, 1, "", "agency.yml must be a mapping of keys such as name: and state:")
    datastore.validate(path, raw, SCHEMA)
    file = AgencyFile(path, raw, normalize(raw, path.parent))
    logo = file.agency["logo"]
    if logo is not None:
        problem = check_logo(logo)
        if problem:
            raise file.error("logo", problem)
    return file
