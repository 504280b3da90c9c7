"""Build every product: render, check the layout and the PDF, then write all files at once."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from . import content, layout, render, sources, verify
from .errors import BuildError, FitError
from .output import Staging, preview_png
from .spec import Spec, load_specs


@dataclass(frozen=True)
class Product:
    id: str
    title: str
    pdf: Path
    png: Path
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


def _laid_out(spec: Spec, site_url: str, agency: dict | None):
    html = render.html_for(spec, content.context(spec, site_url=site_url, agency=agency))
    document = render.layout(html)
    return html, document, layout.check(spec, document)


def _fit_field(spec: Spec, site_url: str, agency: dict) -> str | None:
    """The agency field whose text pushes the product past its size, found by leaving each out."""
    for field in AGENCY_FIELDS:
        if _without(agency, field) != agency and not _laid_out(spec, site_url, _without(agency, field))[2]:
            return field
    return None


def _render_checked(spec: Spec, site_url: str, agency: dict | None):
    html, document, problems = _laid_out(spec, site_url, agency)
    if not problems:
        return html, document
    first = problems[0]
    if agency is None:
        raise BuildError(spec.id, first.field or "layout", first.message)
    if first.field:
        raise FitError(spec.id, first.field, first.message)
    if _laid_out(spec, site_url, None)[2]:
        raise BuildError(spec.id, "layout", first.message + " (also without the agency's details)")
    raise FitError(spec.id, _fit_field(spec, site_url, agency) or "name",
                   first.message + " with the agency's details")


def build_products(out_dir: Path, *, site_url: str, agency: dict | None = None,
                   only_ready: bool = False) -> list[Product]:
    """Every product as PDF + PNG preview in out_dir; nothing is written unless all succeed.

    only_ready: skip (with a notice) the products whose field-guide data is not written yet.
    """
    specs = load_specs()
    if only_ready and not sources.field_guide_ready():
        skipped = [s.id for s in specs if s.template in content.NEEDS_FIELD_GUIDE]
        print(f"print kit: data/field-guide/ is incomplete; skipped {', '.join(skipped)}", file=sys.stderr)
        specs = [s for s in specs if s.id not in skipped]
    products = []
    with Staging(Path(out_dir)) as staging:
        for spec in specs:
            html, document = _render_checked(spec, site_url, agency)
            pdf = render.pdf_bytes(spec, document)
            verify.check_pdf(spec, pdf, html)
            staged = staging.path(f"{spec.id}.pdf")
            staged.write_bytes(pdf)
            preview_png(staged, staging.path(f"{spec.id}.png"), spec.size.width_in)
            products.append(Product(spec.id, spec.title, Path(out_dir) / f"{spec.id}.pdf",
                                    Path(out_dir) / f"{spec.id}.png", spec.size.label, spec.pages, spec.print_shop))
        staging.commit()
    return products
