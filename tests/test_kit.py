"""The agency kit's own pieces: agency.yml checks, phone format, the training
deck and the local resource directory, built for every example and for the
neutral kit. The zip as a whole is tested in test_kit_zip.py.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
import sys
from pathlib import Path

import pdfplumber
import pytest
from bs4 import BeautifulSoup
from pptx import Presentation
from pypdf import PdfReader

from conftest import ROOT
from kit_helpers import (EXAMPLES, LONG_NAME, SITE_URL, agency_of, bad_copy, deck_text, line_with,
                         local_number, pdf_shape, pdf_text, squash)

import datastore
from agencykit import deck, directory, slides
from agencykit.build import build_kit
from agencykit.kitzip import KitFile, write_zip
from agencykit.phones import format_phone
from i18n import long_date
from printkit import FitError, content, load_specs, render

CONTACTS = datastore.load_contacts()


@pytest.fixture(scope="session")
def parts(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """For each example and 'neutral': its deck and its directory sheet."""
    out = {}
    for name in EXAMPLES + ["neutral"]:
        agency = agency_of(name) if name != "neutral" else None
        work = tmp_path_factory.mktemp(name)
        out[name] = {
            "deck": deck.build_deck(work / "deck.pptx", site_url=SITE_URL, agency=agency,
                                    contacts=CONTACTS, work_dir=work),
            "sheet": directory.build_directory(work / "directory.pdf", agency=agency,
                                               contacts=CONTACTS, site_url=SITE_URL),
        }
    for name in ("riverbend-police", "neutral"):  # in Spanish: one agency, and the neutral kit
        agency = agency_of(name) if name != "neutral" else None
        work = tmp_path_factory.mktemp(f"{name}-es")
        out[f"{name}-es"] = {
            "deck": deck.build_deck(work / "deck.pptx", site_url=SITE_URL + "es/", agency=agency,
                                    contacts=CONTACTS, work_dir=work, lang="es"),
            "sheet": directory.build_directory(work / "directory.pdf", agency=agency, contacts=CONTACTS,
                                               site_url=SITE_URL + "es/", lang="es"),
        }
    return out


# -- the examples ----------------------------------------------------------------

def test_three_fictional_examples_use_reserved_numbers():
    assert len(EXAMPLES) == 3
    for name in EXAMPLES:
        text = (ROOT / "examples" / name / "agency.yml").read_text(encoding="utf-8")
        digits = [re.sub(r"\D", "", m) for m in re.findall(r"\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}", text)]
        assert digits, name
        assert all(d[-7:-4] == "555" and d[-4:-2] == "01" for d in digits), (name, digits)


def test_template_is_valid_against_the_schema():
    template = ROOT / "print" / "agency" / "agency.template.yml"
    datastore.validate(template, datastore.read_yaml(template), ROOT / "print" / "agency" / "agency.schema.json")


# -- the directory sheet ---------------------------------------------------------

def name_column(path: Path) -> str:
    """The text of the directory's "Name" column, between its heading and the next one."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        left = next(w["x0"] for w in words if w["text"] == "Name")
        right = next(w["x0"] for w in words if w["text"] == "Phone,")
        return squash(page.crop((left - 1, 0, right - 1, page.height)).extract_text())


def underlines(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages[0].lines) + len(pdf.pages[0].rects)


@pytest.mark.parametrize("name", EXAMPLES + ["neutral"])
def test_directory_sheet_is_one_letter_page(parts, name):
    assert pdf_shape(parts[name]["sheet"]) == [(612, 792)]


def test_directory_sheet_fills_given_partners_and_leaves_blank_lines(parts):
    agency = agency_of("north-plains-state-bureau")
    sheet = parts["north-plains-state-bureau"]["sheet"]
    names = name_column(sheet)
    for key, partner in agency["partners"].items():
        if partner:
            assert squash(partner["name"]) in names, key
    assert agency["partners"]["cps"] is None and "Child protective services" in pdf_text(sheet)
    # Blank lines are drawn as rules: more of them where partners are missing.
    assert underlines(sheet) > underlines(parts["riverbend-police"]["sheet"])
    assert underlines(parts["neutral"]["sheet"]) > underlines(sheet)


@pytest.mark.parametrize("name", EXAMPLES + ["neutral"])
def test_directory_sheet_puts_local_numbers_beside_national_ones(parts, name):
    text = pdf_text(parts[name]["sheet"])
    for key in ("hotline", "cybertipline", "hsi_tips", "emergency"):
        assert CONTACTS[key]["phone"] in text, key
    if name != "neutral":
        agency = agency_of(name)
        assert squash(agency["name"]) in text
        assert local_number(agency) in text and agency["non_emergency"] in text


# -- the training deck -----------------------------------------------------------

