"""The print kit: every product's PDF as specified in data/print/products.yml, in each language.

Most tests read the PDFs that `make build` wrote to $SITE_DIR/print-kit/ (English) and
$SITE_DIR/es/print-kit/ (Spanish); the others build products themselves into a temporary
folder (agency, reproducibility, failures).
"""
from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pdfplumber
import pypdf
import pytest
import segno
import weasyprint
import yaml

import datastore
import i18n
import pdfcore
from pdfcore import checks
import previews
from testbed.budgets import BUDGETS
from testbed.sitehost import transfer_size
import printkit
import printkit.build
import printkit.sources
import printkit.spec
from printkit import BuildError, FitError, build_products, load_specs
from printkit import content, render
from pdfcore import collisions
from printkit.qr import page_url
from settings import site_url

SPECS = load_specs() + load_specs("es")  # each with its .lang
BY_ID = {s.id: s for s in SPECS if s.lang == "en"}
CONTACTS = datastore.load_contacts()
HOTLINE = CONTACTS["hotline"]
SITE_URL = site_url()
KIT_PAGES = {"en": Path("print-kit"), "es": Path("es") / "print-kit"}
SPANISH = [s for s in SPECS if s.lang == "es"]


def spec_id(spec) -> str:
    return f"{spec.lang}-{spec.id}"
AGENCY = {
    "name": "Fictional County Sheriff's Office", "short_name": "FCSO", "logo": None, "state": "OH",
    "tip_line": {"phone": "419-555-0142", "text": "419-555-0143"}, "non_emergency": "419-555-0100",
    "web": "https://sheriff.example.org/trafficking", "partners": {
        "task_force": {"name": "Northwest Ohio Task Force", "phone": "419-555-0150"}},
}


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return compact("".join(c["text"] for page in pdf.pages for c in page.chars))


@pytest.fixture(scope="session")
def kit(site) -> dict[str, Path]:
    """Each language's kit folder."""
    folders = {lang: site / page for lang, page in KIT_PAGES.items()}
    for folder in folders.values():
        if not (folder / "fact-sheet.pdf").exists():
            pytest.fail(f"{folder} is not built: run `make build` (it runs scripts/build_print.py)")
    return folders


def only(monkeypatch, *ids):
    """Build just these English products (a full build takes a while)."""
    monkeypatch.setattr(printkit.build, "load_specs", lambda lang="en": [BY_ID[i] for i in ids])


# ---------- the built kit ----------

