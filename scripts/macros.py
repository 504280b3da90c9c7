"""The pages' Jinja: the data in data/ as variables, small macros, and the renderer that runs a
page's Markdown through them (scripts/hooks/page_macros.py calls it for each page).

Pages write `{{ call("hotline") }}` instead of a number, so every number is
defined once, in data/contacts.yml. Each macro below says what it gives; CONTRIBUTING.md shows the
common ones.
"""
from __future__ import annotations

import copy
import datetime as dt
import functools
import sys
import traceback
from pathlib import Path

import jinja2
from markupsafe import Markup

sys.path.insert(0, str(Path(__file__).resolve().parent))
import citations  # noqa: E402
import datastore  # noqa: E402
import field_guide  # noqa: E402
import i18n  # noqa: E402
import previews  # noqa: E402
import review_dates  # noqa: E402
import settings  # noqa: E402
import translations  # noqa: E402
from jinja_autoescape import AutoEscape  # noqa: E402
from linkhealth.page import link_health  # noqa: E402


def _contact(contacts: dict, key: str) -> dict:
    if key not in contacts:
        raise KeyError(f"no contact {key!r} in data/contacts.yml (have: {', '.join(contacts)})")
    return contacts[key]


def _long_date(iso: str, lang: str) -> str:
    """2026-11-22 -> November 22, 2026 (22 de noviembre de 2026): readers see the month spelled
    out (STYLE.md)."""
    return review_dates.long_date(dt.date.fromisoformat(str(iso)), lang)


def _html(build):
    """A macro whose HTML the page's autoescape keeps (it escapes the data it puts in itself)."""
    @functools.wraps(build)
    def wrapper(*args, **kwargs):
        return Markup(build(*args, **kwargs))
    return wrapper


def define_env(env):
    # A Spanish build (mkdocs-es.yml) reads each entry's `es:` text in place of the English.
    lang = env.variables["lang"] = i18n.language_of(env.conf)
    env.variables["contacts"] = i18n.localized(datastore.cached("contacts"), lang)
    env.variables["resources"], _ = datastore.cached("resources")
    # Every other data file, by name: data["guide/key-facts"], data["field-guide/glossary"], ...
    env.variables["data"] = {name: i18n.localized(datastore.cached(name), lang) for name in datastore.data_names()}

    def contact(key: str) -> dict:
        return _contact(env.variables["contacts"], key)

    # Markup.format escapes every value it puts in: a contact's fields are text, never markup.
    @env.macro
    def call(key: str) -> Markup:
        """The phone number as a tap-to-call link, with extension or letters where known."""
        c = contact(key)
        link = Markup('<a class="phone" href="tel:{}">{}</a>').format(datastore.digits(c["phone"]), c["phone"])
        if c.get("extension"):
            link += Markup(", ext. {}").format(c["extension"])
        if c.get("phone_letters"):
            link += Markup(" ({})").format(c["phone_letters"])
        return link

    @env.macro
    def text_to(key: str) -> Markup:
        c = contact(key)
        return Markup('<a class="phone" href="sms:{0}">{0}</a>').format(c["text"])

    @env.macro
    def web(key: str, field: str = "web") -> Markup:
        url = contact(key)[field]
        shown = url.split("://", 1)[1].rstrip("/")
        return Markup('<a href="{}">{}</a>').format(url, shown)

    @env.macro
    def verified(key: str) -> Markup:
        """What was checked for a contact, when, against which page, and what is not yet confirmed."""
        c = contact(key)
        source = Markup('<a href="{}">{}</a>').format(c["source_url"], c["source"])
        line = Markup(i18n.text("checked_against", lang)).format(
            date=_long_date(c["last_verified"], lang), what=c["checked"], source=source)
        if c.get("unconfirmed"):
            items = Markup(i18n.text("not_yet_confirmed", lang)).format(items="; ".join(c["unconfirmed"]))
            line += Markup(' <span class="unconfirmed">{}</span>').format(items)
        return Markup('<span class="verified">{}</span>').format(line)

    @env.macro
    def checked_on(*resource_ids: str) -> str:
        """The one date on which the works named were last read; works read on different days
        stop the build, so a page never gives one date for facts checked on several."""
        days = {resource(rid).get("checked") for rid in resource_ids}
        if len(days) != 1 or None in days:
            raise ValueError(f"checked_on{resource_ids}: need one `checked` date in data/resources.yml, "
                             f"found {sorted(str(d) for d in days)}")
        return _long_date(days.pop(), lang)

    @env.macro
    def english(path: str, text: str) -> Markup:
        """A link from a Spanish page to a page that exists only in English (path under docs/),
        marked as English."""
        target = (translations.DOCS / path).resolve()
        if (not target.is_file() or not target.is_relative_to(translations.DOCS.resolve())
                or target.is_relative_to(translations.ES_DOCS.resolve())):
            raise KeyError(f"english(): no English page docs/{path}")
        href = ("../" * env.page.url.count("/") + env.conf["extra"]["english_root"]
                + translations.page_url(path, env.conf["use_directory_urls"])) or "./"
        marker = f" {i18n.text('in_english', lang)}" if lang != "en" else ""
        return Markup('<a href="{}" hreflang="en">{}</a>{}').format(href, text, marker)

    @env.macro
    def resource(resource_id: str) -> dict:
        for entry in env.variables["resources"]:
            if entry["id"] == resource_id:
                return i18n.localized(entry, lang)
        raise KeyError(f"no resource {resource_id!r} in data/resources.yml")

    @env.macro
    def notes_in_order() -> list:
        """Every note of the guide, in the guide's order, as Note(note, resource, pages)."""
        _, notes = datastore.cached("resources")
        return [notes[k] for k in sorted(notes, key=citations.note_order)]

    @env.macro
    def print_kit_thumb(size: dict) -> dict:
        """Width and height of a Print kit thumbnail for a paper size of data/print/products.yml,
        as scripts/previews.py makes the PNG."""
        width, height = previews.preview_sizes(size["width_in"], size["height_in"])["thumb"]
        return {"width": width, "height": height}

    env.macro(citations.full_title, "full_title")
    env.macro(citations.wayback_url, "wayback_url")
    # Titles stay in their own language; the frame around them is in the page's.
    env.macro(_html(lambda entry, pages=None: citations.citation_html(entry, pages, lang)), "citation_html")
    env.macro(_html(lambda entry: citations.links_html(entry, lang)), "links_html")
    # The field guide pages read their data through checks that need the registry.
    # As written, both languages: the field guide's Spanish pages show each term in both and
    # keep the English anchors, so they read `t.es.term` themselves.
    env.macro(field_guide.load, "field_guide")
    env.macro(field_guide.cited, "field_guide_sources")
    env.macro(field_guide.term_sources, "field_guide_term_sources")
    env.macro(field_guide.in_spanish_order, "in_spanish_order")
    env.macro(field_guide.anchor, "term_anchor")
    env.macro(lambda page: field_guide.page_title(page, translations.ES_DOCS if lang == "es" else translations.DOCS),
              "page_title")
    env.macro(_html(link_health), "link_health")


