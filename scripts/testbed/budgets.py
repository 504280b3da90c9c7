"""The budgets every figure of `make bench` is held to, and the table that reports them.

Times are held to a multiple of the peer, a plain Material build of the same Markdown timed in
the same run (scripts/benchmark/builds.py), since this shared machine's speed drifts; times a
reader or maintainer waits for in any case (the preview, the link check) to seconds as well.
Lighthouse budgets live in lighthouserc.json (its `assert` section), where `lhci` reads them too.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

KB = 1024
MB = 1024 * 1024
GB = 1024 * MB

PEER = "plain Material build (the peer)"
SITE_BUILD = "site-only build (make site)"
FULL_BUILD = "full build (cold, make build)"
SERVE = "serve rebuild after an edit"
LINK_CHECK = "link check, 40 URLs on 8 sites"
PEAK_MEMORY = "peak memory, full build"
GUIDE_PDF_TIME = "guide PDF alone, one edition (cold)"

# name -> (limit, "max" or "min"); names are the keys the bench reports.
BUDGETS: dict[str, tuple[float, str]] = {
    SERVE: (1.5, "max"),
    LINK_CHECK: (20.0, "max"),
    GUIDE_PDF_TIME: (5.0, "max"),   # issue 15: the guide PDF in at most 5 s
    PEAK_MEMORY: (1.5 * GB, "max"),
    "first load, home page": (150 * KB, "max"),
    "first load, heaviest page": (150 * KB, "max"),
    "further page, heaviest": (25 * KB, "max"),
    "guide PDF": (1.5 * MB, "max"),
    "fact sheet PDF": (150 * KB, "max"),
}
# name -> the most it may take, as a multiple of the peer's time.
RATIO_BUDGETS: dict[str, float] = {
    SITE_BUILD: 1.6,
    FULL_BUILD: 10.0,
}


@dataclass
class Figure:
    name: str
    value: float | None       # None: not measured (the note says why)
    unit: str                 # "s", "bytes" or "score"
    limit: float | None = None
    direction: str = "max"
    note: str = ""
    ratio: float | None = None        # a time as a multiple of the peer's
    ratio_limit: float | None = None

    @property
    def ok(self) -> bool | None:
        verdicts = []
        if self.limit is not None and self.value is not None:
            verdicts.append(self.value <= self.limit if self.direction == "max" else self.value >= self.limit)
        if self.ratio_limit is not None and self.ratio is not None:
            verdicts.append(self.ratio <= self.ratio_limit)
        if (self.limit is not None or self.ratio_limit is not None) and self.value is None:
            return None
        return all(verdicts) if verdicts else None

    def as_dict(self) -> dict:
        return {**asdict(self), "ok": self.ok}


def figure(name: str, value: float | None, unit: str, note: str = "", peer: float | None = None) -> Figure:
    """A figure with its budgets from BUDGETS and RATIO_BUDGETS, if it has any; a time given
    the peer's time also carries its ratio to it."""
    limit, direction = BUDGETS.get(name, (None, "max"))
    ratio = value / peer if unit == "s" and value is not None and peer else None
    return Figure(name, value, unit, limit, direction, note, ratio, RATIO_BUDGETS.get(name))


def shown(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "bytes":
        if value >= GB:
            return f"{value / GB:.2f} GB"
        return f"{value / MB:.2f} MB" if value >= MB else f"{value / KB:.1f} KB"
    if unit == "score":
        return f"{value * 100:.0f}"
    return f"{value:g} {unit}"


def budget_text(f: Figure) -> str:
    parts = []
    if f.limit is not None:
        parts.append(("≤ " if f.direction == "max" else "≥ ") + shown(f.limit, f.unit))
    if f.ratio_limit is not None:
        parts.append(f"≤ {f.ratio_limit:g}× peer")
    return ", ".join(parts)


def table(figures: list[Figure]) -> str:
    rows = [("figure", "value", "× peer", "budget", "")]
    for f in figures:
        verdict = {True: "ok", False: "MISSED", None: ""}[f.ok]
        ratio = "" if f.ratio is None else f"{f.ratio:.2f}×"
        rows.append((f.name, shown(f.value, f.unit), ratio, budget_text(f),
                     verdict + (f"  {f.note}" if f.note else "")))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [f"{r[0].ljust(widths[0])}  {r[1].rjust(widths[1])}  {r[2].rjust(widths[2])}  "
             f"{r[3].ljust(widths[3])}  {r[4]}".rstrip() for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def missed(figures: list[Figure]) -> list[Figure]:
    return [f for f in figures if f.ok is False]
