"""Files in a staging folder that become real only when every product built."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

# The print kit page shows previews 240 CSS px wide: a 1x PNG for most agency desktops, and a 2x
# one (srcset) that only high-density screens download.
PREVIEW_WIDTH_PX = 240
# Print products use few colours; a small palette keeps text crisp at a third of the bytes. The
# 1x preview is scaled down from the 2x one, which leaves fewer distinct greys worth keeping.
PREVIEW_COLOURS = {1: 16, 2: 48}


def preview_2x(png: Path) -> Path:
    """The double-density twin of a preview: fact-sheet.png -> fact-sheet-2x.png."""
    return png.with_name(f"{png.stem}-2x.png")


def preview_png(pdf: Path, png: Path, width_in: float, height_in: float) -> None:
    """PNGs of the first page for the print-kit page: rendered once at 2x (pdftoppm, from
    poppler-utils) and scaled down for 1x, which also smooths the small one's text. Heights are
    rounded as the page's <img height> is, so neither is stretched."""
    twin = preview_2x(png)
    sizes = {scale: (scale * PREVIEW_WIDTH_PX, round(scale * PREVIEW_WIDTH_PX * height_in / width_in)) for scale in (1, 2)}
    subprocess.run(["pdftoppm", "-png", "-f", "1", "-l", "1", "-singlefile", "-scale-to-x", str(sizes[2][0]),
                    "-scale-to-y", str(sizes[2][1]), str(pdf), str(twin.with_suffix(""))], check=True, capture_output=True)
    with Image.open(twin) as image:
        large = image.convert("RGB")
    small = large.resize(sizes[1], Image.Resampling.BOX)
    for image, path, scale in ((large, twin, 2), (small, png, 1)):
        palette = image.quantize(PREVIEW_COLOURS[scale], method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        palette.save(path, "PNG", optimize=True)


class Staging:
    """Write into a hidden folder beside the target; `commit()` moves each file with os.replace.

    Used as a context manager: leaving it by an exception removes the folder, so a
    failed build leaves neither partial PDFs nor stray files behind.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.created_out_dir = not out_dir.exists()

    def __enter__(self) -> "Staging":
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix=".printkit-", dir=self.out_dir))
        return self

    def path(self, name: str) -> Path:
        return self.dir / name

    def commit(self) -> None:
        for item in sorted(self.dir.iterdir()):
            os.replace(item, self.out_dir / item.name)

    def __exit__(self, exc_type, exc, tb) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
        if exc_type is not None and self.created_out_dir and not any(self.out_dir.iterdir()):
            self.out_dir.rmdir()
