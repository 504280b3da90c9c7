"""The checks every PDF we make passes, products, directory sheet and guide alike:

- pages: the page count is what the input expects;
- size: every page has the expected size;
- overflow: no box marked `data-fit` spills, no element takes more than its `data-max-lines`
  (WeasyPrint clips or drops content that overflows a fixed box without a word), and no text
  runs into other text or an image, or off the sheet (collisions.py);
- text: every piece of text of the HTML is laid out, and is in the written PDF's text;
- type size: no text printed below the 8 pt floor.

`check_layout` runs on the laid-out document (cheap enough to run again while finding which
field does not fit), `check_pdf` on the written bytes. Elements showing agency text carry
`data-field` (the agency.yml field), so a problem can name it.
"""
from __future__ import annotations

import ctypes
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import defusedxml.ElementTree as SafeET
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import weasyprint

from . import collisions
from .problem import Problem

MIN_FONT_PT = 8
TOLERANCE_PT = 0.5
EPSILON = 0.5  # CSS px: rounding in the layout
CHECKS = ("pages", "size", "overflow", "text", "type size")


@dataclass(frozen=True)
class Expect:
    """What one PDF must be: its name for messages, page size in pt, and page count."""

    name: str
    size_pt: tuple[float, float]
    size_label: str
    pages: tuple[int, int]  # at least, at most
    pages_rule: str  # where the count comes from, for the message: "its spec in … says 2"


class _TextChunks(HTMLParser):
    """Text nodes of the body, without <title>, <style> and SVG (the QR code's title)."""

    SKIP = {"title", "style", "svg", "script"}

    def __init__(self):
        super().__init__()
        self.depth, self.chunks = 0, []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.chunks.append(" ".join(data.split()))


def text_chunks(html: str) -> list[str]:
    parser = _TextChunks()
    parser.feed(html)
    return parser.chunks


def artwork_text(html: str) -> list[str]:
    """Text drawn inside SVG images (an agency's logo lettering): artwork, not body text."""
    texts = []
    for src in re.findall(r'<img[^>]+src="([^"]+\.svg)"', html):
        path = Path(unquote(urlparse(src).path)) if src.startswith("file:") else Path(src)
        try:
            root = SafeET.parse(path).getroot()  # an agency's file: no DTD, no entities
        except (OSError, SafeET.ParseError, ValueError):  # ValueError: defusedxml's refusals
            continue
        texts += ["".join(t.itertext()) for t in root.iter() if t.tag.endswith("}text") or t.tag == "text"]
    return [compact(t) for t in texts if t.strip()]


def compact(text: str) -> str:
    """Text without spaces and invisible format characters (word joiners print nothing)."""
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return re.sub(r"\s+", "", text).casefold()


def first_missing(chunks: list[str], printed: str) -> str | None:
    """The first chunk not in the printed text. Chunks mostly come in order, so each is looked
    for after the previous one first: a 75-page guide is one pass, not one per chunk."""
    position = 0
    for chunk in chunks:
        wanted = compact(chunk)
        found = printed.find(wanted, position)
        if found < 0:
            found = printed.find(wanted)
            if found < 0:
                return chunk
        else:
            position = found + len(wanted)
    return None


# -- on the laid-out document ------------------------------------------------------------

def _generated(box, ancestors) -> bool:
    """Text the layout makes, not the HTML: running heads and page numbers (margin boxes) and
    list markers. Left in, it would split a paragraph that runs over a page break."""
    return any(type(a).__name__ == "MarginBox" or str(getattr(a, "element_tag", "")).endswith("::marker")
               for a in (*ancestors, box))


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
    for box, ancestors in descendants_of:
        if not hasattr(box, "position_y") or box is container:
            continue
        text = type(box).__name__ in ("LineBox", "TextBox", "InlineReplacedBox", "BlockReplacedBox")
        if text and (box.position_y + box.height > limit_bottom or box.position_x + box.width > limit_right):
            return [Problem("overflow", _field_of(box, ancestors), f"text overflows {_describe(container)}")]
    return []


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
    laid_out = compact("".join(box.text for page in document.pages for box, ancestors in _walk(page._page_box)
                               if type(box).__name__ == "TextBox" and not _generated(box, ancestors)))
    missing = first_missing(text_chunks(html), laid_out)
    return [Problem("text", None, f"this text is cut off: {missing[:60]!r}")] if missing else []


def _page_count(count: int, expect: Expect) -> list[Problem]:
    low, high = expect.pages
    if low <= count <= high:
        return []
    return [Problem("pages", None, f"runs to {count} page(s); {expect.pages_rule}")]


def check_layout(document: weasyprint.Document, html: str, expect: Expect) -> list[Problem]:
    problems = lost_text(document, html) + _page_count(len(document.pages), expect)
    for number, page in enumerate(document.pages, 1):
        page_box = page._page_box
        for box, ancestors in _walk(page_box):
            if _attr(box, "data-fit") and type(box).__name__ != "LineBox":
                inside = ((b, a) for b, a in _walk(box, ancestors))
                problems += [Problem(p.check, p.field, f"page {number}: {p.message}") for p in _overflow(box, inside)]
        for element, (lines, box, ancestors) in _line_counts(page_box).items():
            allowed = int(element.get("data-max-lines"))
            if lines > allowed:
                problems.append(Problem("overflow", _field_of(box, ancestors),
                                        f"page {number}: {_describe(box)} takes {lines} lines (at most {allowed})"))
    return problems + collisions.check(document)


