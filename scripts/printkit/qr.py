"""QR codes as inline SVG, drawn by segno (no image files, sharp at any size)."""
from __future__ import annotations

import io
from urllib.parse import urljoin

import segno
from markupsafe import Markup


def page_url(site_url: str, page: str) -> str:
    """The web page of a product: site_url + the page path from products.yml."""
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", page)


def qr_svg(url: str, label: str) -> Markup:
    """An accessible SVG QR code for `url`; the CSS sets its printed size.

    Error correction M survives a scuffed card; the quiet zone (4 modules) is part of
    the SVG so that layout can't crowd it.
    """
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, nl=False, scale=1, border=4,
              svgclass="qr", lineclass=None, title=label, omitsize=True)
    return Markup(out.getvalue().decode("utf-8"))
