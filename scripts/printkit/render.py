"""Template + data -> HTML -> laid-out document (through the PDF core) -> checked PDF bytes."""
from __future__ import annotations

import functools

import jinja2

import datastore
import pdfcore
from pdfcore import Document, checks

from .errors import BuildError
from .spec import BLEED_IN, Spec

TEMPLATES = datastore.ROOT / "print" / "products"
# Every product's style sheet: handed to the PDF core, which parses it once per process (the
# templates don't link it).
STYLESHEET = TEMPLATES / "products.css"
AUTHOR = "Combating Child Sex Trafficking web edition contributors"


@functools.cache
def _environment() -> jinja2.Environment:
    """One per process: the templates are compiled once for all the products."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def html_for(spec: Spec, context: dict) -> str:
    try:
        return _environment().get_template(f"{spec.template}.html.j2").render(author=AUTHOR, **context)
    except jinja2.UndefinedError as exc:
        raise BuildError(spec.id, "template", f"print/products/{spec.template}.html.j2 uses missing data: {exc}") from None


def expect(spec: Spec) -> pdfcore.Expect:
    extra = 2 * BLEED_IN if spec.print_shop else 0
    size = ((spec.size.width_in + extra) * 72, (spec.size.height_in + extra) * 72)
    return pdfcore.Expect(spec.id, size, spec.size.label, (spec.pages, spec.pages),
                          f"its spec in data/print/products.yml says {spec.pages}")


def layout(html: str, roots: tuple = (), name: str = "print kit") -> Document:
    """Reads the print templates and CSS, and an agency's logo folder if given in `roots`."""
    try:
        return pdfcore.layout(html, name=name, base_dir=TEMPLATES, roots=[TEMPLATES, *roots],
                              presentational_hints=True, stylesheets=(STYLESHEET,))
    except pdfcore.PdfError as exc:
        raise BuildError(name, exc.field, exc.message) from None


def check_layout(spec: Spec, document: Document, html: str) -> list[pdfcore.Problem]:
    """The PDF core's layout checks."""
    return checks.check_layout(document, html, expect(spec))


def pdf_bytes(spec: Spec, document: Document, html: str) -> bytes:
    """The checked PDF: size, page count, type size and text (pdfcore.checks)."""
    try:
        return pdfcore.write_checked(document, html, expect(spec), f"cst-print-{spec.id}")
    except pdfcore.CheckFailed as exc:
        raise BuildError(spec.id, exc.field, exc.message) from None
