"""Measure text the way it will be drawn, to know whether it fits a box.

The deck uses Arial, which LibreOffice draws with the metric-compatible
Liberation Sans; measuring with that font's real glyph widths tells us how
many lines a name or a bullet takes, instead of guessing from its length.
"""
from __future__ import annotations

from functools import lru_cache

from PIL import ImageFont

from printkit.errors import FitError  # one FitError for the print kit, the deck and the directory

__all__ = ["FitError", "line_count", "text_height", "text_width"]

FONT_FILES = {
    False: "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    True: "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
}
LINE_HEIGHT = 1.2  # of the font size, as PowerPoint and LibreOffice set single spacing


@lru_cache(maxsize=None)
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    # Measured at 100 px per em: widths come out in hundredths of the font size.
    return ImageFont.truetype(FONT_FILES[bold], 100)


def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """Width in points of `text` set on one line."""
    return _font(bold).getlength(text) * size_pt / 100


def line_count(text: str, size_pt: float, width_pt: float, bold: bool = False) -> int:
    """Lines that `text` takes when wrapped at spaces into `width_pt`.

    A single word wider than the box counts as one line per box width it needs,
    since the renderer breaks it anywhere.
    """
    lines, current = 0, ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if text_width(trial, size_pt, bold) <= width_pt:
            current = trial
            continue
        if current:
            lines += 1
        word_width = text_width(word, size_pt, bold)
        extra = int(word_width // width_pt)
        lines += extra
        current = word if extra == 0 else ""
    return lines + (1 if current else 0) or 1


def text_height(text: str, size_pt: float, width_pt: float, bold: bool = False) -> float:
    return line_count(text, size_pt, width_pt, bold) * size_pt * LINE_HEIGHT