@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_size_and_page_count(kit, spec):
    reader = pypdf.PdfReader(kit[spec.lang] / f"{spec.id}.pdf")
    assert len(reader.pages) == spec.pages
    bleed = 0.25 if spec.print_shop else 0
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx((spec.size.width_in + bleed) * 72, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx((spec.size.height_in + bleed) * 72, abs=0.5)
        if spec.print_shop:  # trimmed to the product's size, crop marks outside it
            assert float(page.trimbox.width) == pytest.approx(spec.size.width_in * 72, abs=0.5)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_product_and_print_shop_version_is_built(kit, lang):
    specs = [s for s in SPECS if s.lang == lang]
    assert {p.stem for p in kit[lang].glob("*.pdf")} == {s.id for s in specs}
    shop = {s.id for s in specs if s.print_shop}
    assert {"poster-print-shop", "poster-tabloid-print-shop", "tip-card-print-shop", "wallet-card-print-shop",
            "poster-bilingual-print-shop", "poster-bilingual-tabloid-print-shop"} <= shop


def test_spanish_products_are_the_ones_asked_for():
    """Issue 16: the posters (both sizes, with print-shop versions), the wallet card, the fact
    sheet, the indicators sheet, the tip card, and the bilingual posters."""
    assert {s.id for s in SPANISH if not s.print_shop} == {
        "poster", "poster-tabloid", "wallet-card", "fact-sheet", "indicators", "tip-card",
        "poster-bilingual", "poster-bilingual-tabloid"}
    products = {p["id"]: p for p in datastore.load("print/products")["products"]}
    for spec in SPANISH:  # named in Spanish, from the product's es: mapping
        assert spec.title.startswith(products[spec.id.removesuffix("-print-shop")]["es"]["title"])


@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_hotline_phone_and_text_on_every_product(kit, spec):
    text = pdf_text(kit[spec.lang] / f"{spec.id}.pdf")
    assert compact(HOTLINE["phone"]) in text
    assert compact(HOTLINE["text"]) in text
    assert compact(CONTACTS["emergency"]["phone"]) in text


def _key_items(lang: str) -> dict[str, list[str]]:
    """What each product must print, from the data as `lang` reads it."""
    facts = i18n.localized(datastore.load("guide/key-facts"), lang)
    indicators = i18n.localized(datastore.load("field-guide/indicators"), lang)
    glossary = i18n.localized(datastore.load("field-guide/glossary"), lang)
    discussion = i18n.localized(datastore.load("field-guide/discussion-guide"), lang)
    hotline = i18n.localized(HOTLINE, lang)
    by_kind = {}
    for group in indicators["groups"]:
        by_kind.setdefault(group["kind"], []).extend(i["text"] for i in group["items"])
    signs_on_card = [i["text"] for g in indicators["groups"] if g["kind"] in content.SIGN_KINDS
                     for i in g["items"][:content.TIP_CARD_SIGNS_PER_GROUP]]
    poster = [facts["top10"][n - 1]["headline"] for n in content.POSTER_TOP10]
    return {
        "fact-sheet": [t["headline"] for t in facts["top10"]] + [t["detail"] for t in facts["top10"]]
        + list(facts["recruitment_places"]) + [f["figure"] for f in facts["key_figures"]]
        + by_kind["response"] + [CONTACTS["cybertipline"]["phone"]],
        "tip-card": signs_on_card + by_kind["questions"] + by_kind["response"],
        "indicators": [i["text"] for g in indicators["groups"] for i in g["items"]] + [indicators["intro"]],
        "glossary": [t["term"] for t in glossary["terms"]] + [t["definition"] for t in glossary["terms"]],
        "discussion-guide": [s["title"] for s in discussion["sessions"]]
        + [q for s in discussion["sessions"] for q in s["questions"]],
        "poster": poster, "poster-tabloid": poster,
        "poster-bilingual": BILINGUAL, "poster-bilingual-tabloid": BILINGUAL,
        "wallet-card": [hotline["hours"].split(i18n.print_text("hours_languages_start", lang))[0]],
    }


# Both languages' first poster message and the hotline's name in each.
BILINGUAL = [i18n.localized(datastore.load("guide/key-facts"), lang)["top10"][content.POSTER_TOP10[0] - 1]["headline"]
             for lang in i18n.LANGUAGES] + [i18n.localized(HOTLINE, lang)["name"] for lang in i18n.LANGUAGES]
KEY_ITEMS = {lang: _key_items(lang) for lang in i18n.LANGUAGES}


@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_key_items_from_the_data(kit, spec):
    text = pdf_text(kit[spec.lang] / f"{spec.id}.pdf")
    items = KEY_ITEMS[spec.lang][spec.id.removesuffix("-print-shop")]
    missing = [item for item in items if compact(item) not in text]
    assert not missing


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_wallet_card_names_no_crime(kit, lang):
    """A person at risk must be able to carry it: no word for the crime, no hotline name."""
    with pdfplumber.open(kit[lang] / "wallet-card.pdf") as pdf:
        text = " ".join(page.extract_text() for page in pdf.pages).casefold()
    assert i18n.print_text("wallet_title", lang).casefold() in " ".join(text.split())
    words = {"en": ("traffick", "sex", "exploit", "abuse", "hotline"),
             "es": ("trata", "tráfico", "sexual", "explota", "abuso", "línea nacional")}[lang]
    for word in words:
        assert word not in text


@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_no_text_below_8_pt(kit, spec):
    with pdfplumber.open(kit[spec.lang] / f"{spec.id}.pdf") as pdf:
        sizes = [c["size"] for page in pdf.pages for c in page.chars if c["text"].strip()]
    assert sizes and min(sizes) >= 7.99


@pytest.mark.parametrize("spec", [s for s in SPECS if s.size.key == "tabloid" and "poster" in s.template], ids=spec_id)
def test_tabloid_poster_hotline_readable_from_3_m(kit, spec):
    """Cap height >= 1 in (the rule of 1 in per 10 ft); Noto Sans caps are 0.714 em."""
    with pdfplumber.open(kit[spec.lang] / f"{spec.id}.pdf") as pdf:
        digits = [c for c in pdf.pages[0].chars if c["text"].isdigit()]
    biggest = max(c["size"] for c in digits)
    assert biggest * 0.714 / 72 >= 0.98
    number = "".join(c["text"] for c in digits if c["size"] == biggest)
    assert datastore.digits(HOTLINE["phone"]).lstrip("+") in number


def _fonts(reader: pypdf.PdfReader):
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            yield font["/BaseFont"], descendant.get("/FontDescriptor")


@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_fonts_embedded_and_subset(kit, spec):
    fonts = list(_fonts(pypdf.PdfReader(kit[spec.lang] / f"{spec.id}.pdf")))
    assert fonts
    for name, descriptor in fonts:
        assert re.match(r"^/[A-Z]{6}\+", name), f"{name} is not a subset"
        descriptor = descriptor.get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{name} not embedded"


@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_metadata_language_and_tags(kit, spec):
    reader = pypdf.PdfReader(kit[spec.lang] / f"{spec.id}.pdf")
    meta = reader.metadata
    assert meta.title.startswith(spec.title.split(",")[0].split(" (")[0])
    assert meta.author and meta.subject
    root = reader.trailer["/Root"]
    assert root["/Lang"] == spec.lang  # <html lang>: Spanish hyphenation in a Spanish product
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root


@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_qr_code_points_at_the_products_page(kit, spec):
    url = page_url(site_url(spec.lang), spec.page)  # a Spanish product opens the Spanish page
    reader = pypdf.PdfReader(kit[spec.lang] / f"{spec.id}.pdf")
    links = [a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots", [])
             if "/A" in a.get_object() and "/URI" in a.get_object()["/A"]]
    assert url in links
    # ...and the code drawn is segno's code for that URL (its first row of modules).
    if spec.template == "poster-bilingual":  # and a second code to the other language's page
        assert {page_url(site_url(lang), spec.page) for lang in i18n.LANGUAGES} <= set(links)
    html = render.html_for(spec, content.context(spec, site_url=site_url(spec.lang), agency=None))
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="svg", border=4, xmldecl=False, nl=False)
    path = re.search(rb'd="([^"]+)"', buffer.getvalue()).group(1).decode()
    assert path in html


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_preview_at_print_size_and_thumbnails_beside_each_product(kit, spec):
    names = {"preview": f"{spec.id}.png", "thumb": f"{spec.id}-thumb.png", "thumb-2x": f"{spec.id}-thumb-2x.png"}
    if spec.print_shop:  # the page shows the product's own pictures
        assert not any((kit[spec.lang] / name).exists() for name in names.values())
        return
    width_in, height_in = spec.size.width_in, spec.size.height_in
    expected = {"preview": (round(96 * width_in), round(96 * height_in)),  # 96 px to the inch
                "thumb": (96, round(96 * height_in / width_in)), "thumb-2x": (192, round(192 * height_in / width_in))}
    for kind, name in names.items():
        assert png_size((kit[spec.lang] / name).read_bytes()) == expected[kind], name


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_print_kit_page_with_its_thumbnails_fits_the_further_page_budget(site, kit, lang):
    """Every visit to the page loads all its 1x thumbnails (`make bench` measures it in a browser;
    this catches a heavier thumbnail or page before then)."""
    page = site / KIT_PAGES[lang] / "index.html"
    thumbs = re.findall(r'src="([a-z0-9-]+-thumb\.png)"', page.read_text(encoding="utf-8"))
    assert len(thumbs) == len([spec for spec in SPECS if spec.lang == lang and not spec.print_shop])
    weight = transfer_size(page) + sum(transfer_size(kit[lang] / name) for name in thumbs)
    assert weight <= BUDGETS["further page, heaviest"][0], f"{weight / 1024:.1f} KB"


