"""The PDF core (scripts/pdfcore): what a render may read, and that every PDF we make goes
through it and its checks, with the network out of reach.

A page in docs/ or an agency's logo that points at a file elsewhere on the machine stops the
build with one line naming the page (or the input) and the address: the file never gets into a
PDF. The guide PDF and every product still render with no network at all.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from kit_helpers import SITE_URL, agency_of

import datastore
import pdfcore
import settings
from agencykit import directory, logos
from guidepdf import Book, build_guide_pdf
from pdfcore import FetchRefused, RootedFetcher, checks
from printkit import build_products, load_specs

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360f8cf000000030101005c2d6f9a0000000049454e44ae426082")


@pytest.fixture()
def tree(tmp_path):
    """root/ (may be read) holding a picture, and a secret beside it (may not)."""
    root = tmp_path / "root"
    root.mkdir()
    (root / "ok.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(PNG)
    return tmp_path


def _refusal(fetcher, url):
    with pytest.raises(FetchRefused) as caught:
        fetcher.fetch(url)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("agency.yml logo: ")
    return message


def test_files_outside_the_roots_are_refused(tree):
    fetcher = RootedFetcher("agency.yml logo", [tree / "root"])
    secret = (tree / "secret.png").as_uri()
    assert secret in _refusal(fetcher, secret)
    assert "outside the folders" in _refusal(fetcher, secret)
    assert "outside the folders" in _refusal(fetcher, (tree / "root").as_uri() + "/../secret.png")
    assert "outside the folders" in _refusal(fetcher, (tree / "root").as_uri() + "/%2e%2e/secret.png")
    assert "another host" in _refusal(fetcher, "file://example.org/etc/passwd")


def test_a_symlink_out_of_a_root_is_refused(tree):
    (tree / "root" / "link.png").symlink_to(tree / "secret.png")
    (tree / "root" / "up").symlink_to(tree)
    fetcher = RootedFetcher("agency.yml logo", [tree / "root"])
    assert "outside the folders" in _refusal(fetcher, (tree / "root" / "link.png").as_uri())
    assert "outside the folders" in _refusal(fetcher, (tree / "root" / "up" / "secret.png").as_uri())


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/logo.png", "https://example.org/logo.png",
                                 "ftp://example.org/logo.png", "javascript:alert(1)", "//example.org/x.png"])
def test_other_schemes_are_refused(tree, url):
    message = _refusal(RootedFetcher("agency.yml logo", [tree / "root"]), url)
    assert "only files in the project and data: URIs" in message


def test_data_uris_and_files_under_the_roots_are_served(tree):
    fetcher = RootedFetcher("agency.yml logo", [tree / "root"])
    assert fetcher.fetch((tree / "root" / "ok.png").as_uri()).read() == PNG
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"


@pytest.fixture()
def no_network(monkeypatch):
    """Any connection, name lookup included, fails the test that made it."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("the network is blocked in this test")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


def test_a_render_that_reaches_out_stops_with_one_line(tree, no_network):
    """An SVG logo's <image> pointing at the network, and an <img> at a local file elsewhere."""
    svg = tree / "root" / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                   'width="10" height="10"><image xlink:href="http://127.0.0.1:9/x.png" width="10" height="10"/></svg>')
    for html, address in ((f'<img src="{svg.as_uri()}">', "http://127.0.0.1:9/x.png"),
                          (f'<img src="{(tree / "secret.png").as_uri()}">', (tree / "secret.png").as_uri())):
        with pytest.raises(FetchRefused) as caught:  # an SVG's <image> is fetched as it is drawn
            document = pdfcore.layout(html, name="logo logo.svg", base_dir=tree / "root", roots=[tree / "root"])
            pdfcore.pdf_bytes(document, "test")
        assert str(caught.value).startswith(f"logo logo.svg: {address}: ")
        assert "\n" not in str(caught.value)
    assert no_network == []


# -- the guide PDF: a page of docs/ that points at a local file ----------------------------

def _small_site(folder: Path, image: str) -> Path:
    """A built site of two pages, the second showing `image`."""
    page = ('<!doctype html><html lang="en"><head><title>{0}</title></head><body><nav>menu</nav>'
            '<article class="md-content__inner md-typeset"><h1 id="t">{0}</h1><p>{1}</p></article></body></html>')
    (folder / "guide").mkdir(parents=True)
    (folder / "index.html").write_text(page.format("Home", 'See <a href="guide/#t">the guide</a>.'))
    (folder / "guide" / "index.html").write_text(page.format("The guide", f'<img src="{image}" alt="">'))
    return folder


def _book(site: Path) -> Book:
    return Book(site_dir=site, nav=[{"Home": "index.md"}, {"Guide": ["guide/index.md"]}], lang="en",
                title="Title", subtitle="Subtitle", site_url="https://example.org/", author="Author",
                copyright="Copyright", description="Description", keywords="k", contents_title="Contents",
                web_only=())


def test_a_docs_image_from_a_local_file_stops_the_guide_with_one_line(tree, no_network):
    site = _small_site(tree / "site", (tree / "secret.png").as_uri())
    out = site / "downloads" / "guide.pdf"
    with pytest.raises(FetchRefused) as caught:
        build_guide_pdf(_book(site), out)
    assert str(caught.value) == (f'docs/guide/index.md: <img src="{(tree / "secret.png").as_uri()}">: outside the '
                                 f"folders this PDF may read ({site.resolve()})")
    assert not out.exists()
    assert no_network == []


