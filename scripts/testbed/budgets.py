"""The budgets every figure of `make bench` is held to, and the table that reports them.

Lighthouse budgets live in lighthouserc.json (its `assert` section), where `lhci` reads them too.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

KB = 1024
MB = 1024 * 1024

# name -> (limit, "max" or "min"); names are the keys the bench reports.
BUDGETS: dict[str, tuple[float, str]] = {
    "full build (cold, make build)": (20.0, "max"),
    "serve rebuild after an edit": (1.5, "max"),
    "first load, home page": (150 * KB, "max"),
    "first load, heaviest page": (150 * KB, "max"),
    "further page, heaviest": (25 * KB, "max"),
    "guide PDF": (1.5 * MB, "max"),
    "fact sheet PDF": (150 * KB, "max"),
}


@dataclass
class Figure:
    name: str
    value: float | None       # None: not measured (the note says why)
    unit: str                 # "s", "bytes" or "score"
    limit: float | None = None
    direction: str = "max"
    note: str = ""

    @property
    def ok(self) -> bool | None:
        if self.limit is None or self.value is None:
            return None
        return self.value <= self.limit if self.direction == "max" else self.value >= self.limit

    def as_dict(self) -> dict:
        return {**asdict(self), "ok": self.ok}


def figure(name: str, value: float | None, unit: str, note: str = "") -> Figure:
    """A figure with its budget from BUDGETS, if it has one."""
    limit, direction = BUDGETS.get(name, (None, "max"))
    return Figure(name, value, unit, limit, direction, note)


def shown(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "bytes":
        return f"{value / MB:.2f} MB" if value >= MB else f"{value / KB:.1f} KB"
    if unit == "score":
        return f"{value * 100:.0f}"
    return f"{value:g} {unit}"


def table(figures: list[Figure]) -> str:
    rows = [("figure", "value", "budget", "")]
    for f in figures:
        budget = "" if f.limit is None else ("≤ " if f.direction == "max" else "≥ ") + shown(f.limit, f.unit)
        verdict = {True: "ok", False: "MISSED", None: ""}[f.ok]
        rows.append((f.name, shown(f.value, f.unit), budget, verdict + (f"  {f.note}" if f.note else "")))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"{r[0].ljust(widths[0])}  {r[1].rjust(widths[1])}  {r[2].ljust(widths[2])}  {r[3]}".rstrip()
             for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def missed(figures: list[Figure]) -> list[Figure]:
    return [f for f in figures if f.ok is False]