ALT = {"en": "The {title}'s first page", "es": "Primera página, a tamaño de impresión: {title}"}


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_print_kit_page_links_every_product(site, kit, lang):
    html = (site / KIT_PAGES[lang] / "index.html").read_text(encoding="utf-8")
    for spec in SPECS:  # relative, so local and offline copies work (the guide PDF hook rewrites them)
        if spec.lang == lang:
            assert f'href="{spec.id}.pdf"' in html
    thumbs = re.findall(r'<a class="print-kit-thumb[^"]*" href="([^"]+)"><img([^>]*)></a>', html)
    products = [i18n.localized(p, lang) for p in datastore.load("print/products")["products"]
                if lang in printkit.spec.languages(p)]
    assert "poster-bilingual" in [p["id"] for p in products]  # listed on both pages
    assert [href for href, _ in thumbs] == [f'{p["id"]}.png' for p in products]  # each opens its preview
    for product, (_, tag) in zip(products, thumbs):
        assert f'src="{product["id"]}-thumb.png"' in tag and f'srcset="{product["id"]}-thumb-2x.png 2x"' in tag
        assert re.search(rf'alt="{re.escape(ALT[lang].format(title=product["title"].lower()))}[^"]*"', tag)
        shown = tuple(int(re.search(rf'{attr}="(\d+)"', tag)[1]) for attr in ("width", "height"))
        assert shown == png_size((kit[lang] / f'{product["id"]}-thumb.png').read_bytes()), tag  # not stretched
    for target in re.findall(r'(?:href|src|srcset)="([a-z0-9-]+\.(?:pdf|png))[" ]', html):
        assert (kit[lang] / target).exists(), target


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_print_kit_page_links_the_state_model_notices(site, lang):
    """No compliance claim: each page sends readers to the states' own notices, from the registry."""
    from bs4 import BeautifulSoup
    soup = BeautifulSoup((site / KIT_PAGES[lang] / "index.html").read_text(encoding="utf-8"), "html.parser")
    heading = soup.find(id="state-notice-laws")
    section = heading.find_next("ul")
    resources = {e["id"]: e for e in datastore.load("resources")[0]}
    links = {a["href"] for a in section.find_all("a")}
    for rid in ("tx-oag-commercial-signage", "ca-ag-model-notice", "gbi-2018-notice-release"):
        assert resources[rid]["cited_url"] in links
    text = " ".join(section.get_text().split())
    assert resources["fla-stat-787-29"]["title"] in text  # named, no confirmed address to link
    for state in ("Texas", "California", "Florida", "Georgia"):
        assert state in text


