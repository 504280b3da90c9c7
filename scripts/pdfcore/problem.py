"""One finding of the PDF checks (scripts/pdfcore/checks.py)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    check: str  # one of checks.CHECKS
    field: str | None  # agency.yml field shown in the box, if any
    message: str
