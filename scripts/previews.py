"""PNG pictures of a print product's first page for the Print kit page: a preview at print size
and two thumbnails. The page's <img> sizes come from `preview_sizes` too (scripts/macros.py)."""
from __future__ import annotations

import io
import subprocess
from pathlib import Path

import oxipng
from PIL import Image

# The print kit page shows each product as a thumbnail 96 CSS px wide (a 1x PNG, and a 2x one that
# only high-density screens fetch) linking to a preview at print size: 96 px to the inch, so it is
# as large on a standard screen as on paper, and readable. Eight thumbnails this small keep the
# page inside its weight budgets (scripts/testbed/budgets.py); the previews load on a click.
THUMB_WIDTH_PX = 96
PREVIEW_PX_PER_IN = 96
# Print products use few colours, so a small palette keeps text crisp at a fraction of the bytes.
# Octree keeps the accent colours (gold rules, red "Not:" lines) at 32 colours; at 10 it washes
# out text, and maximum coverage keeps more of it.
PALETTES = {"preview": (32, Image.Quantize.FASTOCTREE), "thumb-2x": (32, Image.Quantize.FASTOCTREE),
            "thumb": (10, Image.Quantize.MAXCOVERAGE)}


def preview_files(preview: Path) -> dict[str, Path]:
    """The PNGs made for one product: fact-sheet.png (print size), fact-sheet-thumb.png and
    fact-sheet-thumb-2x.png."""
    return {"preview": preview, "thumb": preview.with_name(f"{preview.stem}-thumb.png"),
            "thumb-2x": preview.with_name(f"{preview.stem}-thumb-2x.png")}


def preview_sizes(width_in: float, height_in: float) -> dict[str, tuple[int, int]]:
    """Pixel sizes, heights rounded as the page's <img height> is, so none is stretched."""
    def size(width_px: float) -> tuple[int, int]:
        return round(width_px), round(width_px * height_in / width_in)
    return {"preview": size(width_in * PREVIEW_PX_PER_IN), "thumb": size(THUMB_WIDTH_PX),
            "thumb-2x": size(2 * THUMB_WIDTH_PX)}


def preview_pngs(pdf: Path, preview: Path, width_in: float, height_in: float) -> None:
    """PNGs of the first page: rendered once at print size (pdftoppm, from poppler-utils, as raw
    PPM: its own PNG encoder is ten times slower); the thumbnails are scaled down from it, which
    also smooths their text. The thumbnails, which every visit to the page loads, are squeezed
    further with oxipng; the preview loads only on a click."""
    files, sizes = preview_files(preview), preview_sizes(width_in, height_in)
    width, height = sizes["preview"]
    ppm = subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-singlefile", "-scale-to-x", str(width),
                          "-scale-to-y", str(height), str(pdf)], check=True, capture_output=True).stdout
    with Image.open(io.BytesIO(ppm)) as image:
        full = image.convert("RGB")
    for name, path in files.items():
        image = full if name == "preview" else full.resize(sizes[name], Image.Resampling.BOX)
        colours, method = PALETTES[name]
        buffer = io.BytesIO()
        image.quantize(colours, method=method, dither=Image.Dither.NONE).save(buffer, "PNG", optimize=name != "preview")
        data = buffer.getvalue()
        path.write_bytes(data if name == "preview" else oxipng.optimize_from_memory(data, level=2))