def _runs(path: Path) -> list[tuple[str, float]]:
    return [(text, size) for page in checks.printed_pages(path.read_bytes()) for text, size in page.runs if text.strip()]


def _hotline_size(path: Path) -> float:
    """The size the hotline's number is printed at (its largest)."""
    number = compact(HOTLINE["phone"])
    sizes = [size for text, size in _runs(path) if number in compact(text)]
    assert sizes, f"{path.name}: the hotline number is not printed in one run"
    return max(sizes)


@pytest.mark.parametrize("spec", [s for s in SPANISH if "poster" in s.template], ids=spec_id)
def test_spanish_poster_hotline_at_least_as_large_as_english(kit, spec):
    english = next(s for s in SPECS if s.lang == "en" and s.template == "poster" and s.size.key == spec.size.key
                   and s.print_shop == spec.print_shop)
    assert _hotline_size(kit["es"] / f"{spec.id}.pdf") >= _hotline_size(kit["en"] / f"{english.id}.pdf") - 0.01


@pytest.mark.parametrize("spec", [s for s in SPANISH if "poster" in s.template and s.size.key == "tabloid"], ids=spec_id)
def test_spanish_tabloid_poster_body_type_at_least_16_pt(kit, spec):
    """Everything but the small print at the foot (sources, the check line) and reference marks."""
    from bs4 import BeautifulSoup
    html = render.html_for(spec, content.context(spec, site_url=site_url("es"), agency=None))
    foot = compact(BeautifulSoup(html, "html.parser").find(class_="poster-foot").get_text())
    small = [(text, size) for text, size in _runs(kit["es"] / f"{spec.id}.pdf") if size < 15.99
             and compact(text) not in foot and not re.fullmatch(r"\[[\d,]+\]", compact(text))]
    assert not small


