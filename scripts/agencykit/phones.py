"""One way of writing phone numbers everywhere in the kit.

Local numbers read 406-555-0142; toll-free numbers carry the leading 1, as the
national numbers in data/contacts.yml do (1-888-373-7888). The schema has
already checked the shape, so this only rewrites it.
"""
from __future__ import annotations

import re

TOLL_FREE = {"800", "833", "844", "855", "866", "877", "888"}
_EXTENSION = re.compile(r"\s*(?:x|ext\.?)\s*(\d{1,6})\s*$", re.IGNORECASE)


def format_phone(raw: str) -> str:
    """'(406) 555-0142' -> '406-555-0142'; '+1 800 555 0199 x12' -> '1-800-555-0199 ext. 12'."""
    text = raw.strip()
    extension = ""
    match = _EXTENSION.search(text)
    if match:
        extension = f" ext. {match.group(1)}"
        text = text[:match.start()]
    digits = re.sub(r"\D", "", text)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 3:          # 311, 211 and the like
        return digits
    if len(digits) in (5, 6):     # a text short code
        return digits
    if len(digits) != 10:
        raise ValueError(f"not a 10-digit U.S. number: {raw!r}")
    number = f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return ("1-" + number if digits[:3] in TOLL_FREE else number) + extension

