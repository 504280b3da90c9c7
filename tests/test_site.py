"""The web edition: every page built, the guide's facts present, notes and contacts right."""
from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.utils.meta import get_data

from conftest import ROOT, built_path

import citations
import datastore
import i18n
import settings

# Where each fact of the guide stands, with what it counts and its period: tests/test_facts.py.
RECRUITMENT_PLACES = ["Hotels", "Homes", "Schools", "Malls", "House parties", "social media",
                      "text messages", "Truck stops", "train tracks", "bus stops", "Super Bowl",
                      "Vehicles", "Restaurants"]
PHONE = re.compile(r"(?<![\d-])(?:\+?1[-. ]?)?\(?([2-9]\d{2})\)?[-. ]?(\d{3})[-. ](\d{4})(?!\d)")


def page_files(site_dir: Path) -> list[Path]:
    return [p for p in sorted(site_dir.rglob("*.html"))
            if "assets" not in p.parts and p.name != "404.html"]


def text_of(page: Path) -> str:
    raw = page.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def test_strict_build_passes(tmp_path):
    out = subprocess.run([str(ROOT / ".venv/bin/mkdocs"), "build", "--strict", "-q", "-d", str(tmp_path / "s")],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-3000:]
    assert (tmp_path / "s" / "index.html").exists()


def test_every_nav_page_is_built(site, nav_files):
    missing = [md for md in nav_files if not built_path(site, md).exists()]
    assert not missing, f"nav pages not built: {missing}"


def test_no_placeholder_pages(site, nav_files):
    drafts = [md for md in nav_files if re.search(r"<p>Draft\.</p>", built_path(site, md).read_text())]
    assert not drafts, f"pages still placeholders: {drafts}"


def test_every_recruitment_place_listed(site):
    text = text_of(built_path(site, "guide/characteristics.md"))
    missing = [p for p in RECRUITMENT_PLACES if p.lower() not in text.lower()]
    assert not missing, f"recruitment places missing from characteristics page: {missing}"


def test_top_10_has_ten_items(site):
    page = built_path(site, "guide/top-10.md").read_text(encoding="utf-8")
    facts = datastore.cached("guide/key-facts")
    assert len(facts["top10"]) == 10
    for item in facts["top10"]:
        assert html.escape(item["headline"], quote=False) in page or item["headline"] in html.unescape(page)


def test_page_titles_unique(site):
    titles = {}
    for page in page_files(site):
        m = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
        assert m, f"{page} has no <title>"
        titles.setdefault(html.unescape(m.group(1)).strip(), []).append(str(page.relative_to(site)))
    dupes = {t: p for t, p in titles.items() if len(p) > 1}
    assert not dupes, f"pages share a title: {dupes}"


# A marker's link, whatever order the build writes the attributes in.
NOTE_REF = re.compile(r'<sup class="note-ref"[^>]*>\s*<a [^>]*?href="#(note-[^"]+)"')


def test_every_note_marker_resolves_on_its_page(site):
    markers = 0
    for page in page_files(site):
        raw = page.read_text(encoding="utf-8")
        for target in NOTE_REF.findall(raw):
            assert f'id="{target}"' in raw, f"{page.relative_to(site)}: marker #{target} has no note"
            markers += 1
    assert markers >= 29, f"only {markers} note markers found: is the marker pattern out of date?"


def test_every_note_is_cited_where_the_guide_cites_it(site):
    """All 26 numbered and 3 marked notes appear as markers on content pages."""
    _, notes = datastore.cached("resources")
    assert len([n for n in notes if n.isdigit()]) == 26 and {"*", "†", "‡"} <= set(notes)
    cited = set()
    for page in page_files(site):
        cited |= {target.removeprefix("note-") for target in NOTE_REF.findall(page.read_text())}
    slugs = {n: ("star" if n == "*" else "dagger" if n == "†" else "double-dagger" if n == "‡" else n)
             for n in notes}
    uncited = [n for n, s in slugs.items() if s not in cited]
    assert not uncited, f"notes never cited on any page: {uncited}"


def title_as_cited(resource: dict) -> str:
    """A note's title as its citation shows it: statutes by section, as the guide cites them."""
    title = citations.full_title(resource)
    return title.split(",")[0] if resource["form"] == "statute" else title


def test_notes_show_full_citation_and_open_cited_url(site):
    _, notes = datastore.cached("resources")
    page = built_path(site, "resources/cited-works.md").read_text(encoding="utf-8")
    for note in notes.values():
        url = note.resource.get("cited_url")
        if url:
            assert f'href="{html.escape(url)}"' in page, f"note {note.note}: no link to {url}"
            assert html.escape(citations.wayback_url(note.resource)) in page
        assert title_as_cited(note.resource) in html.unescape(page), \
            f"note {note.note}: citation missing its title"