def test_indicator_groups_split_into_two_columns_of_about_one_height():
    def group(name, lines):  # each item one line of its column
        return {"title": name, "items": [{"text": "x" * (content.COLUMN_CHARS - 4), "refs": [1]}] * lines}
    a, b, c, d = group("a", 6), group("b", 2), group("c", 3), group("d", 3)
    # Reading order kept: down the left column, then the right. a+b is 4 lines longer than c+d;
    # a alone would be 8 lines shorter than b+c+d.
    assert content.two_columns([a, b, c, d]) == [[a, b], [c, d]]
    assert content.two_columns([d, c, b, a]) == [[d, c], [b, a]]
    assert content.two_columns([a, d]) == [[a], [d]]
    assert content.two_columns([a]) == [[a], []]


def test_wallet_card_says_how_to_reach_each_number_in_its_language(kit):
    """Each number's label, whole and right before it: "Envíe un mensaje de texto al" does not fit
    a label column, so in Spanish it sits above its number."""
    for lang in ("en", "es"):
        front = compact(checks.printed_pages((kit[lang] / "wallet-card.pdf").read_bytes())[0].text)
        for label, number in (("wallet_call", HOTLINE["phone"]), ("wallet_text", HOTLINE["text"])):
            assert compact(i18n.print_text(label, lang) + number) in front, (lang, label)


SPANISH_LETTERS = "áéíóúüñ¿¡ÁÉÍÓÚÑ"


def test_print_fonts_have_every_spanish_letter():
    """Rendered with the products' CSS, the Spanish letters come back as themselves, all in the
    products' font: none drawn as .notdef or taken from a fallback font."""
    html = (f'<!doctype html><html lang="es"><head><link rel="stylesheet" href="products.css"></head>'
            f'<body><p>{SPANISH_LETTERS}</p><p><strong>{SPANISH_LETTERS}</strong></p></body></html>')
    pdf = pdfcore.pdf_bytes(render.layout(html), "glyphs")
    [page] = checks.printed_pages(pdf)
    assert compact(page.text) == compact(SPANISH_LETTERS * 2)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        fonts = {c["fontname"].split("+")[-1] for c in doc.pages[0].chars if c["text"].strip()}
    assert fonts == {"Noto-Sans", "Noto-Sans-Bold"}, fonts  # the CSS font, regular and bold; no fallback


@pytest.mark.parametrize("spec", SPANISH, ids=spec_id)
def test_spanish_text_extracts_whole(kit, spec):
    """No replacement characters: every Spanish letter printed is a real glyph with its text."""
    text = "".join(page.text for page in checks.printed_pages((kit["es"] / f"{spec.id}.pdf").read_bytes()))
    assert "\ufffd" not in text and any(letter in text for letter in "áéíóúñ")


# ---------- building (into a temporary folder) ----------

