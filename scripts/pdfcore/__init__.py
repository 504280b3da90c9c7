"""The PDF core: the one module that calls WeasyPrint. Every PDF we make, the print products,
the agency's directory sheet, the logo rasterized for the deck and the guide, goes through it.

    from pdfcore import Expect, layout, write_checked
    document = layout(html, name="fact-sheet", base_dir=templates, roots=[templates])
    problems = checks.check_layout(document, html, expect)  # pages, overflow, lost text
    pdf = write_checked(document, html, expect, "cst-print-fact-sheet")  # + size, type size, text

It owns what may be read (RootedFetcher: files under named folders and data: URIs, nothing
else, no network), the PDF options (tagged PDF/UA-1, the build date, reproducible bytes) and
the checks (pdfcore.checks). Errors are one line: PdfError, FetchRefused, CheckFailed.
"""
from weasyprint import Document  # what layout() returns, for callers' type hints

from . import checks
from .checks import CHECKS, Expect, Problem
from .errors import CheckFailed, FetchRefused, PdfError
from .fetcher import RootedFetcher
from .render import layout, pdf_bytes

LETTER_PT = (612.0, 792.0)


def write_checked(document, html: str, expect: Expect, identifier: str) -> bytes:
    """The PDF's bytes, once they pass the checks on the written PDF; raises CheckFailed."""
    pdf = pdf_bytes(document, identifier)
    problems = checks.check_pdf(pdf, html, expect, checks.furniture_texts(document))
    if problems:
        raise CheckFailed(expect.name, problems[0].check, problems[0].message)
    return pdf


def require_layout(document, html: str, expect: Expect) -> None:
    """Raises CheckFailed for the first problem of the laid-out document."""
    problems = checks.check_layout(document, html, expect)
    if problems:
        raise CheckFailed(expect.name, problems[0].check, problems[0].message)


__all__ = ["CHECKS", "CheckFailed", "Document", "Expect", "FetchRefused", "LETTER_PT", "PdfError", "Problem",
           "RootedFetcher", "checks", "layout", "pdf_bytes", "require_layout", "write_checked"]