@pytest.mark.parametrize("name", EXAMPLES + ["neutral"])
def test_every_slide_has_speaker_notes(parts, name):
    slides = Presentation(str(parts[name]["deck"])).slides
    assert len(slides) >= 15
    for number, slide in enumerate(slides, 1):
        assert slide.has_notes_slide and len(slide.notes_slide.notes_text_frame.text) > 80, number


@pytest.mark.parametrize("name", EXAMPLES)
def test_agency_on_title_slide_and_in_every_footer(parts, name):
    agency = agency_of(name)
    texts = deck_text(parts[name]["deck"])
    assert squash(agency["name"]) in texts[0]
    for number, text in enumerate(texts[1:], 2):
        assert f"{squash(agency['name'])} | " in text, f"slide {number} footer"
    assert any(local_number(agency) in t for t in texts)


def test_deck_covers_the_topics(parts):
    text = " / ".join(deck_text(parts["neutral"]["deck"])).lower()
    for topic in ("what child sex trafficking is", "how big the problem is", "who is targeted",
                  "response protocol", "partners who can help", "five programs", "texas", "denver",
                  "dallas", "michigan", "toledo", "numbers to keep at hand", "state and local law"):
        assert topic in text, topic


@pytest.mark.parametrize("name", EXAMPLES + ["neutral"])
def test_deck_national_numbers_come_from_contacts(parts, name):
    text = " ".join(deck_text(parts[name]["deck"]))
    for key in ("hotline", "cybertipline", "hsi_tips"):
        assert CONTACTS[key]["phone"] in text, key


def law_slide(pptx: Path) -> str:
    return next(t for t in deck_text(pptx) if t.startswith("State and local law"))


def test_state_law_slide_filled_from_agency_yml(parts):
    note = agency_of("cold-creek-sheriff")["state_law_note"]
    slide = law_slide(parts["cold-creek-sheriff"]["deck"])
    assert squash(note) in slide
    assert "Add your state and local law here" not in slide


def test_spanish_deck_shows_the_spanish_state_law_note(tmp_path):
    """state_law_note_es on the Spanish deck's law slide; the English deck keeps state_law_note."""
    from agencykit.build import build_kit
    agency = agency_of("riverbend-police")
    zip_path = build_kit(ROOT / "examples" / "riverbend-police" / "agency.yml", tmp_path)
    with zipfile.ZipFile(zip_path) as kit:
        kit.extractall(tmp_path / "kit")
    decks = {lang: next((tmp_path / "kit" / folder).glob("*-training-deck.pptx")) for lang, folder in (("en", "."), ("es", "es"))}
    spanish = next(t for t in deck_text(decks["es"]) if t.startswith("Leyes estatales y locales"))
    assert squash(agency["state_law_note_es"]) in spanish and squash(agency["state_law_note"]) not in spanish
    assert squash(agency["state_law_note"]) in law_slide(decks["en"])


@pytest.mark.parametrize("name", ["north-plains-state-bureau", "neutral"])
def test_state_law_slide_marked_when_no_note(parts, name):
    assert "Add your state and local law here" in law_slide(parts[name]["deck"])


def test_libreoffice_converts_the_deck_one_page_per_slide(parts, tmp_path):
    pptx = parts["riverbend-police"]["deck"]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: scripts/install-system-deps.sh installs libreoffice-impress-nogui"
    # A private profile, so parallel runs and a desktop LibreOffice don't interfere.
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(pptx)],
                   check=True, capture_output=True, timeout=300)
    pdf = tmp_path / f"{pptx.stem}.pdf"
    assert len(pdf_shape(pdf)) == len(Presentation(str(pptx)).slides)
    with pdfplumber.open(pdf) as doc:
        assert "Riverbend Police Department" in squash(doc.pages[0].extract_text())


def test_long_name_is_measured_on_the_deck_and_the_directory(tmp_path):
    agency = dict(agency_of("riverbend-police"), name=LONG_NAME)
    with pytest.raises(FitError) as caught:
        deck.build_deck(tmp_path / "d.pptx", site_url=SITE_URL, agency=agency, contacts=CONTACTS, work_dir=tmp_path)
    assert (caught.value.product_id, caught.value.field) == ("training-deck", "name")
    with pytest.raises(FitError) as caught:
        directory.build_directory(tmp_path / "d.pdf", agency=agency, contacts=CONTACTS, site_url=SITE_URL)
    assert (caught.value.product_id, caught.value.field) == ("directory", "name")
    assert not (tmp_path / "d.pdf").exists()


# -- the Spanish deck and directory ------------------------------------------------

def deck_notes(pptx: Path) -> list[str]:
    return [squash(slide.notes_slide.notes_text_frame.text) for slide in Presentation(str(pptx)).slides]