def test_search_finds_each_source_once_and_no_addresses(site, nav_files):
    """Every first visit downloads the search index, so it leaves out what only repeats or is no
    words: the Notes lists (Cited works has every source), the link-health address lists, the
    addresses in citations."""
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    where = {doc["location"]: html.unescape(doc["title"] + " " + doc["text"]) for doc in docs}
    assert not [loc for loc in where if loc.endswith("#notes")]
    assert [loc for loc in where if loc.startswith("resources/link-health/")] == [
        "resources/link-health/", "resources/link-health/#what-the-results-mean"]
    resources, notes = datastore.cached("resources")
    addresses = {r[key] for r in resources for key in ("cited_url", "current_url") if r.get(key)}
    everything = " ".join(where.values())
    assert addresses and not [url for url in addresses if url in everything]
    cited_works = " ".join(text for loc, text in where.items() if loc.startswith("resources/cited-works/"))
    for note in notes.values():  # every source can still be found
        assert title_as_cited(note.resource) in cited_works, note.note
    searched = [md for md in nav_files if not left_out_of_search(md)]
    assert {"about/whats-new.md", "about/contributing.md", "about/style-guide.md"} <= set(nav_files) - set(searched)
    pages = {built_path(Path(), md).parent.as_posix().removeprefix(".") for md in searched}
    assert {f"{page}/".lstrip("/") for page in pages} <= set(where)  # every other page is still found
    left_out = {built_path(Path(), md).parent.as_posix() + "/" for md in set(nav_files) - set(searched)}
    assert not [loc for loc in where if loc.split("#")[0] in left_out]


def left_out_of_search(md: str) -> bool:
    """A page whose front matter says `search: exclude: true` (the maintainer pages)."""
    meta = get_data((ROOT / "docs" / md).read_text(encoding="utf-8"))[1]
    return bool((meta.get("search") or {}).get("exclude"))


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())[-10:]


def test_every_phone_number_on_site_comes_from_contacts(site):
    contacts = datastore.cached("contacts")
    known = {_digits(c["phone"]) for c in contacts.values() if c.get("phone") and len(c["phone"]) > 3}
    problems = []
    for page in page_files(site):
        text = text_of(page)
        for m in PHONE.finditer(text):
            number = "".join(m.groups())
            if number not in known:
                problems.append(f"{page.relative_to(site)}: {m.group(0)}")
        for tel in re.findall(r'href="tel:([^"]+)"', page.read_text(encoding="utf-8")):
            if len(_digits(tel)) == 10 and _digits(tel) not in known:
                problems.append(f"{page.relative_to(site)}: tel:{tel}")
    assert not problems, "numbers not defined in data/contacts.yml:\n" + "\n".join(problems)


def test_hotline_stated_consistently(site):
    hotline = datastore.cached("contacts")["hotline"]
    contacts_page = text_of(built_path(site, "resources/contacts.md"))
    assert hotline["phone"] in contacts_page and hotline["text"] in contacts_page
    home = text_of(site / "index.html")
    assert hotline["phone"] in home


def test_contact_error_names_file_line_and_field(tmp_path):
    bad = tmp_path / "contacts.yml"
    text = (ROOT / "data/contacts.yml").read_text(encoding="utf-8")
    bad.write_text(text.replace('phone: "1-888-373-7888"', 'phone: "888-373-788"'), encoding="utf-8")
    line = next(i for i, l in enumerate(bad.read_text().splitlines(), 1) if '888-373-788"' in l)
    with pytest.raises(datastore.DataError) as err:
        datastore.load_contacts(bad)
    message = str(err.value)
    assert f"contacts.yml:{line}:" in message and "hotline.phone" in message


@pytest.mark.needs_shared
def test_prose_overlap_clean():
    tool = ROOT.parent / "shared" / "tools" / "prose_overlap.py"
    if not tool.exists():
        pytest.fail(f"{tool} not found: the shared tools must sit beside the project")
    out = subprocess.run([sys.executable, str(tool)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:]


def test_footer_credits_source_and_pdf_on_every_page(site):
    """In each edition's language, with that edition's guide PDF."""
    for page in page_files(site):
        lang = "es" if page.relative_to(site).parts[0] == "es" else "en"
        config = settings.mkdocs_config(ROOT / ("mkdocs-es.yml" if lang == "es" else "mkdocs.yml"))
        footer = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select_one(".cst-footer")
        assert footer is not None, page
        assert footer.select_one(".cst-footer__credit").get_text(" ").split()[:2] == \
            i18n.text("footer_credit", lang).split()[:2], page
        assert "2012-CK-WX-K033" in footer.get_text(), page
        assert any(a["href"].endswith(Path(config["extra"]["guide_pdf"]).name) for a in footer.find_all("a")), page


# Links that name a page's public address (its own, or its versions in each language) and
# load nothing themselves.
NAMING_RELS = {"canonical", "alternate"}


def test_no_web_fonts_or_cdn(site):
    for page in page_files(site):
        raw = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in raw and "fonts.gstatic" not in raw, page
        for tag in BeautifulSoup(raw, "lxml").find_all(["script", "link"]):
            rels = set(tag.get("rel") or ())
            if tag.name == "link" and rels and rels <= NAMING_RELS:
                continue
            address = tag.get("src") or tag.get("href") or ""
            if re.match(r"https?://", address):
                pytest.fail(f"{page}: loads {address} from another host")
