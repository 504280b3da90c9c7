"""The product specifications in data/print/products.yml, with their paper sizes."""
from __future__ import annotations

from dataclasses import dataclass

import datastore
import i18n
from datastore import DataError

SPEC_FILE = datastore.DATA / "print" / "products.yml"
BLEED_IN = 0.125
# Templates that print both languages on one sheet (printkit.content.bilingual_poster).
BILINGUAL_TEMPLATES = ("poster-bilingual",)


@dataclass(frozen=True)
class Size:
    key: str  # as in products.yml: letter, tabloid, card-4x6, card-wallet
    label: str  # as shown to readers: "Letter", "4 × 6 in"
    width_in: float
    height_in: float

    @property
    def css(self) -> str:
        return f"{self.width_in:g}in {self.height_in:g}in"


@dataclass(frozen=True)
class Spec:
    """One PDF to build: a product, or its print-shop version (bleed and crop marks)."""

    id: str
    title: str
    summary: str
    template: str
    size: Size
    pages: int
    page: str  # web page for the QR code, relative to the edition's site_url
    print_shop: bool = False
    lang: str = i18n.DEFAULT  # the language it is printed in: "en" or "es"

    @property
    def kind(self) -> str:
        """The CSS class every page of this product carries: its template name."""
        return self.template

    @property
    def bilingual(self) -> bool:
        """English and Spanish on one sheet: a kit in both languages needs it once."""
        return self.template in BILINGUAL_TEMPLATES


def languages(entry: dict) -> list[str]:
    """The languages a product of products.yml is made in (default: English only)."""
    return entry.get("languages") or [i18n.DEFAULT]


def load_specs(lang: str = i18n.DEFAULT) -> list[Spec]:
    """Every PDF to build in one language, each product followed by its print-shop version if it
    has one; titles and size labels in that language (their `es:` text for Spanish)."""
    data = datastore.cached("print/products")
    entries = data["products"]
    local = i18n.localized(data, lang)
    sizes = {key: Size(key, v["label"], v["width_in"], v["height_in"]) for key, v in local["sizes"].items()}
    specs, seen = [], {}
    for i, entry in enumerate(entries):
        def fail(field: str, problem: str):
            return DataError(SPEC_FILE, datastore.line_of(data, ["products", i, field]),
                             f'entry "{entry["id"]}", field {field}', problem)
        if entry["id"] in seen:
            raise fail("id", f"duplicate id, first used on line {seen[entry['id']]}")
        seen[entry["id"]] = datastore.line_of(data, ["products", i, "id"])
        if entry["size"] not in sizes:
            raise fail("size", f"{entry['size']!r} is not one of the sizes: {', '.join(sizes)}")
        if lang not in languages(entry):
            continue
        named = local["products"][i]
        base = Spec(entry["id"], named["title"], named["summary"], entry.get("template", entry["id"]),
                    sizes[entry["size"]], entry["pages"], entry["page"], lang=lang)
        specs.append(base)
        if entry.get("print_shop"):
            title = i18n.print_text("print_shop_version", lang, title=base.title)
            specs.append(Spec(f"{base.id}-print-shop", title, base.summary, base.template, base.size,
                              base.pages, base.page, print_shop=True, lang=lang))
    return specs
