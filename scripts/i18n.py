"""The site's own words in each language (data/site/ui.yml; the print products' in
data/print/words.yml) and dates as each language writes them.

English dates read "September 1, 2015"; Spanish ones "1 de septiembre de 2015" (STYLE.md).
"""
from __future__ import annotations

import datetime as dt
import re

import datastore

LANGUAGES = ("en", "es")
DEFAULT = "en"


def language_of(config) -> str:
    """The language a MkDocs build writes: its theme's language (mkdocs.yml or mkdocs-es.yml)."""
    lang = (config["theme"].get("language") if config else None) or DEFAULT
    return lang if lang in LANGUAGES else DEFAULT


UI = "site/ui"
PRINT_WORDS = "print/words"


def strings(lang: str, source: str = UI) -> dict[str, str]:
    """Every string of a words file (`strings:`, each key in both languages) in one language:
    the site's (config.extra.ui) or, with source=PRINT_WORDS, the print products'."""
    return {key: both[lang] for key, both in datastore.cached(source)["strings"].items()}


def _filled(source: str, key: str, lang: str, fields: dict) -> str:
    words = datastore.cached(source)["strings"][key][lang]
    return words.format(**fields) if fields else words


def text(key: str, lang: str = DEFAULT, **fields: str) -> str:
    """One UI string, with {fields} filled in."""
    return _filled(UI, key, lang, fields)


def print_text(key: str, lang: str = DEFAULT, **fields: str) -> str:
    """One of the print products' words (data/print/words.yml), with {fields} filled in."""
    return _filled(PRINT_WORDS, key, lang, fields)


def long_date(day: dt.date | str, lang: str = DEFAULT) -> str:
    """2015-09-01 -> "September 1, 2015" or "1 de septiembre de 2015"."""
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    month = datastore.cached("site/ui")["months"][lang][day.month - 1]
    return f"{day.day} de {month} de {day.year}" if lang == "es" else f"{month} {day.day}, {day.year}"


def written_date(written: str, lang: str = DEFAULT) -> str:
    """A date written out in English ("April 29, 2015" or "August 2014") in `lang`; any other
    text (a year, a range) comes back as it is; "n.d." (no date) as `lang` abbreviates it."""
    if written.strip() == text("no_date"):
        return text("no_date", lang)
    months = datastore.cached("site/ui")["months"]
    match = _WRITTEN_DATE.fullmatch(written.strip())
    if lang == DEFAULT or not match or match.group("month") not in months[DEFAULT]:
        return written
    number = months[DEFAULT].index(match.group("month")) + 1
    if match.group("day"):
        return long_date(dt.date(int(match.group("year")), number, int(match.group("day"))), lang)
    return f"{months[lang][number - 1]} de {match.group('year')}" if lang == "es" else written


_WRITTEN_DATE = re.compile(r"(?P<month>[A-Z][a-z]+) (?:(?P<day>\d{1,2}), )?(?P<year>\d{4})")


def localized(value, lang: str = DEFAULT):
    """Data as one language reads it: an entry's `es:` mapping (the same keys, in Spanish)
    replaces those keys in a Spanish build. The `es:` mapping itself stays, for pages that show
    both languages side by side (the bilingual term list)."""
    if isinstance(value, dict):
        out = {key: localized(item, lang) for key, item in value.items()}
        if lang != DEFAULT and isinstance(value.get(lang), dict):
            out.update({key: localized(item, lang) for key, item in value[lang].items()})
            out[lang] = value[lang]
        return out
    if isinstance(value, list):
        return [localized(item, lang) for item in value]
    return value
