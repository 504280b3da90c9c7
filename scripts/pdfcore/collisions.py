"""Text that lands on other text, or runs off the sheet: part of the overflow check of every
PDF (checks.check_layout). A box that grows past its column in WeasyPrint is drawn anyway, over
its neighbour or past the page edge, and every other check passes; this finds it.

Each piece of ink is a text run (clipped to its line, so that a line set tighter than the
font's own height does not touch the next) or an image (the logo, a QR code). Two pieces
collide when they share more than COLLIDE_PT in both directions; a piece runs off when it
comes closer than EDGE_IN to the trimmed sheet's edge.
"""
from __future__ import annotations

from dataclasses import dataclass

from .problem import Problem

COLLIDE_PT = 0.75
EDGE_IN = 0.1
PX_PER_PT, PX_PER_IN = 4 / 3, 96
INK = ("TextBox", "InlineReplacedBox", "BlockReplacedBox")


@dataclass(frozen=True)
class Ink:
    left: float
    top: float
    right: float
    bottom: float
    what: str  # the text, or "an image"
    field: str | None  # the agency.yml field of the nearest element that names one


def _boxes(box, ancestors=()):
    yield box, ancestors
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child, (*ancestors, box))


def _field(boxes) -> str | None:
    for box in reversed(boxes):
        element = getattr(box, "element", None)
        if element is not None and element.get("data-field"):
            return element.get("data-field")
    return None


def _ink(box, ancestors) -> Ink | None:
    kind = type(box).__name__
    if kind not in INK or (kind == "TextBox" and not box.text.strip()):
        return None
    if kind == "TextBox":
        top, bottom = box.position_y, box.position_y + box.height
        line = next((a for a in reversed(ancestors) if type(a).__name__ == "LineBox"), None)
        if line is not None:  # the line's own height, not the font's
            top, bottom = max(top, line.position_y), min(bottom, line.position_y + line.height)
        return Ink(box.position_x, top, box.position_x + box.width, bottom, repr(box.text.strip()[:40]),
                   _field(ancestors))
    left, top = box.content_box_x(), box.content_box_y()
    return Ink(left, top, left + box.width, top + box.height, "an image", _field((*ancestors, box)))


def page_ink(page_box) -> list[Ink]:
    return [ink for box, ancestors in _boxes(page_box) if (ink := _ink(box, ancestors))]


def _shared(a: Ink, b: Ink) -> float:
    """How far two pieces overlap in the lesser direction (px); 0 or less when apart."""
    return min(min(a.right, b.right) - max(a.left, b.left), min(a.bottom, b.bottom) - max(a.top, b.top))


def collisions(page_box) -> list[tuple[Ink, Ink]]:
    """Pairs of ink that overlap, found in one sweep down the page."""
    inks = sorted(page_ink(page_box), key=lambda ink: ink.top)
    found = []
    for i, a in enumerate(inks):
        for b in inks[i + 1:]:
            if b.top >= a.bottom:
                break
            if _shared(a, b) > COLLIDE_PT * PX_PER_PT:
                found.append((a, b))
    return found


def off_sheet(page_box) -> list[Ink]:
    edge = EDGE_IN * PX_PER_IN
    width, height = page_box.margin_width(), page_box.margin_height()
    return [ink for ink in page_ink(page_box)
            if ink.left < edge or ink.top < edge or ink.right > width - edge or ink.bottom > height - edge]


def check(document) -> list[Problem]:
    """One problem per page where text collides or runs off, naming an agency field if one is
    involved (the field's own text first)."""
    problems = []
    for number, page in enumerate(document.pages, 1):
        for a, b in collisions(page._page_box)[:1]:
            problems.append(Problem("overflow", a.field or b.field,
                                    f"page {number}: {a.what} runs into {b.what}"))
        for ink in off_sheet(page._page_box)[:1]:
            problems.append(Problem("overflow", ink.field,
                                    f"page {number}: {ink.what} runs off the sheet (or within {EDGE_IN} in of its edge)"))
    return problems