def test_the_guide_cli_names_the_page_and_writes_nothing(tree):
    site = _small_site(tree / "site", (tree / "secret.png").as_uri())
    config = tree / "mkdocs.yml"
    config.write_text(yaml.safe_dump({
        "site_name": "T", "docs_dir": "docs", "theme": {"name": "material", "language": "en"},
        "nav": [{"Home": "index.md"}, {"Guide": ["guide/index.md"]}],
        "extra": {"guide_pdf": "downloads/guide.pdf", "guide_pdf_book": {
            "title": "T", "subtitle": "S", "author": "A", "description": "D", "keywords": "k",
            "contents_title": "Contents"}}}))
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_guide_pdf.py"), "--config", str(config),
                             "--site-dir", str(site), "--site-url", "https://example.org/"],
                            capture_output=True, text=True, env={**os.environ, "PDF_CACHE": "off"})
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f'build_guide_pdf: docs/guide/index.md: <img src="{(tree / "secret.png").as_uri()}">: '
                                          f"outside the folders this PDF may read ({site.resolve()})"]
    assert not (site / "downloads").exists()


def test_a_docs_image_inside_the_site_is_in_the_guide(tree):
    site = _small_site(tree / "site", "ok.png")
    (site / "guide" / "ok.png").write_bytes(PNG)
    out = build_guide_pdf(_book(site), site / "guide.pdf")
    assert b"/Subtype /Image" in out.read_bytes()


# -- everything with the network blocked, through the same checks ---------------------------

@pytest.fixture(scope="module")
def rendered_offline(site, tmp_path_factory):
    """The guide PDF, every product (with an agency and its SVG logo), the directory sheet and the
    deck's logo, made with the network blocked and every call to the checks written down (worker
    processes are forked, so they carry the same blocks and the same records)."""
    work = tmp_path_factory.mktemp("offline")
    record = work / "checks.log"
    patch = pytest.MonkeyPatch()
    attempts = work / "connections.log"

    def refuse(*args, **kwargs):
        with open(attempts, "a") as log:
            log.write(f"{args!r}\n")
        raise OSError("the network is blocked in this test")
    for target in (socket.socket, socket):
        for name in ("connect", "connect_ex", "getaddrinfo", "create_connection"):
            if hasattr(target, name):
                patch.setattr(target, name, refuse)

    def recorded(function):
        def spy(document_or_pdf, html, expect, *rest):  # check_pdf also takes the furniture texts
            with open(record, "a") as log:
                log.write(f"{expect.name}\t{function.__name__}\n")
            return function(document_or_pdf, html, expect, *rest)
        return spy
    patch.setattr(checks, "check_layout", recorded(checks.check_layout))
    patch.setattr(checks, "check_pdf", recorded(checks.check_pdf))
    patch.setenv("PDF_CACHE", "off")
    agency = agency_of("riverbend-police")
    try:
        config = settings.mkdocs_config()
        guide = build_guide_pdf(_site_book(config, site), work / "guide.pdf")
        products = build_products(work / "products", site_url=SITE_URL, agency=agency, jobs=2)
        sheet = directory.build_directory(work / "directory.pdf", agency=agency,
                                          contacts=datastore.load_contacts(), site_url=SITE_URL)
        logo = logos.logo_png(agency["logo"], work)
    finally:
        patch.undo()
    calls = {}
    for line in record.read_text().splitlines():
        name, function = line.split("\t")
        calls.setdefault(name, set()).add(function)
    return {"pdfs": [guide, sheet, *(p.pdf for p in products)], "logo": logo, "calls": calls,
            "attempts": attempts.read_text() if attempts.exists() else ""}


def _site_book(config: dict, site: Path) -> Book:
    sys.path.insert(0, str(ROOT / "scripts"))
    from build_guide_pdf import book_of
    return book_of(config, site, settings.site_url())


def test_the_guide_and_every_product_render_with_the_network_blocked(rendered_offline):
    assert rendered_offline["attempts"] == ""
    for pdf in rendered_offline["pdfs"]:
        assert pdf.read_bytes().startswith(b"%PDF-"), pdf
    assert len(rendered_offline["pdfs"]) == 2 + len(load_specs())
    assert rendered_offline["logo"].stat().st_size > 0


def test_every_product_the_directory_and_the_guide_pass_the_same_checks(rendered_offline):
    made = {spec.id for spec in load_specs()} | {directory.PRODUCT_ID, "guide PDF"}
    assert rendered_offline["calls"] == {name: {"check_layout", "check_pdf"} for name in made}


def test_a_paragraph_over_a_page_break_with_running_heads_and_bullets_is_not_lost(tmp_path):
    """Running heads, page numbers and list markers are drawn after a page's body; the text
    checks leave them out, so a paragraph split by the page break still reads whole."""
    css = ('@page { size: 300px 200px; margin: 40px 20px; @top-left { content: "Chapter head" }'
           ' @bottom-center { content: "Page " counter(page) " of " counter(pages) } }'
           ' body { font: 12px/16px sans-serif } ul { margin: 0 }')
    items = "".join(f"<li>Item {n}</li>" for n in range(3))
    words = " ".join(f"word{n}" for n in range(120))
    html = f"<html lang='en'><head><style>{css}</style></head><body><ul>{items}</ul><p>{words}</p></body></html>"
    expect = pdfcore.Expect("split", (225.0, 150.0), "test", (2, 50), "more than one page")
    document = pdfcore.layout(html, name="split", base_dir=tmp_path, roots=[tmp_path])
    assert len(document.pages) >= 2
    assert checks.lost_text(document, html) == []
    pdf = pdfcore.pdf_bytes(document, "split")
    assert checks.check_pdf(pdf, html, expect, checks.furniture_texts(document)) == []
    # Without leaving the furniture out, the split paragraph reads as missing: the check is real.
    assert [p.check for p in checks.check_pdf(pdf, html, expect)] == ["text"]