def test_reproducible_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("PDF_CACHE", "off")  # both builds render: a cached copy would match anyway
    only(monkeypatch, "fact-sheet", "wallet-card-print-shop")
    first = build_products(tmp_path / "a", site_url=SITE_URL)
    second = build_products(tmp_path / "b", site_url=SITE_URL)
    for a, b in zip(first, second):
        assert a.pdf.read_bytes() == b.pdf.read_bytes()
        assert (a.png is None) == (b.png is None)
        if a.png is not None:  # the preview and both thumbnails
            for made, again in zip(previews.preview_files(a.png).values(), previews.preview_files(b.png).values()):
                assert made.read_bytes() == again.read_bytes(), made.name
    assert first[0].png is not None and first[1].png is None  # the print-shop version shows the product's
    assert pypdf.PdfReader(first[0].pdf).metadata["/CreationDate"].startswith("D:20231114")


def test_agency_beside_the_national_hotline(tmp_path):
    products = build_products(tmp_path / "kit", site_url=SITE_URL, agency=AGENCY)
    assert {p.id for p in products} == set(BY_ID)
    for product in products:
        spec = BY_ID[product.id]
        assert len(pypdf.PdfReader(product.pdf).pages) == spec.pages
        text = pdf_text(product.pdf)
        assert compact(HOTLINE["phone"]) in text, product.id
        assert compact(AGENCY["tip_line"]["phone"]) in text, product.id
        if spec.template != "wallet-card":
            assert compact(AGENCY["name"]) in text, product.id
        links = [a.get_object()["/A"]["/URI"] for page in pypdf.PdfReader(product.pdf).pages
                 for a in page.get("/Annots", []) if "/A" in a.get_object()]
        assert AGENCY["web"] in links and page_url(SITE_URL, spec.page) not in links


def test_agency_name_too_long_is_a_fit_error_and_writes_nothing(tmp_path, monkeypatch):
    only(monkeypatch, "wallet-card", "fact-sheet", "tip-card")
    out = tmp_path / "kit"
    agency = {**AGENCY, "name": "Office of the " + "Very Long Regional " * 12 + "Sheriff"}
    with pytest.raises(FitError) as caught:
        build_products(out, site_url=SITE_URL, agency=agency)
    assert (caught.value.product_id, caught.value.field) == ("fact-sheet", "name")
    assert "lines" in caught.value.message
    assert not out.exists()


def test_agency_tip_line_too_long_names_its_field(tmp_path, monkeypatch):
    only(monkeypatch, "tip-card")
    agency = {**AGENCY, "tip_line": {"web": "https://sheriff.example.org/" + "report/" * 20}}
    with pytest.raises(FitError) as caught:
        build_products(tmp_path / "kit", site_url=SITE_URL, agency=agency)
    assert (caught.value.product_id, caught.value.field) == ("tip-card", "tip_line.web")


def test_text_a_fixed_box_drops_is_reported_as_cut_off():
    """WeasyPrint drops a flex row that a fixed-height box with overflow hidden can't hold
    (the poster's footer did), without a word."""
    page = "<style>@page { size: 2in 2in; margin: 0 }</style>"
    box = '<div style="height: 2in; overflow: hidden; font-size: 30pt"><p>First</p><p>Second</p>{}</div>'
    lost = page + box.format('<div style="display: flex"><p>Footer</p></div>')
    problems = checks.lost_text(weasyprint.HTML(string=lost).render(), lost)
    assert problems and "Footer" in problems[0].message
    kept = page + box.format("")
    assert not checks.lost_text(weasyprint.HTML(string=kept).render(), kept)


