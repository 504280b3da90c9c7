"""Shared by tests/test_kit.py and tests/test_kit_zip.py: example agencies and text helpers."""
from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import pdfplumber
from pptx import Presentation

from conftest import ROOT

from agencykit.agency import load_agency

EXAMPLES = sorted(p.parent.name for p in (ROOT / "examples").glob("*/agency.yml"))
SITE_URL = "https://cst-guide.github.io/web-edition/"
LONG_NAME = (("Riverbend Police Department Regional Child Exploitation and Human Trafficking "
              "Investigations Bureau ") * 4)[:300].strip()
WIDE_NAME = ("WMWMWMWMWM " * 6)[:64].strip()  # within the schema's limit, wider than any product allows


def squash(text: str) -> str:
    """Text with line breaks and curly apostrophes evened out, for searching PDFs."""
    return " ".join(text.replace("’", "'").split())


def pdf_text(path: Path) -> str:
    """The text in the order it was written (document order), so side-by-side blocks don't interleave."""
    with pdfplumber.open(path) as pdf:
        return squash(" ".join(page.extract_text(use_text_flow=True) or "" for page in pdf.pages))


def pdf_shape(path: Path) -> list[tuple[int, int]]:
    """The size of every page, in whole points."""
    with pdfplumber.open(path) as pdf:
        return [(round(p.width), round(p.height)) for p in pdf.pages]


def deck_text(pptx_path: Path) -> list[str]:
    """Each slide's text: its text boxes, then its table cells."""
    out = []
    for slide in Presentation(str(pptx_path)).slides:
        boxes = " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        cells = " ".join(cell.text for shape in slide.shapes if shape.has_table
                         for row in shape.table.rows for cell in row.cells)
        out.append(squash(f"{boxes} {cells}"))
    return out


def agency_of(name: str) -> dict:
    return load_agency(ROOT / "examples" / name / "agency.yml").agency


def local_number(agency: dict) -> str:
    return agency["tip_line"].get("phone") or agency["non_emergency"]


def bad_copy(tmp_path: Path, old: str, new: str) -> Path:
    """The Riverbend example with one line changed, next to a copy of its logo."""
    source = ROOT / "examples" / "riverbend-police"
    shutil.copy(source / "logo.svg", tmp_path / "logo.svg")
    text = (source / "agency.yml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "agency.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_with(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def png_bytes(width: int, height: int) -> bytes:
    """A valid black-and-white PNG of any size, compressed row by row (a 30,000-pixel square is
    about 110 KB on disk): built without ever holding the pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    packer, row = zlib.compressobj(9), b"\0" * (1 + (width + 7) // 8)
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
