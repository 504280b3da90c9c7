"""Build every product: render, check the layout and the PDF, then write all files at once."""
from __future__ import annotations

import os
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import i18n
import pdfcache
import pdfcore
import settings
from datastore import DataError
import previews

from . import content, render, sources
from .errors import BuildError, FitError
from .output import Staging
from .spec import Spec, load_specs


@dataclass(frozen=True)
class Product:
    id: str
    title: str
    pdf: Path
    png: Path | None  # the preview at print size (thumbnails beside it); None for a print-shop version
    size: str  # "Letter", "4 × 6 in", "11 × 17 in"
    pages: int
    print_shop: bool


def _without(agency: dict, field: str) -> dict:
    """The agency with one field (dotted: "tip_line.phone") left out; the name becomes one letter."""
    head, _, rest = field.partition(".")
    if rest:
        inner = {k: v for k, v in (agency.get(head) or {}).items() if k != rest}
        return {**agency, head: inner}
    if head == "name":
        return {**agency, "name": "A"}
    return {k: v for k, v in agency.items() if k != head}


AGENCY_FIELDS = ("name", "tip_line.phone", "tip_line.text", "tip_line.web", "non_emergency",
                 "partners.task_force", "partners.cps", "partners.victim_services",
                 "partners.prosecutor", "partners.fusion_center", "logo")


def _logo_folder(agency: dict | None) -> tuple:
    """What a product may read besides the print templates: the folder of the agency's logo."""
    logo = (agency or {}).get("logo")
    return (Path(logo).resolve().parent,) if logo else ()


def _laid_out(spec: Spec, site_url: str, agency: dict | None, html: str | None = None):
    html = html or render.html_for(spec, content.context(spec, site_url=site_url, agency=agency))
    document = render.layout(html, _logo_folder(agency), spec.id)
    return html, document, render.check_layout(spec, document, html)


def _fit_field(spec: Spec, site_url: str, agency: dict) -> str | None:
    """The agency field whose text pushes the product past its size, found by leaving each out."""
    for field in AGENCY_FIELDS:
        if _without(agency, field) != agency and not _laid_out(spec, site_url, _without(agency, field))[2]:
            return field
    return None


def _render_checked(spec: Spec, site_url: str, agency: dict | None, html: str | None = None):
    html, document, problems = _laid_out(spec, site_url, agency, html)
    if not problems:
        return html, document
    first = min(problems, key=lambda p: p.field is None)  # a problem that names its field, if any
    if agency is None:
        raise BuildError(spec.id, first.field or "layout", first.message)
    if first.field:
        raise FitError(spec.id, first.field, first.message)
    if _laid_out(spec, site_url, None)[2]:
        raise BuildError(spec.id, "layout", first.message + " (also without the agency's details)")
    raise FitError(spec.id, _fit_field(spec, site_url, agency) or "name",
                   first.message + " with the agency's details")


def _ready(specs: list[Spec]) -> list[Spec]:
    """The specs whose data exists; the others are named on stderr (the field guide comes later)."""
    ready = []
    for spec in specs:
        missing = sources.missing_field_guide(content.NEEDS_FIELD_GUIDE.get(spec.template, ()))
        if missing:
            print(f"print kit: skipped {spec.id}: not written yet: " + ", ".join(f"data/field-guide/{n}.yml" for n in missing),
                  file=sys.stderr)
        else:
            ready.append(spec)
    return ready


def _cache_key(spec: Spec, html: str) -> str:
    """Everything that shapes the product: its HTML, the print templates and CSS, the files the
    HTML points at (an agency's logo), and the code that makes the PDF and its previews."""
    referenced = [Path(unquote(urlparse(uri).path)) for uri in re.findall(r'src="(file://[^"]+)"', html)]
    shaping = [*sorted(render.TEMPLATES.iterdir()), *sorted(Path(__file__).parent.glob("*.py")),
               *sorted(Path(pdfcore.__file__).parent.glob("*.py")), Path(previews.__file__), *referenced]
    return pdfcache.key(repr(spec), html, files=shaping)


def _build_one(spec: Spec, site_url: str, agency: dict | None, staging_dir: Path) -> None:
    """Render, check and stage one PDF and, unless it is a print-shop version, its previews (runs in
    a worker process). A product whose inputs haven't changed since it last passed every check is
    copied from the cache."""
    staged, preview = staging_dir / f"{spec.id}.pdf", staging_dir / f"{spec.id}.png"
    try:
        html = render.html_for(spec, content.context(spec, site_url=site_url, agency=agency))
        cache_key = _cache_key(spec, html)
        cached = {"product.pdf": staged}
        if not spec.print_shop:
            cached.update({f"{name}.png": path for name, path in previews.preview_files(preview).items()})
        if pdfcache.fetch("print-kit", cache_key, cached):
            return
        html, document = _render_checked(spec, site_url, agency, html)
    except DataError as exc:  # DataError can't be rebuilt in the parent process; say the same thing
        raise BuildError(spec.id, "data", str(exc)) from None
    staged.write_bytes(render.pdf_bytes(spec, document, html))
    if not spec.print_shop:
        previews.preview_pngs(staged, preview, spec.size.width_in, spec.size.height_in)
    pdfcache.store("print-kit", cache_key, cached)


def build_products(out_dir: Path, *, site_url: str | None = None, agency: dict | None = None,
                   jobs: int | None = None, lang: str = i18n.DEFAULT, bilingual: bool = True) -> list[Product]:
    """Every product made in `lang` (products.yml `languages`) as PDF with a PNG preview and
    thumbnails (print-shop versions have none) in out_dir; nothing is written unless all succeed.
    QR codes open the product's page in that language's edition: `site_url`, by default
    settings.site_url(lang). `bilingual=False` leaves out the products in both languages (a kit
    that has them from its first language). `jobs` worker processes (default: one per CPU)."""
    out_dir = Path(out_dir)
    site_url = site_url or settings.site_url(lang)
    specs = [spec for spec in _ready(load_specs(lang)) if bilingual or not spec.bilingual]
    workers = max(1, min(len(specs), jobs or os.cpu_count() or 1))
    with Staging(out_dir) as staging, ProcessPoolExecutor(workers) as pool:
        submitted = [pool.submit(_build_one, spec, site_url, agency, staging.dir) for spec in specs]
        for job in submitted:
            job.result()  # the first failure, in product order, stops the build
        staging.commit()
    return [Product(s.id, s.title, out_dir / f"{s.id}.pdf", None if s.print_shop else out_dir / f"{s.id}.png",
                    s.size.label, s.pages, s.print_shop) for s in specs]
