"""Checks on the written PDF: page size, page count, type size, and that every
piece of text in the product's HTML made it into the PDF's text."""
from __future__ import annotations

import ctypes
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .errors import BuildError
from .spec import BLEED_IN, Spec

MIN_FONT_PT = 8
TOLERANCE_PT = 0.5


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
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError):
            continue
        texts += ["".join(t.itertext()) for t in root.iter() if t.tag.endswith("}text") or t.tag == "text"]
    return [compact(t) for t in texts if t.strip()]


def compact(text: str) -> str:
    """Text without spaces and invisible format characters (word joiners print nothing)."""
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return re.sub(r"\s+", "", text).casefold()


def expected_size_pt(spec: Spec) -> tuple[float, float]:
    extra = 2 * BLEED_IN if spec.print_shop else 0
    return ((spec.size.width_in + extra) * 72, (spec.size.height_in + extra) * 72)


PDFIUM_LINE_END_HYPHEN = 0x02  # PDFium's code for a "-" printed where a line breaks


def printed_chars(pdf: bytes) -> list[dict]:
    """Every character of the PDF with its printed size in pt. PDFium (pypdfium2) reads a product
    in a hundredth of pdfminer's time; its font size leaves out the text matrix and the page's
    scale (WeasyPrint draws in CSS px, 0.75 pt), so the size is scaled by the char's matrix."""
    chars = []
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            text = page.get_textpage()
            matrix = pdfium_c.FS_MATRIX()
            for index in range(text.count_chars()):
                pdfium_c.FPDFText_GetMatrix(text.raw, index, ctypes.byref(matrix))
                scale = (matrix.c ** 2 + matrix.d ** 2) ** 0.5
                code = pdfium_c.FPDFText_GetUnicode(text.raw, index)
                chars.append({"text": "-" if code == PDFIUM_LINE_END_HYPHEN else chr(code),
                              "size": pdfium_c.FPDFText_GetFontSize(text.raw, index) * scale})
            text.close()
            page.close()
    finally:
        document.close()
    return chars


def check_pdf(spec: Spec, pdf: bytes, html: str) -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    if len(reader.pages) != spec.pages:
        raise BuildError(spec.id, "pages", f"the PDF has {len(reader.pages)} page(s), the spec {spec.pages}")
    want = expected_size_pt(spec)
    for number, page in enumerate(reader.pages, 1):
        got = (float(page.mediabox.width), float(page.mediabox.height))
        if any(abs(g - w) > TOLERANCE_PT for g, w in zip(got, want)):
            raise BuildError(spec.id, "size", f"page {number} is {got[0]:g} × {got[1]:g} pt, "
                                              f"expected {want[0]:g} × {want[1]:g} pt ({spec.size.label})")
    chars = printed_chars(pdf)
    small = compact("".join(c["text"] for c in chars if c["text"].strip() and c["size"] < MIN_FONT_PT - 0.01))
    for art in artwork_text(html):
        small = small.replace(art, "")
    if small:
        sample = small[:40]
        raise BuildError(spec.id, "type size", f"text below {MIN_FONT_PT} pt: {sample!r}")
    printed = compact("".join(c["text"] for c in chars))
    for chunk in text_chunks(html):
        if compact(chunk) not in printed:
            raise BuildError(spec.id, "text", f"this text from the source is missing from the PDF: {chunk!r}")