# Words the English deck and its contact rows print around the data; none may be left in Spanish.
ENGLISH_WORDS = ("Your agency", "your agency", "Web edition of the guide", "Tip line", "tip line",
                 "Our ", "Emergency", "Human trafficking, 24/7", "Federal tips", "call ", "text 2",
                 "(checked", "Source:", "Sources:", "Welcome", "Numbers to keep at hand")


@pytest.mark.parametrize("name", ["riverbend-police", "neutral"])
def test_spanish_deck_has_the_english_slides_in_spanish(parts, name):
    english, spanish = parts[name]["deck"], parts[f"{name}-es"]["deck"]
    assert len(Presentation(str(spanish)).slides) == len(Presentation(str(english)).slides)
    texts, notes = deck_text(spanish), deck_notes(spanish)
    for number, (text, note) in enumerate(zip(texts, notes), 1):
        for word in ENGLISH_WORDS:
            assert word not in text and word not in note, (number, word)
        assert len(note) > 80, number
    assert texts[0].startswith("Trata sexual de menores: cómo reconocerla y cómo responder")
    assert "trata" in " ".join(notes) and "Fuente:" in " ".join(notes)
    assert Presentation(str(spanish)).core_properties.language == "es-US"
    assert Presentation(str(english)).core_properties.language == "en-US"


def test_spanish_deck_reads_contacts_and_dates_in_spanish(parts):
    texts = deck_text(parts["riverbend-police-es"]["deck"])
    notes = " ".join(deck_notes(parts["riverbend-police-es"]["deck"]))
    hotline = CONTACTS["hotline"]
    table = next(t for t in texts if t.startswith("Números que debe tener a mano"))
    assert f"{hotline['es']['name']} llame al {hotline['phone']}" in table
    assert "Emergencias 911" in table
    local = next(t for t in texts if t.startswith("Nuestros aliados locales"))
    assert "Línea de denuncias de RPD llame al 419-555-0142" in local
    assert f"(verificado el {long_date(str(hotline['last_verified']), 'es')})" in notes
    assert hotline["es"]["operator"] in notes
    assert all(f"Riverbend Police Department | Trata sexual de menores" in t for t in texts[1:])
    assert f"Edición web de la guía: {SITE_URL}es/" in texts[0]


def test_spanish_neutral_deck_says_su_agencia(parts):
    texts = deck_text(parts["neutral-es"]["deck"])
    assert "Su agencia" in texts[0] and all("Su agencia | " in t for t in texts[1:])
    assert "Agregue aquí sus leyes estatales y locales" in next(t for t in texts if t.startswith("Leyes estatales"))


def test_translated_slides_skip_their_front_matter():
    source = (ROOT / "print" / "deck" / "es" / "00-title.md").read_text(encoding="utf-8")
    assert source.startswith("---\ntranslation_of: 00-title.md\n")
    parsed = slides.parse(source, "00-title.md")
    assert parsed[0].title.startswith("Trata sexual de menores") and parsed[0].layout == "title"
    assert not any("translation_" in p.text for s in parsed for p in s.body)
    assert slides.parse(source.split("---\n", 2)[2], "x") == [
        slides.SlideSource(s.title, "x", s.layout, s.body, s.notes) for s in parsed]


def test_state_law_note_that_does_not_fit_is_named_in_either_language(tmp_path):
    agency = dict(agency_of("cold-creek-sheriff"), state_law_note="Una nota muy larga sobre la ley. " * 60)
    for lang in ("en", "es"):
        with pytest.raises(FitError) as caught:
            deck.build_deck(tmp_path / f"{lang}.pptx", site_url=SITE_URL, agency=agency, contacts=CONTACTS,
                            work_dir=tmp_path, lang=lang)
        assert (caught.value.product_id, caught.value.field) == ("training-deck", "state_law_note"), lang


def test_spanish_variants_of_the_name_are_used_where_given(tmp_path):
    agency = dict(agency_of("riverbend-police"), name_es="Departamento de Policía de Riverbend",
                  short_name_es="DPR")
    pptx = deck.build_deck(tmp_path / "d.pptx", site_url=SITE_URL, agency=agency, contacts=CONTACTS,
                           work_dir=tmp_path, lang="es")
    texts = deck_text(pptx)
    assert "Departamento de Policía de Riverbend" in texts[0]
    assert "Línea de denuncias de DPR" in next(t for t in texts if t.startswith("Nuestros aliados locales"))
    english = deck_text(deck.build_deck(tmp_path / "e.pptx", site_url=SITE_URL, agency=agency,
                                        contacts=CONTACTS, work_dir=tmp_path))
    assert "Riverbend Police Department" in english[0] and "DPR" not in " ".join(english)
    sheet = directory.build_directory(tmp_path / "s.pdf", agency=agency, contacts=CONTACTS,
                                      site_url=SITE_URL, lang="es")
    assert "Departamento de Policía de Riverbend" in pdf_text(sheet)


