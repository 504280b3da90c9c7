"""Agency logos: what scripts/agencykit/logo_check.py refuses, and that ordinary logos pass.

Each case is an agency.yml (a copy of the Riverbend example) pointing at one hostile logo; the
error must be one line naming agency.yml, the logo line and the field.
"""
from __future__ import annotations

import base64
import os

import pytest

import datastore
from agencykit.agency import load_agency
from agencykit.logo_check import MAX_BYTES, MAX_SIDE
from kit_helpers import bad_copy, line_with, png_bytes

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
       'viewBox="0 0 10 10">{}</svg>')
SMALL_PNG = base64.b64encode(png_bytes(8, 8)).decode()

REFUSED_SVG = {
    "image from a local file": ('<image xlink:href="file:///etc/hostname"/>', "file:///etc/hostname"),
    "image from the web": ('<image href="https://example.org/x.png"/>', "https://example.org/x.png"),
    "image from a relative path": ('<image href="../secret.png"/>', "../secret.png"),
    "use of another file": ('<use href="sprites.svg#shield"/>', "sprites.svg#shield"),
    "nested SVG as data": ('<image href="data:image/svg+xml;base64,PHN2Zy8+"/>', "data:image/svg+xml"),
    "script": ("<script>alert(1)</script>", "<script>"),
    "event attribute": ('<rect onload="alert(1)"/>', "onload"),
    "foreignObject": ("<foreignObject><p>hi</p></foreignObject>", "<foreignObject>"),
    "style url to the web": ('<rect style="fill: url(https://example.org/p.svg#a)"/>', "url(https://example.org"),
    "presentation url to a file": ('<rect fill="url(file:///tmp/p.svg#a)"/>', "url(file:///tmp"),
    "style sheet import": ('<style>@import "https://example.org/a.css";</style>', "@import"),
    "style sheet url": ("<style>rect { fill: url(/etc/a.svg#b) }</style>", "url(/etc/a.svg"),
    "animation that sets an href": ('<use href="#a"><set attributeName="href" to="https://example.org/x.svg#a"/></use>',
                                     "<set>"),
    "css escape spelling url": ('<rect style="fill: \\75 rl(https://example.org/p.svg#a)"/>', "backslash"),
    "css image-set": ('<style>rect { fill: image-set("https://example.org/a.png" 1x) }</style>', "image-set("),
    "xinclude": ('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd"/>',
                 "file:///etc/passwd"),
    "embedded PNG bomb": (f'<image href="data:image/png;base64,{base64.b64encode(png_bytes(30000, 30000)).decode()}"/>',
                          f"at most {MAX_SIDE} × {MAX_SIDE} pixels"),
}

REFUSED_DOCUMENTS = {
    "xml-stylesheet": ('<?xml-stylesheet href="https://example.org/a.css"?>' + SVG.format(""), "xml-stylesheet"),
    "entity": ('<!DOCTYPE svg [<!ENTITY leak SYSTEM "file:///etc/passwd">]>' + SVG.format("<text>&leak;</text>"),
               "<!DOCTYPE"),
    "html page": ("<html><body>not a drawing</body></html>", "not an SVG image"),
    "not XML": ("<svg", "not valid XML"),
}


def _agency_with_logo(tmp_path, name: str, data: bytes):
    path = bad_copy(tmp_path, "logo: logo.svg", f"logo: {name}")
    (tmp_path / name).write_bytes(data)
    return path


def _logo_error(path) -> str:
    with pytest.raises(datastore.DataError) as caught:
        load_agency(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line_with(path, 'logo:')}: field logo: "), message
    assert "\n" not in message
    return message


@pytest.mark.parametrize("case", sorted(REFUSED_SVG))
def test_svg_that_reaches_outside_or_runs_script_is_refused(case, tmp_path):
    body, named = REFUSED_SVG[case]
    path = _agency_with_logo(tmp_path, "logo-x.svg", SVG.format(body).encode())
    assert named in _logo_error(path)


@pytest.mark.parametrize("case", sorted(REFUSED_DOCUMENTS))
def test_svg_document_that_is_unsafe_or_not_svg_is_refused(case, tmp_path):
    text, named = REFUSED_DOCUMENTS[case]
    path = _agency_with_logo(tmp_path, "logo-x.svg", text.encode())
    assert named in _logo_error(path)


def test_self_contained_svg_with_internal_references_and_embedded_png_passes(tmp_path):
    body = ('<defs><linearGradient id="g"><stop offset="0" stop-color="#123"/></linearGradient>'
            '<path id="p" d="M0 0h5v5z"/></defs><use href="#p" style="fill: url(#g)"/>'
            f'<image width="4" height="4" xlink:href="data:image/png;base64,{SMALL_PNG}"/>')
    path = _agency_with_logo(tmp_path, "logo-ok.svg", SVG.format(body).encode())
    assert load_agency(path).agency["logo"] == (tmp_path / "logo-ok.svg").resolve()


@pytest.mark.parametrize("width, height", [(MAX_SIDE + 1, 10), (10, MAX_SIDE + 1), (30000, 30000)])
def test_png_over_the_pixel_limit_is_refused_before_decoding(width, height, tmp_path):
    path = _agency_with_logo(tmp_path, "big.png", png_bytes(width, height))
    assert f"at most {MAX_SIDE} × {MAX_SIDE} pixels" in _logo_error(path)


def test_png_at_the_pixel_limit_passes(tmp_path):
    path = _agency_with_logo(tmp_path, "edge.png", png_bytes(MAX_SIDE, MAX_SIDE))
    assert load_agency(path).agency["logo"].name == "edge.png"


def test_logo_over_the_byte_limit_is_refused(tmp_path):
    data = png_bytes(8, 8)
    path = _agency_with_logo(tmp_path, "heavy.png", data[:-12] + b"\0" * MAX_BYTES + data[-12:])
    assert "a logo may be at most 5 MB" in _logo_error(path)


@pytest.mark.parametrize("written, problem", [
    ("/etc/logo.png", "is an absolute path"),
    ("../logo.png", "leaves agency.yml's folder"),
    ("art/../../logo.png", "leaves agency.yml's folder"),
])
def test_logo_path_must_stay_in_the_agency_folder(written, problem, tmp_path):
    folder = tmp_path / "agency"
    folder.mkdir()
    (tmp_path / "logo.png").write_bytes(png_bytes(8, 8))
    path = bad_copy(folder, "logo: logo.svg", f"logo: {written}")
    assert problem in _logo_error(path)


def test_symlink_out_of_the_agency_folder_is_refused(tmp_path):
    folder = tmp_path / "agency"
    folder.mkdir()
    (tmp_path / "outside.png").write_bytes(png_bytes(8, 8))
    os.symlink(tmp_path / "outside.png", folder / "logo.png")
    path = bad_copy(folder, "logo: logo.svg", "logo: logo.png")
    assert "a link to a file outside agency.yml's folder" in _logo_error(path)


def test_logo_in_a_subfolder_passes(tmp_path):
    (tmp_path / "art").mkdir()
    (tmp_path / "art" / "logo.png").write_bytes(png_bytes(64, 64))
    path = bad_copy(tmp_path, "logo: logo.svg", "logo: art/logo.png")
    assert load_agency(path).agency["logo"] == (tmp_path / "art" / "logo.png").resolve()
