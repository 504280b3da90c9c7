"""Checks on the laid-out document: page count, boxes that overflow, lines per element.

WeasyPrint can clip or drop content that overflows a fixed box without a word,
so the build walks the layout boxes: every box marked `data-fit` must hold its
content, and every element with `data-max-lines` must take no more lines.
Elements showing agency text carry `data-field` (the agency.yml field).
"""
from __future__ import annotations

from dataclasses import dataclass

import weasyprint

from .spec import Spec
from .verify import compact, text_chunks

EPSILON = 0.5  # CSS px: rounding in the layout


@dataclass(frozen=True)
class Problem:
    field: str | None  # agency.yml field shown in the box, if any
    message: str


def _walk(box, ancestors=()):
    yield box, ancestors
    for child in getattr(box, "children", []) or []:
        yield from _walk(child, ancestors + (box,))


def _element(box):
    return getattr(box, "element", None)


def _attr(box, name: str):
    element = _element(box)
    return element.get(name) if element is not None else None


def _field_of(box, ancestors) -> str | None:
    for b in (box, *reversed(ancestors)):
        if _attr(b, "data-field"):
            return _attr(b, "data-field")
    return None


def _bottom(box) -> float:
    return box.position_y + box.margin_height() if hasattr(box, "margin_height") else box.position_y + box.height


def _right(box) -> float:
    return box.position_x + (box.margin_width() if hasattr(box, "margin_width") else box.width)


def _describe(box) -> str:
    element = _element(box)
    if element is None:
        return "a box"
    label = element.get("data-fit") or element.get("id") or element.get("class") or element.tag
    return f"<{element.tag}> {label!r}"


def _overflow(container, descendants_of) -> list[Problem]:
    """Descendants that reach past the container's content box (padding included)."""
    limit_bottom = container.content_box_y() + container.height + container.padding_bottom + EPSILON
    limit_right = container.content_box_x() + container.width + container.padding_right + EPSILON
    out = []
    for box, ancestors in descendants_of:
        if not hasattr(box, "position_y") or box is container:
            continue
        text = type(box).__name__ in ("LineBox", "TextBox", "InlineReplacedBox", "BlockReplacedBox")
        if text and (box.position_y + box.height > limit_bottom or box.position_x + box.width > limit_right):
            out.append(Problem(_field_of(box, ancestors), f"text overflows {_describe(container)}"))
            break
    return out


def _line_counts(page_box) -> dict:
    """{element: (lines, box, ancestors)} for elements with data-max-lines, summed over fragments."""
    counts = {}
    for box, ancestors in _walk(page_box):
        element = _element(box)
        if element is None or not element.get("data-max-lines") or type(box).__name__ == "LineBox":
            continue
        lines = sum(1 for child in getattr(box, "children", []) if type(child).__name__ == "LineBox")
        previous = counts.get(element, (0, box, ancestors))[0]
        counts[element] = (previous + lines, box, ancestors)
    return counts


def lost_text(document: weasyprint.Document, html: str) -> list[Problem]:
    """Text of the HTML that no page holds: a box with overflow hidden drops what it can't fit."""
    laid_out = compact("".join(box.text for page in document.pages for box, _ in _walk(page._page_box)
                               if type(box).__name__ == "TextBox"))
    for chunk in text_chunks(html):
        if compact(chunk) not in laid_out:
            return [Problem(None, f"this text is cut off: {chunk[:60]!r}")]
    return []


def check(spec: Spec, document: weasyprint.Document, html: str) -> list[Problem]:
    problems = lost_text(document, html)
    if len(document.pages) != spec.pages:
        problems.append(Problem(None, f"runs to {len(document.pages)} page(s); its spec in "
                                      f"data/print/products.yml says {spec.pages}"))
    for number, page in enumerate(document.pages, 1):
        page_box = page._page_box
        for box, ancestors in _walk(page_box):
            if _attr(box, "data-fit") and type(box).__name__ != "LineBox":
                inside = ((b, a) for b, a in _walk(box, ancestors))
                problems += [Problem(p.field, f"page {number}: {p.message}") for p in _overflow(box, inside)]
        for element, (lines, box, ancestors) in _line_counts(page_box).items():
            allowed = int(element.get("data-max-lines"))
            if lines > allowed:
                problems.append(Problem(_field_of(box, ancestors),
                                        f"page {number}: {_describe(box)} takes {lines} lines (at most {allowed})"))
    return problems
