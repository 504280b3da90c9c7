"""What each product says: the template context, built only from data/.

One function per template. Each takes the product id (for error messages), the product's
works cited and its language, and returns the template's variables; `context()` adds what every
product shares. Data is read as the product's language reads it (i18n.localized: an entry's
`es:` text in a Spanish product); the words around it come from data/print/words.yml.
"""
from __future__ import annotations

import math

import datastore
import i18n
import settings

from . import sources
from .errors import BuildError
from .local import local_view
from .qr import page_url, qr_svg
from .sources import SourceList, load_field_guide, require
from .spec import Spec

# Indicator groups by `kind` in data/field-guide/indicators.yml.
SIGN_KINDS = ("physical", "behavioral", "situational", "online")
QUESTION_KIND = "questions"
RESPONSE_KIND = "response"
# The tip card shows the first few signs of each group; the indicators sheet has them all.
TIP_CARD_SIGNS_PER_GROUP = 3
DEFINITION_TERM = "child sex trafficking"
# The poster's three messages, by position in the guide's Top 10 (1-based).
POSTER_TOP10 = (1, 4, 9)


def build_date() -> str:
    """The day the sources were fixed (settings.source_date_epoch), as PDF metadata wants it."""
    return settings.build_datetime().strftime("%Y-%m-%dT%H:%M:%SZ")


def shown(url: str) -> str:
    """A URL as printed: no scheme, no trailing slash."""
    return url.split("://", 1)[-1].rstrip("/")


def page_of(markdown_path: str) -> str:
    """docs path to its URL path: guide/top-10.md -> guide/top-10/, tips/index.md -> tips/."""
    stem = markdown_path.removesuffix(".md")
    stem = stem.removesuffix("index") if stem.endswith("/index") or stem == "index" else stem + "/"
    return stem


def data(name: str, lang: str):
    """A data/ file as `lang` reads it."""
    return i18n.localized(datastore.cached(name), lang)


def field_guide(name: str, lang: str):
    return i18n.localized(load_field_guide(name), lang)


def national(product: str, key: str, lang: str = i18n.DEFAULT) -> dict:
    return require(product, f"contacts.{key}", data("contacts", lang).get(key))


def _groups(product: str, indicators: dict, kinds: tuple, limit: int | None, cited: SourceList) -> list[dict]:
    groups = []
    for g, group in enumerate(require(product, "indicators.groups", indicators.get("groups"))):
        if group.get("kind") not in kinds:
            continue
        where = f"indicators.groups.{g}"
        items = require(product, f"{where}.items", group.get("items"))[:limit]
        groups.append({"title": require(product, f"{where}.title", group.get("title")), "kind": group["kind"],
                       "items": [{"text": require(product, f"{where}.items.{i}.text", item.get("text")),
                                  "refs": cited.numbers(product, f"{where}.items.{i}.sources", item.get("sources"))}
                                 for i, item in enumerate(items)]})
    if not groups:
        raise BuildError(product, "indicators.groups", f"no group of kind {' or '.join(kinds)}")
    return groups


def _definition(product: str, cited: SourceList, lang: str) -> dict:
    terms = require(product, "glossary.terms", load_field_guide("glossary").get("terms"))
    for i, term in enumerate(terms):
        if str(term.get("term", "")).casefold() == DEFINITION_TERM:  # found by its English name
            term = i18n.localized(term, lang)
            return {"text": require(product, f"glossary.terms.{i}.definition", term.get("definition")),
                    "refs": cited.numbers(product, f"glossary.terms.{i}.sources", term.get("sources"))}
    raise BuildError(product, "glossary.terms", f'no term "{DEFINITION_TERM}" to say what the crime is')


def fact_sheet(product: str, cited: SourceList, lang: str) -> dict:
    facts = data("guide/key-facts", lang)
    indicators = field_guide("indicators", lang)
    definition = _definition(product, cited, lang)  # sources are numbered in the order they are printed
    figures = [{**f, "refs": [cited.note(product, f"key_figures.{i}.note", f["note"])]}
               for i, f in enumerate(require(product, "key_figures", facts["key_figures"]))]
    return {"definition": definition,
            "top10": require(product, "top10", facts["top10"]),
            "figures": figures,
            "places": require(product, "recruitment_places", facts["recruitment_places"]),
            "steps": _groups(product, indicators, (RESPONSE_KIND,), None, cited)}


def tip_card(product: str, cited: SourceList, lang: str) -> dict:
    indicators = field_guide("indicators", lang)
    return {"signs": _groups(product, indicators, SIGN_KINDS, TIP_CARD_SIGNS_PER_GROUP, cited),
            "questions": _groups(product, indicators, (QUESTION_KIND,), None, cited),
            "steps": _groups(product, indicators, (RESPONSE_KIND,), None, cited)}


# A column of the indicators sheet holds about this many characters a line.
COLUMN_CHARS = 52


def _lines(group: dict) -> float:
    """About how many lines a group takes in its column: its heading, then each item."""
    return 2.5 + sum(math.ceil((len(item["text"]) + 4 * len(item["refs"])) / COLUMN_CHARS) + 0.3
                     for item in group["items"])


def two_columns(groups: list[dict]) -> list[list[dict]]:
    """The groups in two columns of about the same height, in reading order (down the left
    column, then the right). Split here rather than by CSS columns: WeasyPrint balances those
    by laying the content out again and again, 1.4 s of the sheet's 1.8 s."""
    if len(groups) < 2:
        return [groups, []]
    heights = [_lines(group) for group in groups]
    split = min(range(1, len(groups)), key=lambda k: max(sum(heights[:k]), sum(heights[k:])))
    return [groups[:split], groups[split:]]


