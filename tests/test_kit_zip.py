"""The whole kit, with the print products from scripts/printkit: every example
kit and the neutral kit are built into temporary folders and unpacked."""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from kit_helpers import (EXAMPLES, LONG_NAME, SITE_URL, WIDE_NAME, agency_of, bad_copy, line_with, local_number,
                         pdf_shape, pdf_text, squash)

import datastore
from agencykit.agency import load_agency
from agencykit.build import build_kit
from agencykit.kitzip import KitFile, readme_entries, readme_text


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


def pdfs(folder: Path, lang: str = "en") -> list[str]:
    """The kit's PDFs in one language: English at the top of the zip, Spanish under es/."""
    found = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.pdf"))
    return [p for p in found if p.startswith("es/") == (lang == "es")]


BILINGUAL = [name for name in EXAMPLES if "es" in load_agency(ROOT / "examples" / name / "agency.yml").agency["languages"]]
ENGLISH_ONLY = [name for name in EXAMPLES if name not in BILINGUAL]


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


def test_an_example_asks_for_both_languages():
    assert BILINGUAL and ENGLISH_ONLY


@pytest.mark.parametrize("name", ENGLISH_ONLY + ["neutral"])
def test_kit_without_languages_is_english_only(kits, name):
    with zipfile.ZipFile(kits[name]) as archive:
        names = archive.namelist()
        readme = archive.read("README.txt").decode("utf-8")
    assert not any(n.startswith("es/") for n in names)
    assert "es/" not in readme and "español" not in readme


@pytest.mark.parametrize("name", BILINGUAL)
def test_bilingual_kit_adds_every_spanish_product_deck_and_directory(kits, unpacked, name):
    from printkit.spec import load_specs
    spanish = [f"es/{'print-shop' if s.print_shop else 'print'}/{s.id}.pdf" for s in load_specs("es")
               if not s.bilingual]  # the bilingual posters are with the English files, once
    assert pdfs(unpacked[name], "es") == sorted(spanish + ["es/local-resource-directory.pdf"])
    slug = load_agency(ROOT / "examples" / name / "agency.yml").slug
    assert (unpacked[name] / "es" / f"{slug}-training-deck.pptx").is_file()
    assert pdfs(unpacked[name]) == pdfs(unpacked["neutral"])  # the English kit stays whole
    readme = (unpacked[name] / "README.txt").read_text(encoding="utf-8")
    assert f"- es/{slug}-training-deck.pptx: Presentación de capacitación" in readme
    assert "- es/local-resource-directory.pdf: Directorio local de recursos; Carta; 1 page" in readme
    assert "- local-resource-directory.pdf: Local resource directory; Letter; 1 page" in readme
    assert "Files under es/ are the Spanish kit" in readme and "Los archivos de es/ son el kit en español" in readme
    assert "The bilingual posters (English and Spanish on one sheet) are in the kit once, under print/ and " \
           "print-shop/." in readme
    assert "Los carteles bilingües (inglés y español en una sola hoja) están una sola vez en el kit, en print/ " \
           "y print-shop/." in readme
    assert "Hoja informativa" in pdf_text(unpacked[name] / "es" / "print" / "fact-sheet.pdf")
    short = load_agency(ROOT / "examples" / name / "agency.yml").agency["short_name"]
    assert f"Línea de denuncias de {short}:" in pdf_text(unpacked[name] / "es" / "print" / "poster.pdf")
    assert f"{short} tip line:" in pdf_text(unpacked[name] / "print" / "poster.pdf")
    sheet = pdf_text(unpacked[name] / "es" / "local-resource-directory.pdf")
    assert "Directorio local de recursos" in sheet and f"{SITE_URL}es/" in sheet.replace(" ", "")


@pytest.mark.parametrize("name", EXAMPLES + ["neutral"])
def test_each_file_is_in_the_zip_once(kits, name):
    """The bilingual posters are the same product in either language's kit: one copy, with the
    kit's first language's files, and no two entries with the same file name and bytes."""
    with zipfile.ZipFile(kits[name]) as archive:
        names = archive.namelist()
        contents = [archive.read(n) for n in names]
    assert len(names) == len(set(names))
    assert len(contents) == len(set(contents)), "two entries with the same bytes"
    bilingual = [n for n in names if Path(n).stem.startswith("poster-bilingual")]
    assert sorted(bilingual) == ["print-shop/poster-bilingual-print-shop.pdf",
                                 "print-shop/poster-bilingual-tabloid-print-shop.pdf",
                                 "print/poster-bilingual-tabloid.pdf", "print/poster-bilingual.pdf"]


def test_readme_says_where_the_bilingual_posters_are_in_each_language():
    """With the kit's first language's files: under es/ for a kit that starts in Spanish."""
    files = [KitFile(Path("x.pdf"), "es/print/poster-bilingual.pdf", "Cartel bilingüe (Carta)", "Carta", 1)]
    readme = readme_text(files, "Agency", SITE_URL, "2026-01-01", ["es", "en"])
    assert "are in the kit once, under es/print/ and es/print-shop/." in readme
    assert "están una sola vez en el kit, en es/print/ y es/print-shop/." in readme
    assert "The bilingual posters" not in readme_text(files, "Agency", SITE_URL, "2026-01-01", ["es"])


@pytest.mark.parametrize("value, problem", [
    ("[fr]", "'fr' is not one of: en, es"),
    ("[en, en]", "['en', 'en'] has non-unique elements"),
    ("[]", "[] should be non-empty"),
])
def test_unknown_or_repeated_language_is_refused_in_one_line(tmp_path, value, problem):
    path = bad_copy(tmp_path, "languages: [en, es]", f"languages: {value}")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_kit.py"), "--agency", str(path),
                             "--out", str(tmp_path / "dist")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert re.match(rf"build_kit: {re.escape(str(path))}:{line_with(path, 'languages:')}: field languages(\.0)?: "
                    + re.escape(problem) + "$", lines[0]), lines[0]
    assert not (tmp_path / "dist").exists()


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
