"""Build one kit: agency.yml (or none, for the neutral kit) -> dist/<slug>-kit.zip."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pdfplumber
from pptx import Presentation

import datastore
import settings

from . import deck, directory
from .agency import AgencyFile, load_agency
from .kitzip import KitFile, readme_text, write_zip
from printkit.errors import FitError

NEUTRAL_SLUG = "neutral"


def _field(product) -> dict:
    """printkit's Product as a dict, whether it is a dict or a dataclass."""
    keys = ("id", "title", "pdf", "size", "pages", "print_shop")
    return {k: product[k] if isinstance(product, dict) else getattr(product, k) for k in keys}


def _pdf_pages(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def _print_products(work: Path, site_url: str, agency: dict | None) -> list[KitFile]:
    from printkit import build_products  # the print kit (scripts/printkit), imported late: it is heavy

    files = []
    built = build_products(work / "products", site_url=site_url, agency=agency)
    for product in map(_field, built):
        folder = "print-shop" if product["print_shop"] else "print"
        files.append(KitFile(Path(product["pdf"]), f"{folder}/{Path(product['pdf']).name}",
                             product["title"], product["size"], product["pages"]))
    return files


def build_kit(agency_path: Path | None, out_dir: Path, site_url: str | None = None) -> Path:
    """Builds the kit and returns the zip's path; raises DataError naming agency.yml's line."""
    site_url = site_url or settings.site_url()
    file: AgencyFile | None = load_agency(agency_path) if agency_path else None
    agency = file.agency if file else None
    slug = file.slug if file else NEUTRAL_SLUG
    contacts = datastore.load_contacts()
    with tempfile.TemporaryDirectory(prefix="kit-") as tmp:
        work = Path(tmp)
        try:
            files = _print_products(work, site_url, agency)
            deck_path = deck.build_deck(work / f"{slug}-training-deck.pptx", site_url=site_url,
                                        agency=agency, contacts=contacts, work_dir=work)
            sheet = directory.build_directory(work / "local-resource-directory.pdf", agency=agency,
                                              contacts=contacts, site_url=site_url)
        except FitError as exc:
            if file is None:
                raise
            raise file.error(exc.field, f"does not fit the {exc.product_id}: {exc.message}") from None
        files.append(KitFile(deck_path, deck_path.name, "Training deck (PowerPoint, with speaker notes)",
                             "16:9 slides", len(Presentation(str(deck_path)).slides), unit="slide"))
        files.append(KitFile(sheet, sheet.name, directory.TITLE, directory.SIZE, _pdf_pages(sheet)))
        built = settings.build_datetime().strftime("%Y-%m-%d")
        readme = readme_text(files, agency["name"] if agency else "your agency (neutral kit)", site_url, built)
        return write_zip(out_dir / f"{slug}-kit.zip", files, readme)
