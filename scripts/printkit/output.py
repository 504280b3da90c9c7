"""Files in a staging folder that become real only when every product built."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

PREVIEW_WIDTH_PX = 480
# Print products use few colours; a 48-colour palette keeps text crisp at a third of the bytes,
# which keeps the print kit page within its page-weight budget.
PREVIEW_COLOURS = 48


def preview_png(pdf: Path, png: Path, width_in: float) -> None:
    """A PNG of the first page for the print-kit page (pdftoppm, from poppler-utils)."""
    dpi = max(20, round(PREVIEW_WIDTH_PX / width_in))
    stem = png.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-f", "1", "-l", "1", "-singlefile", "-r", str(dpi), str(pdf), str(stem)],
                   check=True, capture_output=True)
    with Image.open(png) as image:
        palette = image.convert("RGB").quantize(PREVIEW_COLOURS, method=Image.Quantize.MEDIANCUT,
                                                dither=Image.Dither.NONE)
    palette.save(png, "PNG", optimize=True)


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
