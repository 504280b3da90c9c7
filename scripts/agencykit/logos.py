"""A PNG of the agency's logo, for the deck (PowerPoint files cannot rely on SVG).

An SVG logo is drawn by WeasyPrint (through the PDF core, which reads nothing but the logo's
own folder) onto a PDF page and rasterized by Poppler's
pdftocairo with a transparent background; the empty margin is then trimmed.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image

import pdfcore

RENDER_INCHES = 4
RENDER_DPI = 150


def logo_png(logo: Path, work_dir: Path) -> Path:
    if logo.suffix.lower() == ".png":
        return logo
    pdf = work_dir / "logo.pdf"
    html = (f"<style>@page {{ size: {RENDER_INCHES}in; margin: 0 }}"
            "html, body { margin: 0; height: 100% }"
            "img { width: 100%; height: 100%; object-fit: contain; display: block }</style>"
            f'<img src="{logo.resolve().as_uri()}" alt="">')
    folder = logo.resolve().parent
    document = pdfcore.layout(html, name=f"logo {logo.name}", base_dir=folder, roots=[folder])
    pdf.write_bytes(pdfcore.pdf_bytes(document, "cst-kit-logo"))
    stem = work_dir / "logo"
    subprocess.run(["pdftocairo", "-png", "-transp", "-singlefile", "-r", str(RENDER_DPI), str(pdf), str(stem)],
                   check=True, capture_output=True)
    png = stem.with_suffix(".png")
    with Image.open(png) as image:
        bbox = image.getbbox()
        if bbox:
            image.crop(bbox).save(png)
    return png