def test_text_drawn_over_other_text_or_off_the_sheet_is_caught():
    """WeasyPrint draws a box that outgrows its column over its neighbour, or past the page edge,
    and every other check passes (the fact sheet's two contact tables did): pdfcore.collisions."""
    page = "<style>@page { size: 3in 2in; margin: 0.25in } p { margin: 0; font-size: 10pt }</style>"
    over = page + '<p>National numbers</p><p data-field="name" style="position: relative; top: -0.8em">Agency</p>'
    [problem] = collisions.check(weasyprint.HTML(string=over).render())
    assert (problem.check, problem.field) == ("overflow", "name")
    assert problem.message == "page 1: 'National numbers' runs into 'Agency'"
    off = page + '<p data-field="tip_line.web" style="white-space: nowrap">' + "www.example.org/" * 4 + "</p>"
    [problem] = collisions.check(weasyprint.HTML(string=off).render())
    assert problem.field == "tip_line.web" and "runs off the sheet" in problem.message
    apart = page + "<p>National numbers</p><p>Agency</p>"
    assert collisions.check(weasyprint.HTML(string=apart).render()) == []


LONG_AGENCY = {**AGENCY, "name": "Puerto Rico Department of Public Safety, Bureau of the PR Police",
               "short_name": "NPPR-TRATA",
               "tip_line": {"phone": "787-555-0133 ext. 123456", "text": "787-555-0134",
                            "web": "https://www.policia.pr.example.org/tips-trata-pr12"},
               "non_emergency": "928-555-0133 ext. 210"}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_fact_sheet_keeps_the_national_numbers_and_the_agency_lines_apart(lang):
    """Whom to call: two headed tables side by side, a clear gutter between them, at the lengths
    agency.yml allows, on the sheet's two pages."""
    spec = next(s for s in SPECS if s.id == "fact-sheet" and s.lang == lang)
    html = render.html_for(spec, content.context(spec, site_url=SITE_URL, agency=LONG_AGENCY))
    document = render.layout(html)
    assert render.check_layout(spec, document, html) == []
    with pdfplumber.open(io.BytesIO(render.pdf_bytes(spec, document, html))) as pdf:
        words = pdf.pages[1].extract_words()
    national = ("911", HOTLINE["phone"], CONTACTS["cybertipline"]["phone"], "report.cybertip.org", "tips.fbi.gov")
    national_right = max(w["x1"] for w in words if w["text"] in national)
    tip = next(w for w in words if w["text"] == "787-555-0133")
    label = min((w for w in words if abs(w["top"] - tip["top"]) < 2 and national_right < w["x0"] < tip["x0"]),
                key=lambda w: w["x0"])
    assert label["text"] == {"en": "Tip", "es": "Línea"}[lang]
    assert label["x0"] - national_right >= 18  # a quarter inch of gutter, at least
    text = compact(" ".join(w["text"] for w in words))
    assert compact({"en": "National numbers", "es": "Números nacionales"}[lang]) in text
    assert compact(LONG_AGENCY["name"]) in text


