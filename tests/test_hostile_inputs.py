"""The hostile and ordinary inputs of issue 14, one test each, tried as a user would: through
`scripts/build_kit.py` and `mkdocs build`, on copies of the example agency and of the project.

Each hostile input is refused with one line naming the file, line and field, with no Python
traceback and nothing written, or is neutralized (markup in data shows as text).
"""
from __future__ import annotations

import http.server
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from kit_helpers import bad_copy, line_with, png_bytes
from project_copy import mkdocs_build, project_copy, replace_once

BUILD_KIT = [sys.executable, str(ROOT / "scripts" / "build_kit.py")]


def _one_line_error(result: subprocess.CompletedProcess) -> str:
    """The error lines of a failed command; asserts it failed without a traceback."""
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    return output


def _build_kit(agency: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*BUILD_KIT, "--agency", str(agency), "--out", str(out)],
                          capture_output=True, text=True, timeout=600)


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        type(self).requests.append(self.path)
        body = png_bytes(8, 8)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def outside_host():
    """A web server on 127.0.0.1 that records every request it gets."""
    _CountingHandler.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _CountingHandler.requests
    server.shutdown()
    server.server_close()


def test_svg_logo_with_a_local_file_and_a_web_image_is_refused_without_a_request(tmp_path, outside_host):
    address, requests = outside_host
    secret = tmp_path / "secret.png"
    secret.write_bytes(png_bytes(16, 16))
    agency = bad_copy(tmp_path, "logo: logo.svg", "logo: vendor-logo.svg")
    (tmp_path / "vendor-logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 20 10">'
        f'<image width="10" height="10" xlink:href="{secret.as_uri()}"/>'
        f'<image x="10" width="10" height="10" href="{address}/logo.png"/></svg>', encoding="utf-8")
    result = _build_kit(agency, tmp_path / "dist")
    output = _one_line_error(result)
    assert result.stderr.count("\n") == 1, output
    assert f"agency.yml:{line_with(agency, 'logo:')}: field logo: vendor-logo.svg refers to something outside itself" \
        in result.stderr
    assert '<image href="file:///' in result.stderr
    assert requests == []
    assert not (tmp_path / "dist").exists()


def test_markup_in_a_contact_name_shows_as_text_on_the_built_pages(tmp_path):
    project = project_copy(tmp_path)
    markup = '<script>alert("hostile")</script><b>Hotline</b>'
    replace_once(project / "data" / "contacts.yml", "  name: National Human Trafficking Hotline\n",
                  f"  name: National Human Trafficking {markup}\n")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "resources" / "contacts" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert not [s for s in soup.find_all("script") if "hostile" in s.get_text()]
    assert not soup.find_all("b", string="Hotline")
    headings = [h.get_text(" ", strip=True) for h in soup.find_all("h2")]
    assert any(markup in heading for heading in headings), headings


def test_huge_png_logo_gives_one_line_naming_file_and_field(tmp_path):
    agency = bad_copy(tmp_path, "logo: logo.svg", "logo: huge.png")
    (tmp_path / "huge.png").write_bytes(png_bytes(30000, 30000))
    result = _build_kit(agency, tmp_path / "dist")
    output = _one_line_error(result)
    assert result.stderr.count("\n") == 1, output
    assert f"agency.yml:{line_with(agency, 'logo:')}: field logo: huge.png is larger than a logo needs" in result.stderr
    assert "DecompressionBomb" not in output
    assert not (tmp_path / "dist").exists()


def test_malformed_url_in_resources_gives_one_line_without_traceback(tmp_path):
    project = project_copy(tmp_path)
    resources = project / "data" / "resources.yml"
    replace_once(resources, "  cited_url: https://www.law.cornell.edu/uscode/text/22/7102\n",
                  '  cited_url: https://www.law.cornell.edu/uscode/"><script>x()</script>\n')
    result = mkdocs_build(project)
    output = _one_line_error(result)
    line = line_with(resources, "<script>x()")
    errors = [text for text in output.splitlines() if "data/resources.yml" in text]
    assert len(errors) == 1, output
    assert f'data/resources.yml:{line}: entry "usc-22-7102", field cited_url: ' in errors[0]
    assert "is not a web address" in errors[0]
    assert not (project / "site" / "index.html").exists()


def test_non_emergency_number_with_an_extension_fits_the_wallet_card(tmp_path):
    """The number from the issue, on the Cold Creek example, whose wallet card shows it."""
    source = ROOT / "examples" / "cold-creek-sheriff"
    shutil.copy(source / "logo.svg", tmp_path / "logo.svg")
    agency = tmp_path / "agency.yml"
    agency.write_text((source / "agency.yml").read_text(encoding="utf-8")
                      .replace("non_emergency: 406-555-0110", 'non_emergency: "(928) 555-0133 x 210"'),
                      encoding="utf-8")
    assert "(928) 555-0133 x 210" in agency.read_text(encoding="utf-8")
    result = _build_kit(agency, tmp_path / "dist")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(Path(result.stdout.strip().splitlines()[-1])) as kit:
        kit.extract("print/wallet-card.pdf", tmp_path)
    with pdfplumber.open(tmp_path / "print" / "wallet-card.pdf") as pdf:
        back = "".join(pdf.pages[1].extract_text().split())  # word spacing aside: the row, whole
    assert "CCSOnon-emergency928-555-0133ext.210" in back


def _binary_agency_file(folder: Path) -> Path:
    (folder / "agency.yml").write_bytes(b"name: \xff\xfe\x00")
    return folder / "agency.yml"


@pytest.mark.parametrize("make_input, says", [
    (lambda folder: folder, "is a folder, not a YAML file"),
    (_binary_agency_file, "not UTF-8 text (byte 6)"),
])
def test_an_agency_file_that_is_not_yaml_text_gives_one_line(tmp_path, make_input, says):
    agency = make_input(tmp_path)
    result = _build_kit(agency, tmp_path / "dist")
    output = _one_line_error(result)
    assert result.stderr.strip() == f"build_kit: {agency}: {says}", output
    assert not (tmp_path / "dist").exists()