class Pages:
    """Each page's Markdown rendered as a Jinja template, with the macros and variables of
    define_env, `config` (as loaded, before the language hook: its site_url is the English
    site's), `page`, the keys of config.extra and the page's front matter, and {% include %}
    from `include_dir`. Undefined names stop the page; data reach it escaped (AutoEscape).

    This is what mkdocs-macros did for the site, without what it did besides on every build
    (importing requests, a dozen git commands, its debugging dumps). `cached`: each page's
    compiled code is kept (settings.template_cache), keyed by the page's file and checked against
    a hash of its Markdown, so a page that did not change is not compiled again."""

    PREFIX = "page:"  # the template name of a page; no file under include_dir is named so

    def __init__(self, conf, include_dir: Path, cached: bool = False):
        self.conf, self.variables, self.macros, self.page = conf, {}, {}, None
        self._source: tuple[str, str, str] | None = None   # (template name, Markdown, file) of the page at hand
        extra = dict(conf.get("extra") or {})
        self.variables.update(extra=extra, config=copy.copy(conf))
        self.variables.update(extra)
        define_env(self)
        loader = jinja2.ChoiceLoader([jinja2.FunctionLoader(self._page_source),
                                      jinja2.FileSystemLoader(str(include_dir))])
        self.env = jinja2.Environment(loader=loader, undefined=jinja2.StrictUndefined, extensions=[AutoEscape])
        self.env.globals.update(self.macros)
        if cached:
            self.env.bytecode_cache = settings.template_cache(self.env)

    def macro(self, function, name: str | None = None):
        """What define_env registers its macros with."""
        self.macros[name or function.__name__] = function
        return function

    def _page_source(self, name: str):
        if self._source is None or self._source[0] != name:
            return None
        # Never reused from memory: read for each page. The file keeps each edition's page apart.
        return self._source[1], self._source[2], lambda: False

    def render(self, markdown: str, page) -> str:
        """The page's Markdown with its Jinja run; PageError names the file and line that failed."""
        self.page = page
        name = self.PREFIX + page.file.src_uri
        self._source = (name, markdown, page.file.abs_src_path)
        try:
            template = self.env.get_template(name)
            variables = {**self.variables, "page": copy.copy(page)}
            variables.update(page.meta)
            return template.render(variables)
        except Exception as exc:  # noqa: BLE001  any error in the page's Jinja or a macro it calls
            raise PageError(f"{_where(exc, markdown, page)}: {type(exc).__name__}: {exc}") from None
        finally:
            self._source = None


class PageError(Exception):
    """A page whose Jinja failed, as `file:line: problem` (no traceback)."""


def _where(exc: Exception, markdown: str, page) -> str:
    """The page's file and the line where its Jinja failed: Jinja marks the template's own frames
    in a traceback with the file's name, and the Markdown starts after the front matter."""
    path = Path(page.file.abs_src_path)
    shown = path.relative_to(translations.ROOT) if path.is_relative_to(translations.ROOT) else path
    line = exc.lineno if isinstance(exc, jinja2.TemplateSyntaxError) else None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == page.file.abs_src_path:
            line = frame.lineno
    if line is None:
        return str(shown)
    source = page.file.content_string
    start = source.rfind(markdown) if markdown else -1
    front_matter_lines = source.count("\n", 0, start) if start > 0 else 0
    return f"{shown}:{line + front_matter_lines}"
