"""The kit's README and the zip, written whole or not at all."""
from __future__ import annotations

import os
import re
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import i18n
import settings


@dataclass
class KitFile:
    """One file of the kit: where it is now, its name in the zip, and what to say about it."""

    source: Path
    arcname: str
    title: str
    size: str
    pages: int | None = None
    unit: str = "page"  # "slide" for the deck

    @property
    def description(self) -> str:
        pages = f"; {self.pages} {self.unit}{'s' if self.pages != 1 else ''}" if self.pages else ""
        return f"{self.title}; {self.size}{pages}"


README_NAME = "README.txt"
# Formats that are compressed already: deflating them again costs time and saves 4-5 %.
COMPRESSED = (".pdf", ".png", ".jpg", ".jpeg", ".pptx", ".zip", ".gz", ".woff2")
README_LINE = re.compile(r"^- (\S+): ")


def language_folder(lang: str) -> str:
    """Where a language's files go in the zip: English at the top, another language in its folder."""
    return "" if lang == i18n.DEFAULT else f"{lang}/"


def readme_text(files: list[KitFile], agency_name: str, site_url: str, built: str,
                languages: list[str] | None = None) -> str:
    """`languages`: the kit's, first one first (its folder holds the bilingual posters)."""
    languages = languages or [i18n.DEFAULT]
    lines = [
        f"Child sex trafficking kit for {agency_name}",
        "=" * (30 + len(agency_name)),
        "",
        "Print products, a training deck and a local resource directory, built from the web",
        "edition of Combating Child Sex Trafficking: A Guide for Law Enforcement Leaders",
        f"(IACP and U.S. DOJ COPS Office, 2016): {site_url}",
        f"Built {built}. National numbers come from the web edition's contact list; local",
        "numbers from the agency's agency.yml. Check both before you print.",
        "",
        "Contents (file: what it is; paper size; pages)",
        "",
    ]
    lines += [f"- {f.arcname}: {f.description}" for f in files]
    for lang in sorted({f.arcname.split("/", 1)[0] for f in files} & set(i18n.LANGUAGES)):
        # A language's folder, said in English and in that language.
        lines += ["", *(i18n.print_text("kit_readme_folder", said, folder=f"{lang}/")
                        for said in dict.fromkeys((i18n.DEFAULT, lang)))]
    if len(languages) > 1:  # where the bilingual posters are, said in each of the kit's languages
        lines += ["", *(i18n.print_text("kit_readme_bilingual", said, folder=language_folder(languages[0]))
                        for said in languages)]
    lines += [
        "",
        "Printing",
        "",
        "- Files under print/ are for an office printer: print at 100% (\"actual size\").",
        "- Files under print-shop/ add 0.125 in bleed and crop marks; give them to a print shop",
        "  and ask them to trim to the paper size listed.",
        "- The training deck opens in PowerPoint and LibreOffice Impress; every slide has",
        "  speaker notes with the sources.",
        "",
    ]
    return "\n".join(lines)


def readme_entries(text: str) -> list[str]:
    """The file names a README lists, in order."""
    return [m.group(1) for line in text.splitlines() if (m := README_LINE.match(line))]


def _zip_time() -> tuple:
    """Entry dates from SOURCE_DATE_EPOCH, so the same sources give the same zip."""
    return time.gmtime(max(settings.source_date_epoch(), 315532800))[:6]  # zip cannot store dates before 1980


def write_zip(target: Path, files: list[KitFile], readme: str) -> Path:
    """Writes the zip next to `target` under a temporary name, then renames it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stamp = _zip_time()
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".zip.part", dir=target.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(temp_name, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            entries = [(README_NAME, readme.encode("utf-8"))]
            entries += [(f.arcname, f.source.read_bytes()) for f in files]
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_STORED if name.endswith(COMPRESSED) else zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
        os.chmod(temp_name, 0o644)  # mkstemp makes it private; a kit is meant to be shared
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target