# -- on the written PDF --------------------------------------------------------------------

# PDFium's codes for a "-" printed where a line breaks: per character, and in a page's text.
PDFIUM_LINE_END_HYPHENS = str.maketrans({"\x02": "-", "\ufffe": "-"})


def _times(m, n) -> tuple:
    """The linear part of two PDF matrices, m then n (a, b, c, d)."""
    return (m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
            m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3])


def _text_runs(objects, count: int, text_page, outer: tuple) -> list[tuple[str, float]]:
    """(text, printed size in pt) of every text object, inside form XObjects too. PDFium's font
    size leaves out the object's matrix and the page's scale (WeasyPrint draws in CSS px,
    0.75 pt), so it is scaled by the matrices the object is drawn with."""
    runs, matrix, size = [], pdfium_c.FS_MATRIX(), ctypes.c_float()
    for index in range(count):
        obj = objects(index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind not in (pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_FORM):
            continue
        pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
        total = _times((matrix.a, matrix.b, matrix.c, matrix.d), outer)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            runs += _text_runs(lambda i, form=obj: pdfium_c.FPDFFormObj_GetObject(form, i),
                               pdfium_c.FPDFFormObj_CountObjects(obj), text_page, total)
            continue
        pdfium_c.FPDFTextObj_GetFontSize(obj, ctypes.byref(size))
        length = pdfium_c.FPDFTextObj_GetText(obj, text_page, None, 0)
        buffer = ctypes.create_string_buffer(length)
        pdfium_c.FPDFTextObj_GetText(obj, text_page, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), length)
        text = buffer.raw[:max(0, length - 2)].decode("utf-16-le", errors="replace").translate(PDFIUM_LINE_END_HYPHENS)
        runs.append((text, size.value * (total[2] ** 2 + total[3] ** 2) ** 0.5))
    return runs


@dataclass(frozen=True)
class PrintedPage:
    size_pt: tuple[float, float]
    text: str  # as a reader copies it, lines joined
    runs: list[tuple[str, float]]  # (text, printed size in pt) per text object


def printed_pages(pdf: bytes) -> list[PrintedPage]:
    """Each page's size, text and text sizes, read with PDFium (pypdfium2): a 75-page guide in a
    fraction of a second, where pdfminer or a loop over each character takes seconds."""
    pages = []
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            text_page = page.get_textpage()
            text = text_page.get_text_range().translate(PDFIUM_LINE_END_HYPHENS)
            runs = _text_runs(lambda i, raw=page.raw: pdfium_c.FPDFPage_GetObject(raw, i),
                              pdfium_c.FPDFPage_CountObjects(page.raw), text_page.raw, (1, 0, 0, 1))
            pages.append(PrintedPage(tuple(page.get_size()), text, runs))
            text_page.close()
            page.close()
    finally:
        document.close()
    return pages


def furniture_texts(document: weasyprint.Document) -> list[list[str]]:
    """Each page's generated text, which the HTML does not hold: running heads and page numbers
    (margin boxes) and list markers. PDFium reads them after the page's body, so left in they
    would split a paragraph that runs over a page break."""
    return [[box.text for box, ancestors in _walk(page._page_box)
             if type(box).__name__ == "TextBox" and _generated(box, ancestors)]
            for page in document.pages]


def _body_text(page: PrintedPage, furniture: list[str]) -> str:
    """A printed page's text (compacted) without its generated text, taken from the end."""
    text = compact(page.text)
    for item in reversed([compact(item) for item in furniture]):
        at = text.rfind(item) if item else -1
        if at >= 0:
            text = text[:at] + text[at + len(item):]
    return text


def check_pdf(pdf: bytes, html: str, expect: Expect, furniture: list[list[str]] | None = None) -> list[Problem]:
    """Page count and size, type size and text of the written PDF; `furniture` is
    furniture_texts() of the document it was written from."""
    pages = printed_pages(pdf)
    low, high = expect.pages
    if not low <= len(pages) <= high:
        return [Problem("pages", None, f"the PDF has {len(pages)} page(s), {expect.pages_rule}")]
    want = expect.size_pt
    for number, page in enumerate(pages, 1):
        got = page.size_pt
        if any(abs(g - w) > TOLERANCE_PT for g, w in zip(got, want)):
            return [Problem("size", None, f"page {number} is {got[0]:g} × {got[1]:g} pt, "
                                          f"expected {want[0]:g} × {want[1]:g} pt ({expect.size_label})")]
    small = compact("".join(text for page in pages for text, size in page.runs if size < MIN_FONT_PT - 0.01))
    for art in artwork_text(html):
        small = small.replace(art, "")
    if small:
        return [Problem("type size", None, f"text below {MIN_FONT_PT} pt: {small[:40]!r}")]
    furniture = furniture or [[] for _ in pages]
    missing = first_missing(text_chunks(html), "".join(_body_text(page, furniture[i]) for i, page in enumerate(pages)))
    if missing:
        return [Problem("text", None, f"this text from the source is missing from the PDF: {missing!r}")]
    return []
