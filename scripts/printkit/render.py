"""Template + data -> HTML -> laid-out WeasyPrint document -> PDF bytes."""
from __future__ import annotations

import jinja2
import weasyprint

import datastore

from .errors import BuildError
from .spec import Spec

TEMPLATES = datastore.ROOT / "print" / "products"
AUTHOR = "Combating Child Sex Trafficking web edition contributors"
# Tagged PDF/UA-1: structure for screen readers, a title and a language, fonts embedded.
PDF_OPTIONS = {"pdf_tags": True, "pdf_variant": "pdf/ua-1"}


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def html_for(spec: Spec, context: dict) -> str:
    try:
        return _environment().get_template(f"{spec.template}.html.j2").render(author=AUTHOR, **context)
    except jinja2.UndefinedError as exc:
        raise BuildError(spec.id, "template", f"print/products/{spec.template}.html.j2 uses missing data: {exc}") from None


def layout(html: str) -> weasyprint.Document:
    # presentational_hints: honour HTML attributes such as <ol start="6">.
    return weasyprint.HTML(string=html, base_url=str(TEMPLATES) + "/").render(presentational_hints=True, **PDF_OPTIONS)


def pdf_bytes(spec: Spec, document: weasyprint.Document) -> bytes:
    # A fixed identifier and the dates in the HTML's meta tags make the bytes reproducible.
    return document.write_pdf(pdf_identifier=f"cst-print-{spec.id}".encode(), **PDF_OPTIONS)