def indicators_sheet(product: str, cited: SourceList, lang: str) -> dict:
    indicators = field_guide("indicators", lang)
    return {"intro": require(product, "indicators.intro", indicators.get("intro")),
            "sections": [two_columns(_groups(product, indicators, SIGN_KINDS, None, cited)),
                         two_columns(_groups(product, indicators, (QUESTION_KIND, RESPONSE_KIND), None, cited))]}


def glossary(product: str, cited: SourceList, lang: str) -> dict:
    terms = require(product, "glossary.terms", field_guide("glossary", lang).get("terms"))
    out = []
    for i, term in enumerate(terms):
        where = f"glossary.terms.{i}"
        out.append({"term": require(product, f"{where}.term", term.get("term")),
                    "definition": require(product, f"{where}.definition", term.get("definition")),
                    "see_also": term.get("see_also") or [], "avoid": term.get("avoid"),
                    "refs": cited.numbers(product, f"{where}.sources", term.get("sources"))})
    return {"terms": out}  # in the data's (alphabetical) order


def discussion_guide(product: str, cited: SourceList, lang: str) -> dict:
    guide = field_guide("discussion-guide", lang)
    sessions = []
    for s, session in enumerate(require(product, "discussion-guide.sessions", guide.get("sessions"))):
        where = f"discussion-guide.sessions.{s}"
        sessions.append({"title": require(product, f"{where}.title", session.get("title")),
                         "minutes": session.get("minutes"),
                         "guide_page": require(product, f"{where}.guide_page", session.get("guide_page")),
                         "key_points": require(product, f"{where}.key_points", session.get("key_points")),
                         "questions": require(product, f"{where}.questions", session.get("questions"))})
    return {"intro": require(product, "discussion-guide.intro", guide.get("intro")), "sessions": sessions}


def poster(product: str, cited: SourceList, lang: str) -> dict:
    top10 = data("guide/key-facts", lang)["top10"]
    return {"definition": _definition(product, cited, lang),
            "messages": [require(product, f"top10.{n - 1}", top10[n - 1] if n <= len(top10) else None)
                         for n in POSTER_TOP10]}


def bilingual_poster(product: str, cited: SourceList, lang: str) -> dict:
    """Both languages' poster text, the product's own language first; one list of sources."""
    order = (lang, *(other for other in i18n.LANGUAGES if other != lang))
    return {"sides": [{"lang": side, **poster(product, cited, side), "w": i18n.strings(side, i18n.PRINT_WORDS),
                       "hotline": national(product, "hotline", side), "contacts": data("contacts", side)}
                      for side in order]}


def wallet_card(product: str, cited: SourceList, lang: str) -> dict:
    hours = require(product, "contacts.hotline.hours", national(product, "hotline", lang).get("hours"))
    # "24 hours a day, 7 days a week, in English, ..." -> "24 hours a day, 7 days a week"
    return {"hours_short": hours.split(i18n.print_text("hours_languages_start", lang))[0]}


BUILDERS = {"fact-sheet": fact_sheet, "tip-card": tip_card, "wallet-card": wallet_card,
            "indicators": indicators_sheet, "glossary": glossary, "poster": poster,
            "poster-bilingual": bilingual_poster, "discussion-guide": discussion_guide}
# The data/field-guide/ files each template reads.
NEEDS_FIELD_GUIDE = {"fact-sheet": ("glossary", "indicators"), "tip-card": ("indicators",),
                     "indicators": ("indicators",), "glossary": ("glossary",),
                     "discussion-guide": ("discussion-guide",), "poster": ("glossary",),
                     "poster-bilingual": ("glossary",)}


def context(spec: Spec, *, site_url: str, agency: dict | None) -> dict:
    """`site_url`: the root of the product's edition (settings.site_url(spec.lang))."""
    lang = spec.lang
    cited = SourceList(sources.resources_by_id(), lang)
    local = local_view(agency, lang)
    qr_url = local.web if local and local.web else page_url(site_url, spec.page)
    hotline = national(spec.id, "hotline", lang)
    for key in ("phone", "text", "web"):
        require(spec.id, f"contacts.hotline.{key}", hotline.get(key))
    values = BUILDERS[spec.template](spec.id, cited, lang)
    for side in values.get("sides", ()):  # the bilingual poster: a QR code to each language's page
        side_url = local.web if local and local.web else page_url(
            site_url if side["lang"] == lang else settings.site_url(side["lang"]), spec.page)
        side.update(qr_url=side_url, qr=qr_svg(side_url, side["w"]["qr_label"].format(url=side_url)),
                    local=local_view(agency, side["lang"]),  # the agency's names in that language
                    long_date=lambda day, in_lang=side["lang"]: i18n.long_date(day, in_lang))
    words = i18n.strings(lang, i18n.PRINT_WORDS)
    return {**values, "spec": spec, "lang": lang, "w": words, "local": local, "hotline": hotline,
            "contacts": data("contacts", lang), "qr_url": qr_url,
            "qr": qr_svg(qr_url, words["qr_label"].format(url=qr_url)), "cited": cited.citations(),
            "cited_short": cited.short_citations(),
            "guide_citation": words["guide_citation"], "created": build_date(),
            "long_date": lambda day, in_lang=lang: i18n.long_date(day, in_lang),
            "shown_url": shown(qr_url), "shown": shown, "guide_url": lambda page: shown(page_url(site_url, page_of(page)))}
