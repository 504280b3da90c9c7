"""The whole kit, with the print products from scripts/printkit: every example
kit and the neutral kit are built into temporary folders and unpacked."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from kit_helpers import (EXAMPLES, LONG_NAME, SITE_URL, WIDE_NAME, agency_of, bad_copy, line_with, local_number,
                         pdf_shape, pdf_text, squash)

import datastore
from agencykit.agency import load_agency
from agencykit.build import build_kit
from agencykit.kitzip import readme_entries


@pytest.fixture(scope="session")
def kits(tmp_path_factory) -> dict[str, Path]:
    """Every example kit and the neutral kit ('neutral'), each built into its own folder."""
    out = {name: build_kit(ROOT / "examples" / name / "agency.yml", tmp_path_factory.mktemp(name), SITE_URL)
           for name in EXAMPLES}
    out["neutral"] = build_kit(None, tmp_path_factory.mktemp("neutral"), SITE_URL)
    return out


@pytest.fixture(scope="session")
def unpacked(kits, tmp_path_factory) -> dict[str, Path]:
    out = {}
    for name, zip_path in kits.items():
        folder = tmp_path_factory.mktemp(f"{name}-unzipped")
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(folder)
        out[name] = folder
    return out


def pdfs(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.pdf"))


@pytest.mark.parametrize("name", EXAMPLES)
def test_kit_is_named_after_the_agency(kits, name):
    assert kits[name].name == f"{load_agency(ROOT / 'examples' / name / 'agency.yml').slug}-kit.zip"
    assert kits["neutral"].name == "neutral-kit.zip"


@pytest.mark.parametrize("name", EXAMPLES + ["neutral"])
def test_zip_holds_exactly_what_its_readme_lists(kits, name):
    with zipfile.ZipFile(kits[name]) as archive:
        names = archive.namelist()
        listed = readme_entries(archive.read("README.txt").decode("utf-8"))
    assert sorted(names) == sorted(listed + ["README.txt"])
    assert any(n.startswith("print/") for n in listed)
    assert any(n.startswith("print-shop/") for n in listed)
    assert any(n.endswith(".pptx") for n in listed)
    assert "local-resource-directory.pdf" in listed


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_product_of_the_neutral_kit_is_customized(unpacked, name):
    assert pdfs(unpacked[name]) == pdfs(unpacked["neutral"])


# The discreet wallet card is carried by a person at risk: printkit leaves the police
# agency's name off it on purpose and prints only the numbers to call.
DISCREET = ("wallet-card",)


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_pdf_carries_the_agency_name_and_local_number(unpacked, name):
    agency = agency_of(name)
    for pdf in pdfs(unpacked[name]):
        text = pdf_text(unpacked[name] / pdf)
        assert local_number(agency) in text, f"{pdf} lacks {local_number(agency)}"
        if Path(pdf).stem.startswith(DISCREET):
            assert squash(agency["name"]) not in text, f"{pdf} should not name the agency"
        else:
            assert squash(agency["name"]) in text, f"{pdf} lacks the agency name"


@pytest.mark.parametrize("name", EXAMPLES)
def test_products_keep_size_and_page_count(unpacked, name):
    for pdf in pdfs(unpacked["neutral"]):
        assert pdf_shape(unpacked[name] / pdf) == pdf_shape(unpacked["neutral"] / pdf), pdf


@pytest.mark.parametrize("name", EXAMPLES + ["neutral"])
def test_readme_states_true_page_counts(unpacked, name):
    for line in (unpacked[name] / "README.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^- (\S+\.pdf): .*; (\d+) pages?$", line)
        if m:
            assert len(pdf_shape(unpacked[name] / m.group(1))) == int(m.group(2)), line


def test_name_longer_than_the_schema_allows_is_refused_before_any_rendering(tmp_path):
    path = bad_copy(tmp_path, "name: Riverbend Police Department", f"name: {LONG_NAME}")
    with pytest.raises(datastore.DataError) as caught:
        build_kit(path, tmp_path / "dist", SITE_URL)
    assert str(caught.value) == f"{path}:{line_with(path, 'name:')}: field name: {len(LONG_NAME)} characters; at most 64 are allowed"
    assert not (tmp_path / "dist").exists()


def test_name_too_wide_for_a_product_names_line_field_and_product(tmp_path):
    """Within the schema's 64 characters, but of the widest capitals: measured, and refused."""
    path = bad_copy(tmp_path, "name: Riverbend Police Department", f"name: {WIDE_NAME}")
    out = tmp_path / "dist"
    with pytest.raises(datastore.DataError) as caught:
        build_kit(path, out, SITE_URL)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line_with(path, 'name:')}: field name: does not fit the "), message
    assert not out.exists() or list(out.iterdir()) == []
