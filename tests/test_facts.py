"""Facts in context: each figure of the guide with what it counts and its period, on the page
where it belongs; the corrections of issue 13, each where the guide puts it; and every check
date and caveat as data/ states it, on the web, in the deck and on the print products."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pdfplumber
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, built_path

import datastore
import macros
from agencykit import deck, slides
from settings import site_url

BLOCKS = ("tr", "dd", "dt", "li", "p", "td", "th")
HEADINGS = ("h1", "h2", "h3")
KEY_FACTS = datastore.cached("guide/key-facts")
CONTACTS = datastore.cached("contacts")
RESOURCES = {r["id"]: r for r in datastore.cached("resources")[0]}
FIGURES = ([f for f in KEY_FACTS["key_figures"] if f.get("page")] + list(KEY_FACTS["program_figures"])
           + list(KEY_FACTS["page_figures"]))


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def text(el) -> str:
    # get_text(" ") spaces out inline tags: "<a>page</a>." would read "page ."
    return re.sub(r" ([.,;:)]|['’]s\b)", r"\1", norm(el.get_text(" ")))


def long_date(day) -> str:
    day = dt.date.fromisoformat(str(day))
    return f"{day:%B} {day.day}, {day.year}"


def page(site: Path, md: str) -> BeautifulSoup:
    soup = BeautifulSoup(built_path(site, md).read_text(encoding="utf-8"), "lxml")
    return soup.select_one("article") or soup


def blocks_with(root, pattern: re.Pattern) -> list:
    """The innermost rows, definitions, items and paragraphs whose text matches."""
    hits = [el for el in root.find_all(BLOCKS) if pattern.search(text(el))]
    return [el for el in hits if not any(other is not el and el in other.parents for other in hits)]


def context(el) -> str:
    """A block with what frames it: its table row and the table's header row, the term of a
    definition, and the heading of its section."""
    parts = [text(el)]
    row = el if el.name == "tr" else el.find_parent("tr")
    if row is not None:
        parts += [text(row), text(row.find_parent("table").find("tr"))]
    if el.name == "dd" and el.find_previous_sibling("dt") is not None:
        parts.append(text(el.find_previous_sibling("dt")))
    heading = el.find_previous(HEADINGS)
    if heading is not None:
        parts.append(text(heading))
    return " | ".join(parts)


def figure_pattern(figure: str) -> re.Pattern:
    # "25" must not match "20–25", "125", "25,000" or "2.25"; "2005," still matches "2005".
    return re.compile(rf"(?<![\w$])(?<!\d[,.–-]){re.escape(figure)}(?!\w|[,.–-]\d)", re.I)


@pytest.mark.parametrize("fact", FIGURES, ids=lambda f: f"{f['page']}:{f['figure']}")
def test_figure_stands_with_what_it_counts_and_its_period(site, fact):
    written = fact.get("written", fact["figure"])
    wanted = fact.get("shown_with") or [fact["label"], fact["period"]]
    places = [context(el) for el in blocks_with(page(site, fact["page"]), figure_pattern(written))]
    assert places, f"{written!r} is not on {fact['page']}"
    assert any(all(w.casefold() in c.casefold() for w in wanted) for c in places), \
        f"{written!r} on {fact['page']} never stands with {wanted}:\n" + "\n".join(places)


@pytest.mark.parametrize("fact", KEY_FACTS["program_figures"], ids=lambda f: f"{f['page']}:{f['figure']}")
def test_program_figure_carries_the_guides_note_and_no_other(site, fact):
    rows = [el for el in page(site, fact["page"]).find_all("tr")
            if el.find("td") and text(el.find("td")) == fact["figure"]]
    assert len(rows) == 1, f"no single row for {fact['figure']!r} on {fact['page']}"
    notes = [a["href"] for a in rows[0].select("sup.note-ref a")]
    assert notes == ([f"#note-{fact['note']}"] if fact.get("note") else []), notes


def sentences(root) -> list[str]:
    """Each sentence (or clause after a semicolon) of each paragraph, item, cell or definition."""
    return [s for el in root.find_all(("p", "li", "dd", "td")) for s in re.split(r"(?<=[.;])\s+", text(el)) if s]


@pytest.mark.parametrize("md", ["programs/michigan-joint-response.md", "programs/index.md",
                                "field-guide/discussion-guide.md"])
def test_michigan_cps_is_notified_not_a_joint_responder(site, md):
    """The guide's joint responders are the state police, a victim specialist and a federal victim
    assistance professional; the victim specialist notifies CPS afterwards, for a minor."""
    jointly = re.compile(r"respond\w* (jointly|together)|jointly respond|answer calls together", re.I)
    for sentence in sentences(page(site, md)):
        if jointly.search(sentence) and "child protective services" in sentence.casefold():
            assert "notif" in sentence.casefold(), f"{md}: CPS among the joint responders: {sentence}"


def test_michigan_page_says_who_responds_and_when_cps_comes_in(site):
    root = page(site, "programs/michigan-joint-response.md")
    cps = next(tr for tr in root.find_all("tr") if text(tr).startswith("Child Protective Services"))
    assert "notified by the victim specialist" in text(cps) and "not one of the joint responders" in text(cps)
    assert "case court trial" in text(root) and "criminal trial" not in text(root)
    point = next(p for p in next(s for s in datastore.cached("field-guide/discussion-guide")["sessions"]
                                 if s["id"] == "programs")["key_points"] if "Michigan" in p)
    assert "federal victim assistance professional" in point and "then notifies child protective services" in point


def test_note_star_reads_as_the_guide_prints_it(site):
    for md, selector in (("resources/laws.md", "li#note-star .note-text"),
                         ("resources/cited-works.md", 'li[data-note="*"] .note-text')):
        assert text(page(site, md).select_one(selector)) == "22 U.S.C. § 7102 (9-10).", md


def test_note_star_marks_only_the_life_sentence(site):
    root = page(site, "resources/laws.md")
    markers = root.select('sup.note-ref a[href="#note-star"]')
    assert len(markers) == 1
    assert "life in prison" in text(markers[0].find_parent(BLOCKS))


def dd_after(root, term: str) -> str:
    return text(next(dt_.find_next_sibling("dd") for dt_ in root.find_all("dt") if text(dt_) == term))


@pytest.mark.parametrize("md", ["programs/texas-ipc.md", "programs/index.md"])
def test_texas_ipc_partners_and_start_year_as_sourced(site, md):
    root = page(site, md)
    card = root if md.endswith("texas-ipc.md") else next(
        div for div in root.select("div.summary-card") if "Interdiction" in text(div))
    partners = dd_after(card, "Partners")
    if "COPS Office" in partners:  # named only with the program it partnered on
        assert "train-the-trainer" in partners and re.search(r"\bonly\b|\bnot\b", partners), partners
    start = dd_after(card, "Start year")
    assert "2009" in start and "DPS news release" in start and "since 2009" in start, start


def test_texas_ipc_gives_no_end_date_and_names_csam(site):
    root = page(site, "programs/texas-ipc.md")
    assert "2015–2016" not in text(root)
    for sentence in sentences(root):
        if "no cost" in sentence.casefold() and "train-the-trainer" in sentence:
            assert "no end date" in sentence or "gives no end date" in text(root), sentence
        if "child pornography" in sentence.casefold():
            assert "child sexual abuse material" in sentence.casefold(), sentence


def test_top_10_point_8_speaks_of_behavior_not_a_charge(site):
    items = page(site, "guide/top-10.md").select("ol > li")
    assert len(items) == 10
    assert "criminal behavior" in text(items[7]) and "charge" not in text(items[7]).casefold()


def test_tip_2_summary_dates_its_counts(site):
    card = next(div for div in page(site, "tips/index.md").select("div.summary-card") if "Tip 2" in text(div))
    assert all(n in text(card) for n in ("71", "17", "78")) and "September 1, 2015" in text(card)
    assert "In 2016 there were" not in text(card) and "Few agencies" not in text(card)


@pytest.fixture(scope="module")
def deck_slides() -> dict[str, slides.SlideSource]:
    ctx = deck.DeckContext(None, site_url(), CONTACTS)
    return {s.title: s for s in slides.render(ctx.jinja())}


def test_deck_programs_say_what_the_guide_and_the_table_say(deck_slides):
    overview = deck_slides["Five programs that work"].notes
    assert "different sizes" not in overview and "several do all three" not in overview
    assert "only Denver" in overview
    dallas = " ".join(p.text for p in deck_slides["Dallas: the High Risk Victims Model"].body)
    assert "Innocence Lost Task Force" in dallas


def test_statute_caveat_comes_from_data_wherever_paragraph_12_is_named(site, deck_slides):
    caveat = norm(RESOURCES["usc-22-7102"]["unconfirmed"])
    places = {"guide/definition.md": text(page(site, "guide/definition.md")),
              "resources/laws.md": text(page(site, "resources/laws.md")),
              "deck": norm(deck_slides["What child sex trafficking is"].notes)}
    for where, words in places.items():
        assert caveat in words, where
        assert words.count("(12)") == words.count(caveat) * caveat.count("(12)"), \
            f"{where} names paragraph (12) outside the caveat"


# Check dates: each from data, one per fact, saying what was checked.
CHECKED = re.compile(r"\b(?:[Cc]hecked|read on|[Vv]erified)\b[^.]{0,40}?"
                     r"((?:January|February|March|April|May|June|July|August|September|October|"
                     r"November|December) \d{1,2}, \d{4}|\d{4}-\d{2}-\d{2})")


def test_contact_checks_say_what_when_against_which_page_and_what_is_unconfirmed(site):
    root = page(site, "resources/contacts.md")
    shown = [(span, text(span)) for span in root.select("span.verified")]
    for key, c in CONTACTS.items():
        if key == "emergency":
            continue
        expected = f"Checked {long_date(c['last_verified'])}: {c['checked']}, against {c['source']}."
        span = next((s for s, t in shown if t.startswith(norm(expected))), None)
        assert span is not None, f"{key}: no line reading {expected!r}"
        assert span.find("a")["href"] == c["source_url"], key
        for item in c.get("unconfirmed", []):
            assert norm(item) in text(span), f"{key}: {item!r} not shown"
    assert CONTACTS["hotline"].get("unconfirmed"), "the hotline's post-2025 details are unconfirmed"


def test_every_check_date_on_the_site_is_a_date_in_data(site):
    dates = {long_date(c["last_verified"]) for c in CONTACTS.values()}
    dates |= {long_date(r["checked"]) for r in RESOURCES.values() if r.get("checked")}
    seen = 0
    for html in sorted(site.rglob("*.html")):
        if "assets" in html.parts:
            continue
        words = text(BeautifulSoup(html.read_text(encoding="utf-8"), "lxml"))
        assert "last verified" not in words.casefold(), html
        for match in CHECKED.finditer(words):
            seen += 1
            day = match.group(1)
            day = long_date(day) if day[0].isdigit() else day
            assert day in dates, f"{html.relative_to(site)}: {match.group(0)!r} is no check date in data/"
    assert seen >= 15, f"only {seen} check dates found: is the pattern out of date?"


def test_checked_on_refuses_works_read_on_different_days():
    env = macros.Pages({"theme": {"language": "en"}}, ROOT / "includes")
    checked_on = env.macros["checked_on"]
    assert checked_on("usc-22-7102") == long_date(RESOURCES["usc-22-7102"]["checked"])
    with pytest.raises(ValueError, match="one `checked` date"):
        checked_on("usc-22-7102", "txdps-ipc-program-page")
    with pytest.raises(ValueError):
        checked_on("cst-guide-2016")


@pytest.mark.parametrize("product", ["fact-sheet", "tip-card", "indicators", "poster", "poster-tabloid"])
def test_print_products_say_what_was_checked_and_what_is_not_confirmed(site, product):
    pdf = site / "print-kit" / f"{product}.pdf"
    assert pdf.exists(), pdf
    with pdfplumber.open(pdf) as doc:
        words = re.sub(r"\s+", "", "".join(c["text"] for p in doc.pages for c in p.chars)).casefold()
    hotline = CONTACTS["hotline"]

    def squeezed(s: str) -> str:
        return re.sub(r"\s+", "", s).casefold()
    assert squeezed(f"checked {long_date(hotline['last_verified'])} against {hotline['source']}") in words
    assert squeezed(hotline["unconfirmed_short"]) in words
    if product.startswith("poster"):  # prints the hours, with the 200-language claim
        assert squeezed(hotline["hours"]) in words and squeezed(hotline["hours_note"]) in words
    assert "verified" not in words
