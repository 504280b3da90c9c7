"""The PDF cache: an unchanged product is copied, not laid out again; any change is a miss."""
from __future__ import annotations

import pytest

import pdfcache
import printkit.build
from printkit import build_products
from test_print import SITE_URL, only


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("PDF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PDF_CACHE", raising=False)
    return tmp_path / "cache"


def _no_layout(*args, **kwargs):
    raise AssertionError("laid out again")


def test_unchanged_product_is_copied_from_the_cache(tmp_path, cache_dir, monkeypatch):
    only(monkeypatch, "wallet-card")
    first = build_products(tmp_path / "first", site_url=SITE_URL)[0]
    monkeypatch.setattr(printkit.build.render, "layout", _no_layout)
    second = build_products(tmp_path / "second", site_url=SITE_URL)[0]
    assert second.pdf.read_bytes() == first.pdf.read_bytes()
    assert second.png.read_bytes() == first.png.read_bytes()


def test_changed_input_is_laid_out_again(tmp_path, cache_dir, monkeypatch):
    only(monkeypatch, "wallet-card")
    build_products(tmp_path / "first", site_url=SITE_URL)
    monkeypatch.setattr(printkit.build.render, "layout", _no_layout)  # runs in the worker: it raises
    with pytest.raises(AssertionError, match="laid out again"):
        build_products(tmp_path / "second", site_url="https://example.org/elsewhere/")


def test_cache_can_be_turned_off(tmp_path, cache_dir, monkeypatch):
    only(monkeypatch, "wallet-card")
    build_products(tmp_path / "first", site_url=SITE_URL)
    monkeypatch.setenv("PDF_CACHE", "off")
    monkeypatch.setattr(printkit.build.render, "layout", _no_layout)
    with pytest.raises(AssertionError, match="laid out again"):
        build_products(tmp_path / "second", site_url=SITE_URL)


def test_key_follows_the_files_that_shape_the_pdf(tmp_path):
    css = tmp_path / "style.css"
    css.write_text("p { color: red }")
    before = pdfcache.key("<p>x</p>", files=[css])
    assert pdfcache.key("<p>x</p>", files=[css]) == before
    css.write_text("p { color: blue }")
    assert pdfcache.key("<p>x</p>", files=[css]) != before
    assert pdfcache.key("<p>y</p>", files=[css]) != pdfcache.key("<p>x</p>", files=[css])


def test_key_follows_the_build_date(monkeypatch):
    """The PDF core stamps the date into every PDF: a PDF of another day is not reused."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1451606400")
    before = pdfcache.key("<p>x</p>")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1451692800")
    assert pdfcache.key("<p>x</p>") != before


def test_a_miss_copies_nothing(tmp_path, cache_dir):
    target = tmp_path / "out.pdf"
    assert not pdfcache.fetch("guide", "0" * 64, {"guide.pdf": target})
    assert not target.exists()