def _field_guide_copy(folder: Path, change) -> Path:
    folder.mkdir()
    for name in ("indicators", "glossary", "discussion-guide"):
        data = yaml.safe_load(printkit.sources.field_guide_path(name).read_text(encoding="utf-8"))
        change(name, data)
        (folder / f"{name}.yml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


def test_missing_data_item_names_product_and_field(tmp_path, monkeypatch):
    def drop_first_steps(name, data):
        if name == "indicators":
            data["groups"] = [g for g in data["groups"] if g["kind"] != "response"]
    monkeypatch.setattr(printkit.sources, "FIELD_GUIDE_DIR", _field_guide_copy(tmp_path / "fg", drop_first_steps))
    only(monkeypatch, "wallet-card", "fact-sheet")
    with pytest.raises(BuildError) as caught:
        build_products(tmp_path / "kit", site_url=SITE_URL)
    assert (caught.value.product_id, caught.value.field) == ("fact-sheet", "indicators.groups")
    assert "response" in caught.value.message
    assert not (tmp_path / "kit").exists()


def test_content_that_outgrows_its_pages_fails(tmp_path, monkeypatch):
    def double_terms(name, data):
        if name == "glossary":
            data["terms"] = data["terms"] * 3
    monkeypatch.setattr(printkit.sources, "FIELD_GUIDE_DIR", _field_guide_copy(tmp_path / "fg", double_terms))
    only(monkeypatch, "glossary")
    with pytest.raises(BuildError) as caught:
        build_products(tmp_path / "kit", site_url=SITE_URL)
    assert caught.value.product_id == "glossary"
    assert re.search(r"runs to \d+ page\(s\); its spec .* says 2", caught.value.message)


def test_text_missing_from_the_pdf_is_caught():
    spec = BY_ID["wallet-card"]
    html = render.html_for(spec, content.context(spec, site_url=SITE_URL, agency=None))
    pdf = render.pdf_bytes(spec, render.layout(html), html)  # as built: passes
    [problem] = checks.check_pdf(pdf, html.replace("</body>", "<p>Dropped line</p></body>"), render.expect(spec))
    assert (problem.check, problem.message) == ("text", "this text from the source is missing from the PDF: 'Dropped line'")
    [problem] = checks.check_pdf(pdf, html, render.expect(dataclasses.replace(spec, print_shop=True)))
    assert problem.check == "size" and problem.message.startswith("page 1 is 252 × 144 pt")


def test_type_below_8_pt_is_caught_at_its_printed_size():
    spec = BY_ID["wallet-card"]
    html = render.html_for(spec, content.context(spec, site_url=SITE_URL, agency=None))
    small = html.replace("</head>", "<style>.hours { font-size: 6pt !important; }</style></head>")
    with pytest.raises(BuildError, match="wallet-card: type size: text below 8 pt: '24hours"):
        render.pdf_bytes(spec, render.layout(small), small)
    pdf = pdfcore.pdf_bytes(render.layout(small), "test")
    # PDFium's sizes, scaled by each text object's matrices, are the sizes pdfplumber reads.
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        expected = {round(c["size"], 2) for page in doc.pages for c in page.chars if c["text"].strip()}
    printed = {round(size, 2) for page in checks.printed_pages(pdf) for text, size in page.runs if text.strip()}
    assert 6 in expected and printed == expected


def test_unknown_size_in_products_yml_names_file_line_and_field(tmp_path, monkeypatch):
    bad = tmp_path / "products.yml"
    text = (datastore.DATA / "print" / "products.yml").read_text(encoding="utf-8")
    bad.write_text(text.replace("size: card-wallet", "size: card-huge", 1), encoding="utf-8")
    monkeypatch.setattr(printkit.spec, "SPEC_FILE", bad)
    real = datastore.cached
    monkeypatch.setattr(datastore, "cached", lambda name, path=None: datastore.load(name, bad)
                        if name == "print/products" else real(name, path))
    with pytest.raises(datastore.DataError, match=r"products\.yml:\d+: entry \"wallet-card\", field size: 'card-huge'"):
        load_specs()


def test_print_word_without_its_spanish_names_file_line_and_field(tmp_path):
    bad = tmp_path / "words.yml"
    text = (datastore.DATA / "print" / "words.yml").read_text(encoding="utf-8")
    bad.write_text(text.replace("    es: Español\n", "", 1), encoding="utf-8")
    with pytest.raises(datastore.DataError, match=r"words\.yml:\d+: .*language_name\.es.*missing required field"):
        datastore.load("print/words", bad)


@pytest.mark.parametrize("lang, alt", [("en", "Riverbend Police Department logo"),
                                       ("es", "Logotipo de Riverbend Police Department")])
def test_the_agency_logo_is_described_in_the_products_language(lang, alt):
    """The logo's text alternative (read aloud from the tagged PDF) is in the product's language."""
    from kit_helpers import agency_of
    agency = agency_of("riverbend-police")
    spec = next(s for s in SPECS if s.id == "fact-sheet" and s.lang == lang)
    html = render.html_for(spec, content.context(spec, site_url=SITE_URL, agency=agency))
    logo = re.search(r'<img class="logo"[^>]*>', html)
    assert logo is not None and f'alt="{alt}"' in logo.group(0)
