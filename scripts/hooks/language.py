"""MkDocs hook: one build per language.

mkdocs.yml builds the English pages from docs/ into site/; mkdocs-es.yml builds the Spanish
ones from docs/es/ into site/es/. For each build this hook:
- gives the theme its words in the build's language (config.extra.ui, from data/site/ui.yml);
- tells the language switcher which page of the other language matches each page, and names
  each page's versions in its head (hreflang) and in the sitemaps;
- in the Spanish build: publishes under <site_url>es/, copies the site's own assets, and puts a
  notice on a page whose English source changed after it was translated.
The logic lives in scripts/translations.py and scripts/i18n.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import i18n  # noqa: E402
import settings  # noqa: E402
import translations  # noqa: E402

_state: dict = {"serving": False}


def on_startup(command, dirty):
    # `mkdocs serve` previews pages away from their published address.
    _state["serving"] = command == "serve"


def on_config(config):
    lang = i18n.language_of(config)
    try:
        records = translations.all_translations()
    except translations.TranslationError as exc:
        raise PluginError(str(exc)) from None
    directory_urls = config["use_directory_urls"]
    english_to_spanish = {translations.page_url(t.source, directory_urls): translations.page_url(t.page, directory_urls)
                          for t in records}
    counterparts = {"es": english_to_spanish, "en": {es: en for en, es in english_to_spanish.items()}}
    _state.update(lang=lang, records={t.page: t for t in records})
    config.extra["lang"] = lang
    config.extra["ui"] = i18n.strings(lang)
    # The English pages sit one folder above the Spanish ones.
    config.extra["english_root"] = "../" if lang == "es" else ""
    roots = {code: settings.site_url(code) for code in i18n.LANGUAGES}
    # Not Material's extra.alternate: that names each edition's home in every page's head, and
    # the head names each page's own versions (partials/hreflang.html).
    for language in config.extra.get("languages", []):
        language["pages"] = counterparts[language["lang"]] if language["lang"] != lang else None
    _state.update(counterparts=counterparts, roots=roots, offline=bool(config.extra.get("offline")))
    config["site_url"] = roots[lang]
    return config


def language_versions(page) -> list[tuple[str, str]]:
    """[(hreflang, absolute URL)] of a page's versions; none offline or in `mkdocs serve`, where
    pages are not at their published address (Material's script would read sitemaps there)."""
    if page is None or page.url is None or _state["offline"] or _state["serving"]:
        return []
    return translations.language_versions(page.url, _state["lang"], _state["counterparts"], _state["roots"])


def from_root(path: str, page) -> str:
    """A path from the site's root (which may start with ../, out of the Spanish build) as a link
    from `page`. MkDocs' url filter turns "../guide/" on page guide/x/ into ".././"."""
    depth = page.url.count("/") if page is not None and page.url else 0
    return "../" * depth + path if path else ("../" * depth or "./")


def on_env(env, config, files):
    env.filters["from_root"] = from_root
    env.globals["language_versions"] = language_versions
    _state["env"] = env
    return env


def on_post_page(output, page, config):
    """Material's script reads sitemap.xml beside every <link rel="alternate"> in the head, to
    map pages between languages. The head names the page's own versions, so each translated page
    gets a sitemap of its own: that page and its versions (the home pages have the edition's)."""
    if page.url and language_versions(page):
        sitemap = _state["env"].get_template("sitemap.xml").render(config=config, pages=[page.file])
        settings.write_atomic(Path(config["site_dir"]) / page.url / "sitemap.xml", sitemap)
    return output


def on_files(files, config):
    """The Spanish build serves the site's own stylesheet, logo and scripts from site/es/assets/."""
    if _state["lang"] != "es":
        return files
    for path in sorted((translations.DOCS / "assets").rglob("*")):
        if path.is_file():
            files.append(File(path.relative_to(translations.DOCS).as_posix(), str(translations.DOCS),
                              config["site_dir"], config["use_directory_urls"]))
    return files


def on_page_markdown(markdown, page, config, files):
    if _state["lang"] != "es":
        return markdown
    record = _state["records"].get(page.file.src_uri)
    if record is None or not record.behind:
        return markdown
    changed = translations.english_changed_on(record.source, translations.DOCS) or settings.build_datetime().date()
    english_url = "../" * (page.url.count("/") + 1) + translations.page_url(record.source, config["use_directory_urls"])
    # target="_self", as on the language selector (overrides/partials/alternate.html).
    link = (f'<a class="cst-english-version" href="{english_url}" hreflang="en" target="_self">'
            f'{i18n.text("english_version", "es")}</a>')
    notice = i18n.text("translation_behind", "es", date=i18n.long_date(changed, "es"), english=link)
    admonition = f'!!! warning "{i18n.text("translation_behind_title", "es")}"\n    {notice}\n'
    # Under the page's title, so the title still comes first.
    lines = markdown.split("\n")
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
    return "\n".join(lines[:at] + ["", admonition] + lines[at:])
