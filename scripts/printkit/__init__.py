"""The print kit: fixed-size products (fact sheet, cards, sheets, posters) as PDFs.

    from printkit import build_products
    products = build_products(out_dir, site_url="https://…/", agency=None)

Templates and print CSS live in print/products/; the product list, sizes and page
counts in data/print/products.yml. See print/products/_README.md.
"""
from .build import Product, build_products
from .errors import BuildError, FitError
from .spec import load_specs

__all__ = ["BuildError", "FitError", "Product", "build_products", "load_specs"]
