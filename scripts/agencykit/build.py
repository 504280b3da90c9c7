"""Build one kit: agency.yml (or none, for the neutral kit) -> dist/<slug>-kit.zip."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pdfplumber
from pptx import Presentation

import datastore
import i18n
import settings

from . import deck, directory
from .agency import AgencyFile, load_agency
from .kitzip import KitFile, language_folder, readme_text, write_zip
from printkit.errors import FitError

NEUTRAL_SLUG = "neutral"


def _field(product) -> dict:
    """printkit's Product as a dict, whether it is a dict or a dataclass."""
    keys = ("id", "title", "pdf", "size", "pages", "print_shop")
    return {k: product[k] if isinstance(product, dict) else getattr(product, k) for k in keys}


def _pdf_pages(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def _print_products(work: Path, site_url: str, agency: dict | None, lang: str, bilingual: bool) -> list[KitFile]:
    from printkit import build_products  # the print kit (scripts/printkit), imported late: it is heavy

    files = []
    built = build_products(work / "products", site_url=site_url, agency=agency, lang=lang, bilingual=bilingual)
    for product in map(_field, built):
        folder = "print-shop" if product["print_shop"] else "print"
        files.append(KitFile(Path(product["pdf"]), f"{language_folder(lang)}{folder}/{Path(product['pdf']).name}",
                             product["title"], product["size"], product["pages"]))
    return files


def _language_files(work: Path, slug: str, site_url: str, agency: dict | None, contacts: dict,
                    lang: str, first: bool) -> list[KitFile]:
    """One language's part of the kit: the print products, the training deck, the directory. The
    bilingual posters come with the kit's first language only: the zip holds each file once."""
    work.mkdir(parents=True, exist_ok=True)
    site_url = settings.edition_url(site_url, lang)
    files = _print_products(work, site_url, agency, lang, bilingual=first)
    deck_path = deck.build_deck(work / f"{slug}-training-deck.pptx", site_url=site_url,
                                agency=agency, contacts=contacts, work_dir=work, lang=lang)
    sheet = directory.build_directory(work / "local-resource-directory.pdf", agency=agency,
                                      contacts=contacts, site_url=site_url, lang=lang)
    words = {key: i18n.print_text(key, lang) for key in ("deck_file_title", "deck_size")}
    return files + [
        KitFile(deck_path, language_folder(lang) + deck_path.name, words["deck_file_title"], words["deck_size"],
                len(Presentation(str(deck_path)).slides), unit="slide"),
        KitFile(sheet, language_folder(lang) + sheet.name, directory.title(lang), directory.size_label(lang), _pdf_pages(sheet)),
    ]


def _given_field(agency: dict, field: str, lang: str) -> str:
    """The agency.yml field a product printed: name_es rather than name where it is given."""
    variant = f"{field}_{lang}"
    return variant if field in ("name", "short_name") and agency.get(variant) else field


def build_kit(agency_path: Path | None, out_dir: Path, site_url: str | None = None) -> Path:
    """Builds the kit and returns the zip's path; raises DataError naming agency.yml's line."""
    site_url = site_url or settings.site_url()
    file: AgencyFile | None = load_agency(agency_path) if agency_path else None
    agency = file.agency if file else None
    slug = file.slug if file else NEUTRAL_SLUG
    languages = agency["languages"] if agency else [i18n.DEFAULT]
    contacts = datastore.load_contacts()
    with tempfile.TemporaryDirectory(prefix="kit-") as tmp:
        files: list[KitFile] = []
        for lang in languages:
            try:
                files += _language_files(Path(tmp) / lang, slug, site_url, agency, contacts, lang,
                                         first=lang == languages[0])
            except FitError as exc:
                if file is None:
                    raise
                raise file.error(_given_field(agency, exc.field, lang),
                                 f"does not fit the {exc.product_id}: {exc.message}") from None
        built = settings.build_datetime().strftime("%Y-%m-%d")
        readme = readme_text(files, agency["name"] if agency else "your agency (neutral kit)", site_url, built,
                             languages)
        return write_zip(out_dir / f"{slug}-kit.zip", files, readme)
