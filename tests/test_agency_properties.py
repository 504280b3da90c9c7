"""Property-based tests of agency.yml with Hypothesis.

Valid files (unicode names, U.S. territories, extensions, short codes, optional fields left out,
every length up to its limit in print/agency/agency.schema.json) must give a kit whose every PDF
passed the print kit's checks: build_kit raises on the first product that does not fit. Invalid
files, one field broken at a time, must stop with one line naming agency.yml, the line and that
field, without a traceback and without a zip.

Rendering a kit takes a while, so `make test` tries a few valid files; `make fuzz` runs the
"fuzz" profile (HYPOTHESIS_PROFILE=fuzz), many more of each.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

import datastore
from agencykit.agency import SCHEMA, load_agency
from agencykit.build import build_kit
from agencykit.kitzip import language_folder
from printkit.spec import load_specs
from conftest import ROOT
from kit_helpers import SITE_URL

FUZZ = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
settings.register_profile("fuzz", deadline=None, print_blob=True)
settings.register_profile("default", deadline=None, database=None)
settings.load_profile("fuzz" if FUZZ else "default")

LIMITS = json.loads(SCHEMA.read_text(encoding="utf-8"))
PROPS, DEFS = LIMITS["properties"], LIMITS["$defs"]
NAME_MAX = PROPS["name"]["maxLength"]
SHORT_MAX = PROPS["short_name"]["maxLength"]
assert (PROPS["name_es"]["maxLength"], PROPS["short_name_es"]["maxLength"]) == (NAME_MAX, SHORT_MAX)
TIP_WEB_MAX = PROPS["tip_line"]["properties"]["web"]["maxLength"]
URL_MAX = DEFS["url"]["maxLength"]
PARTNER_NAME_MAX = DEFS["partner"]["properties"]["name"]["maxLength"]
EMAIL_MAX = DEFS["partner"]["properties"]["email"]["maxLength"]
NOTE_MAX = PROPS["state_law_note"]["maxLength"]
assert PROPS["state_law_note_es"]["maxLength"] == NOTE_MAX
STATES = PROPS["state"]["enum"]
TERRITORIES = ["AS", "GU", "MP", "PR", "VI"]
LOGOS = {"logo.svg": ROOT / "examples" / "riverbend-police" / "logo.svg",
         "logo.png": ROOT / "examples" / "north-plains-state-bureau" / "logo.png"}

# Letters as agency names are written in the states and territories: English, Spanish,
# Hawaiian (ʻokina, macrons), Chamorro (å), Samoan, French.
LOWER = "abcdefghijklmnopqrstuvwxyzáéíóúñüåāēīōūçèàâêôë"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZÁÉÍÓÚÑÅĀŌÇÈ"


@st.composite
def words(draw, max_len: int, min_len: int = 3) -> str:
    """Words of 1 to 14 letters (some capitalized, some joined by ʻ ’ - or &) filling a drawn length
    from min_len up to max_len, the limit included."""
    target = draw(st.one_of(st.just(max_len), st.integers(min_len, max_len)))
    text = ""
    while len(text) < target:
        head = draw(st.sampled_from(UPPER + LOWER[:8]))
        tail = draw(st.text(LOWER, min_size=0, max_size=13))
        joiner = draw(st.sampled_from([" "] * 8 + ["-", " & ", "ʻ", "’", ", "]))
        text += (joiner if text else "") + head + tail
    text = text[:target].strip(" ,&-ʻ’")
    assume(len(text) >= min_len)
    return text


def short_names():
    """Capitals and hyphens, 2 to SHORT_MAX of them, not all hyphens ("CCSO", "NPPR-TRATA")."""
    return st.text(UPPER + "-", min_size=2, max_size=SHORT_MAX).filter(lambda s: s.strip("-"))


@st.composite
def phones(draw, extensions: bool = True, n11: bool = True) -> str:
    if n11 and draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(["211", "311", "411", "511", "811"]))
    a, b, c = draw(st.integers(200, 999)), draw(st.integers(200, 999)), f"{draw(st.integers(0, 9999)):04d}"
    shape = draw(st.sampled_from(["{a}-{b}-{c}", "({a}) {b}-{c}", "{a}.{b}.{c}", "+1 {a} {b} {c}", "1-{a}-{b}-{c}"]))
    number = shape.format(a=a, b=b, c=c)
    if extensions and draw(st.booleans()):
        ext = draw(st.text("0123456789", min_size=1, max_size=6))
        number += draw(st.sampled_from([" x ", " x", " ext. ", " ext "])) + ext
    return number


@st.composite
def urls(draw, max_len: int) -> str:
    host = draw(st.text("abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=20)).strip("-") or "agency"
    base = f"https://{draw(st.sampled_from(['', 'www.']))}{host}.example.org/"
    path = draw(st.text("abcdefghijklmnopqrstuvwxyz0123456789-/", max_size=max_len))
    return (base + path)[:max_len]


@st.composite
def emails(draw) -> str:
    user = draw(st.text("abcdefghijklmnopqrstuvwxyz0123456789._-", min_size=1, max_size=EMAIL_MAX - 33))
    host = draw(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=20))
    return f"{user}@{host}.example.org"


@st.composite
def partners(draw) -> dict:
    out = {}
    for key in draw(st.sets(st.sampled_from(list(PROPS["partners"]["properties"])))):
        partner = {"name": draw(words(PARTNER_NAME_MAX, 2))}
        if draw(st.booleans()):
            partner["phone"] = draw(phones())
        if draw(st.booleans()):
            partner["email"] = draw(emails())
        if draw(st.booleans()):
            partner["web"] = draw(urls(URL_MAX))
        out[key] = partner
    return out


@st.composite
def agency_files(draw) -> dict:
    """A dict that agency.schema.json accepts, written as agency.yml would be; some ask for the
    Spanish kit too (languages, name_es, short_name_es)."""
    tip_keys = draw(st.sets(st.sampled_from(["phone", "text", "web"]), min_size=1))
    tip = {}
    if "phone" in tip_keys:
        tip["phone"] = draw(phones())
    if "text" in tip_keys:
        tip["text"] = draw(st.one_of(phones(extensions=False, n11=False),
                                     st.text("0123456789", min_size=5, max_size=6)))
    if "web" in tip_keys:
        tip["web"] = draw(urls(TIP_WEB_MAX))
    agency = {
        "name": draw(words(NAME_MAX)),
        "short_name": draw(short_names()),
        "state": draw(st.one_of(st.sampled_from(TERRITORIES), st.sampled_from(STATES))),
        "tip_line": tip,
        "non_emergency": draw(phones()),
    }
    if draw(st.booleans()):
        agency["logo"] = draw(st.sampled_from(sorted(LOGOS)))
    if draw(st.booleans()):
        agency["web"] = draw(urls(URL_MAX))
    chosen = draw(partners())
    if chosen:
        agency["partners"] = chosen
    if draw(st.booleans()):
        agency["state_law_note"] = draw(words(NOTE_MAX, 10))
    # Many files leave languages out (an English kit); a kit in both languages doubles the rendering.
    languages = draw(st.sampled_from([None, None, ["en"], ["es"], ["en", "es"], ["es", "en"]]))
    if languages:
        agency["languages"] = languages
        if "es" in languages and draw(st.booleans()):
            agency["name_es"] = draw(words(NAME_MAX))
        if "es" in languages and draw(st.booleans()):
            agency["short_name_es"] = draw(short_names())
        if "es" in languages and draw(st.booleans()):
            agency["state_law_note_es"] = draw(words(NOTE_MAX, 10))
    return agency


def write_agency(folder: Path, agency: dict) -> Path:
    """agency.yml in `folder`, beside a copy of the logo it names (if it names one of LOGOS)."""
    folder.mkdir(parents=True, exist_ok=True)
    if agency.get("logo") in LOGOS:
        shutil.copy(LOGOS[agency["logo"]], folder / agency["logo"])
    path = folder / "agency.yml"
    path.write_text(yaml.safe_dump(agency, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return path


def _compact(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


# -- valid files -------------------------------------------------------------------------------

# Every field at its limit, in a territory, with extensions, in both languages: always tried, then
# random files.
AT_THE_LIMITS = {
    "name": "Puerto Rico Department of Public Safety, Bureau of the PR Police",
    "short_name": "NPPR-TRATA",
    "name_es": "Departamento de Seguridad Pública, Negociado de la Policía de PR",
    "short_name_es": "PPR-TRATAS",
    "languages": ["en", "es"],
    "logo": "logo.png",
    "state": "PR",
    "web": "https://www.policia.pr.example.org/reportar-trata-de-menores",
    "tip_line": {"phone": "(787) 555-0133 ext. 123456", "text": "787-555-0134",
                 "web": "https://www.policia.pr.example.org/tips-trata-pr12"},
    "non_emergency": "(928) 555-0133 x 210",
    "partners": {key: {"name": "Guåhan Regional Child Exploitation and Human Trafficking Task Force, North Units",
                       "phone": "1-800-555-0199 ext. 654321",
                       "email": "investigaciones.trata-de-menores@policia-pr-abcd.example.org",
                       "web": "https://www.policia.pr.example.org/reportar-trata-de-menores"}
                 for key in PROPS["partners"]["properties"]},
    "state_law_note": (("Example text for a fictional agency. Ask your prosecutor for a short summary of "
                        "the statutes on child sex trafficking. ") * 6)[:699].strip() + ".",
    "state_law_note_es": (("Texto de ejemplo para una agencia ficticia. Pida a su fiscal un resumen breve de "
                           "las leyes sobre la trata sexual de menores. ") * 6)[:699].strip() + ".",
}

@settings(max_examples=100 if FUZZ else 1, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(agency=agency_files())
@example(agency=AT_THE_LIMITS)
def test_every_valid_agency_file_gives_a_kit_that_passes_every_check(agency, tmp_path_factory):
    work = tmp_path_factory.mktemp("kit")
    path = write_agency(work / "agency", agency)
    kit = build_kit(path, work / "dist", SITE_URL)  # raises on any product that fails its checks
    with zipfile.ZipFile(kit) as archive:
        archive.extractall(work / "unzipped")
    pdfs = sorted((work / "unzipped").rglob("*.pdf"))
    assert len(pdfs) >= 9, pdfs
    for pdf in pdfs:
        assert len(PdfReader(pdf).pages) >= 1, pdf.name
    checked = load_agency(path).agency
    for lang in checked["languages"]:
        folder = work / "unzipped" / language_folder(lang)
        directory = folder / "local-resource-directory.pdf"
        text = _compact(" ".join(page.extract_text() or "" for page in PdfReader(directory).pages))
        assert _compact(checked.get(f"name_{lang}") or checked["name"]) in text, lang
        # Every product of the language, the bilingual posters with the first language only.
        made = {p.stem for p in (folder / "print").glob("*.pdf")}
        assert made == {s.id for s in load_specs(lang) if not s.print_shop
                        and (lang == checked["languages"][0] or not s.bilingual)}, lang
    assert (work / "unzipped" / "es").is_dir() == ("es" in checked["languages"])


@settings(max_examples=1000 if FUZZ else 40)
@given(agency=agency_files())
def test_every_generated_file_is_one_the_schema_accepts(agency, tmp_path_factory):
    """The generator makes only valid files, at the limits: what the kit test builds is valid input."""
    path = write_agency(tmp_path_factory.mktemp("valid") / "agency", agency)
    assert load_agency(path).agency["state"] == agency["state"]


# -- invalid files -----------------------------------------------------------------------------

BASE = yaml.safe_load((ROOT / "examples" / "riverbend-police" / "agency.yml").read_text(encoding="utf-8"))


def _set(agency: dict, field: str, value) -> dict:
    """A deep copy of `agency` with the dotted field set to `value` (None: left out)."""
    out = json.loads(json.dumps(agency))
    *parents, last = field.split(".")
    node = out
    for step in parents:
        node = node.setdefault(step, {})
    if value is None:
        node.pop(last, None)
    else:
        node[last] = value
    return out


# field -> strategies of values the schema (or the logo check) must refuse
BROKEN = {
    "name": st.one_of(st.just("  "), st.just("AB"), words(NAME_MAX + 40, NAME_MAX + 1)),
    "short_name": st.one_of(st.just("X"), st.text(UPPER, min_size=SHORT_MAX + 1, max_size=SHORT_MAX + 20)),
    "state": st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=3).filter(lambda s: s not in STATES),
    "tip_line.phone": st.one_of(st.just("419-55-0142"), st.just("555-0142"), st.just("419-555-0142 ext. 1234567"),
                                st.text("0123456789-", min_size=1, max_size=9)),
    "tip_line.text": st.one_of(st.just("1234"), st.just("1234567"), st.just("text BEFREE")),
    "tip_line.web": st.one_of(st.just("police.example.org/tips"), st.just('https://example.org/"><script>'),
                              st.just("https://example.org/a b"), st.just("javascript:alert(1)"),
                              urls(TIP_WEB_MAX + 40).filter(lambda u: len(u) > TIP_WEB_MAX)),
    "non_emergency": st.one_of(st.just("911-555"), st.just("(419) 555-01000"), st.just("")),
    "web": st.one_of(st.just("ftp://example.org/x"), st.just("https://example.org/<b>"),
                     urls(URL_MAX + 40).filter(lambda u: len(u) > URL_MAX)),
    "partners.cps.email": st.one_of(st.just("not an address"), st.just("a@b"), st.just('"x"@example.org')),
    "partners.cps.name": st.one_of(st.just("A"), words(PARTNER_NAME_MAX + 40, PARTNER_NAME_MAX + 1)),
    "partners.cps.phone": st.just("CALL-US-NOW"),
    "partners.sheriff": st.just({"name": "Someone else"}),
    "state_law_note": st.one_of(st.just("short"), words(NOTE_MAX + 100, NOTE_MAX + 1)),
    "logo": st.sampled_from(["logo.gif", "missing.svg", "../logo.svg", "/etc/logo.png"]),
    "colour": st.just("navy"),
    "languages": st.sampled_from([["en", "en"], ["es", "en", "es"], [], "es", "en, es"]),
    "name_es": st.one_of(st.just("AB"), words(NAME_MAX + 40, NAME_MAX + 1)),
    "state_law_note_es": st.one_of(st.just("corto"), words(NOTE_MAX + 100, NOTE_MAX + 1)),
}
REQUIRED = ["name", "short_name", "state", "tip_line", "non_emergency"]


def _expect(path: Path, field: str, message: str) -> None:
    """`message` is one line: agency.yml, the line of the broken field, then the field."""
    assert "\n" not in message and "Traceback" not in message, message
    line = datastore.line_of(datastore.read_yaml(path), field.split("."))
    assert message.startswith(f"{path}:{line}: field {field}: "), message


@settings(max_examples=1000 if FUZZ else 60)
@given(data=st.data(), field=st.sampled_from(sorted(BROKEN)))
def test_each_broken_field_is_named_with_its_line(data, field, tmp_path_factory):
    value = data.draw(BROKEN[field], label=field)
    work = tmp_path_factory.mktemp("broken")
    path = write_agency(work / "agency", _set(BASE, field, value))
    with pytest.raises(datastore.DataError) as caught:
        build_kit(path, work / "dist", SITE_URL)
    _expect(path, field, str(caught.value))
    assert not (work / "dist").exists()


@settings(max_examples=20 if FUZZ else 5)
@given(field=st.sampled_from(REQUIRED))
def test_each_missing_required_field_is_named(field, tmp_path_factory):
    folder = tmp_path_factory.mktemp("missing") / "agency"
    path = write_agency(folder, _set(BASE, field, None))
    with pytest.raises(datastore.DataError) as caught:
        load_agency(path)
    assert f"field {field}: missing required field" in str(caught.value)


@settings(max_examples=8 if FUZZ else 3)
@given(data=st.data(), field=st.sampled_from(["name", "tip_line.web", "partners.cps.email", "logo", "state"]))
def test_command_line_exits_1_with_one_line_and_no_zip(data, field, tmp_path_factory):
    agency = _set(BASE, field, data.draw(BROKEN[field], label=field))
    work = tmp_path_factory.mktemp("cli")
    path = write_agency(work / "agency", agency)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_kit.py"), "--agency", str(path),
                             "--out", str(work / "dist")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    _expect(path, field, lines[0].removeprefix("build_kit: "))
    assert not (work / "dist").exists()
