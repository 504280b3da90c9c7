"""MkDocs hook: every external link on the site is registered, and every registry entry is
shown somewhere. Both checks read the built site, so they see links from macros, notes,
snippets and theme alike, without the network (`make linkcheck` is the online check).

- A link is registered when data/resources.yml or data/contacts.yml holds its address
  (the Wayback copy of a registered address counts); see scripts/linkhealth/registry.py.
  Links to this site itself (either edition) or its repository (repo_url) are not cited links.
- An entry is shown when some page links one of its addresses, or, for an entry without
  an address, names its title. The link health page links every address by design, so its
  links don't count.

The offline edition (extra.offline) is built from the same pages, so only the online build checks.
The Spanish edition's links must be registered too; that every entry is shown is checked on the
English site, which has every page.
Pages rendered in this build are not parsed again: the hook notes their links as they pass.

Each problem is a warning naming the page's source file (or the registry line) and the URL:
`mkdocs build --strict` (make test, CI) stops on it; `make serve` shows it as you edit.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import datastore  # noqa: E402
import pagetree  # noqa: E402
import settings  # noqa: E402
from linkhealth import LINK_HEALTH_PAGE, registry, sitelinks  # noqa: E402

log = logging.getLogger("mkdocs.hooks.external_links")
_sources: dict[str, str] = {}   # built page ("guide/scope/") -> its source under docs/


def on_pre_build(config):
    _sources.clear()
    sitelinks.forget_rendered()


def on_post_page(output, page, config):
    _sources[page.url or "/"] = settings.source_name(page.file)
    # The page as parsed for every hook (scripts/pagetree.py): its links and text are noted
    # now, so the checks below read no page that this build rendered.
    if output.strip():
        sitelinks.remember_rendered(Path(page.file.abs_dest_path), sitelinks.page_facts(pagetree.tree(output)))
    return output


def on_post_build(config):
    if config.extra.get("offline"):
        return
    site_dir = Path(config.site_dir)
    # The whole site, both editions: a Spanish page's head names its English version.
    links = sitelinks.external_links(site_dir, [settings.site_url(), config.repo_url])
    resources, _ = datastore.cached("resources")
    registered = registry.registered_urls(resources, datastore.cached("contacts"))
    for page, url in registry.unregistered_links(links, registered):
        log.warning("%s: external link %s is not registered: add it to data/resources.yml "
                    "(cited_url or current_url) or data/contacts.yml, or link a registered address",
                    _sources.get(page, page), url)

    if config.extra.get("lang", "en") != "en":
        return  # every entry is shown on the English site; the Spanish one translates part of it
    shown = {url: [p for p in pages if p != LINK_HEALTH_PAGE] for url, pages in links.items()}
    texts = registry.site_text(site_dir)
    for entry in registry.unlisted_entries(resources, {u: p for u, p in shown.items() if p}, texts):
        log.warning('data/resources.yml:%s: entry "%s" is on no page of the site: cite it, link '
                    'its address from the page that uses it, or remove it',
                    getattr(entry, "start", "?"), entry["id"])