def test_bilingual_poster_names_the_agency_in_each_column_language():
    agency = dict(agency_of("riverbend-police"), short_name_es="DPR")
    spec = next(s for s in load_specs("en") if s.template == "poster-bilingual")
    html = render.html_for(spec, content.context(spec, site_url=SITE_URL, agency=agency))
    lines = {side["lang"]: " ".join(side.select_one(".local-line").get_text().split())
             for side in BeautifulSoup(html, "html.parser").select(".report-side")}
    tip = agency["tip_line"]["phone"]
    assert lines["en"].startswith("RPD:") and lines["es"].startswith("DPR:"), lines
    assert all(tip in line for line in lines.values()), lines


def test_spanish_directory_sheet_is_in_spanish(parts):
    sheet = parts["riverbend-police-es"]["sheet"]
    assert pdf_shape(sheet) == [(612, 792)]
    text = pdf_text(sheet)
    for words in ("Directorio local de recursos: trata sexual de menores", "Nuestra agencia", "Aliados locales",
                  "Números nacionales", "Un menor en peligro inmediato: llame al 911",
                  "Línea de denuncias", "Servicios de protección infantil", "Intérprete o línea de idiomas",
                  CONTACTS["hotline"]["es"]["name"], "Riverbend Police Department"):
        assert words in text, words
    for words in ("Local partners", "National numbers", "Our agency", "Phone, e-mail", "Keep this sheet"):
        assert words not in text, words
    assert PdfReader(sheet).trailer["/Root"]["/Lang"] == "es"
    assert PdfReader(parts["riverbend-police"]["sheet"]).trailer["/Root"]["/Lang"] == "en"


# -- bad agency files -------------------------------------------------------------

BAD_FILES = {
    "malformed phone": ("phone: 419-555-0142", "phone: 419-55-0142", "419-55-0142", "tip_line.phone"),
    "missing logo": ("logo: logo.svg", "logo: emblem.svg", "logo:", "logo"),
    "text file named logo.png": ("logo: logo.svg", "logo: fake.png", "logo:", "logo"),
    "svg that is not svg": ("logo: logo.svg", "logo: page.svg", "logo:", "logo"),
    "unknown state": ("state: OH", "state: XX", "state:", "state"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_agency_file_names_file_line_and_field_and_leaves_no_zip(case, tmp_path):
    old, new, needle, field = BAD_FILES[case]
    path = bad_copy(tmp_path, old, new)
    (tmp_path / "fake.png").write_text("not an image, just text\n", encoding="utf-8")
    (tmp_path / "page.svg").write_text("<html><body>not a drawing</body></html>\n", encoding="utf-8")
    out = tmp_path / "dist"
    with pytest.raises(datastore.DataError) as caught:
        build_kit(path, out, SITE_URL)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line_with(path, needle)}: field {field}: "), message
    assert not out.exists()


def test_command_line_reports_the_error_and_exits_1(tmp_path):
    path = bad_copy(tmp_path, "state: OH", "state: XX")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_kit.py"), "--agency", str(path),
                             "--out", str(tmp_path / "dist")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"agency.yml:{line_with(path, 'state:')}: field state: 'XX'" in result.stderr
    assert not (tmp_path / "dist").exists()


def test_help_explains_the_command():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_kit.py"), "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "--agency" in result.stdout and "--out" in result.stdout and "neutral" in result.stdout


# -- phone numbers and the zip ------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("(406) 555-0142", "406-555-0142"),
    ("406.555.0142", "406-555-0142"),
    ("+1 406 555 0142", "406-555-0142"),
    ("1 (701) 555-0142", "701-555-0142"),
    ("701-555-0120 ext. 4", "701-555-0120 ext. 4"),
    ("701 555 0120 x4", "701-555-0120 ext. 4"),
    ("888 555 0199", "1-888-555-0199"),
    ("311", "311"),
])
def test_phone_numbers_have_one_format(raw, expected):
    assert format_phone(raw) == expected


def test_national_numbers_already_use_that_format():
    for key, entry in CONTACTS.items():
        if "phone" in entry:
            assert format_phone(entry["phone"]) == entry["phone"], key


def test_failed_zip_leaves_nothing_and_keeps_the_old_kit(tmp_path):
    target = tmp_path / "x-kit.zip"
    target.write_bytes(b"old kit")
    present = tmp_path / "a.pdf"
    present.write_bytes(b"%PDF-1.7")
    files = [KitFile(present, "a.pdf", "A", "Letter", 1), KitFile(tmp_path / "gone.pdf", "b.pdf", "B", "Letter", 1)]
    with pytest.raises(FileNotFoundError):
        write_zip(target, files, "- a.pdf: A\n- b.pdf: B\n")
    assert target.read_bytes() == b"old kit"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "x-kit.zip"]
