"""The offline edition's HTML: links that open from file://, and a check that nothing is missing.

On file:// a link to a folder ("about/") opens a folder listing, not the page. MkDocs writes
page links as files once `use_directory_urls` is off, but links written in templates or raw
HTML can still end in "/"; `link_folders_to_index` points them at the folder's index.html.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

HREF = re.compile(r'(?P<attr>\bhref=)(?P<quote>["\'])(?P<url>[^"\'#?]*/)(?P<rest>[#?][^"\']*)?(?P=quote)')
# Elements whose attribute is something the page loads, not a link the reader may follow.
LOADED = {("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
          ("iframe", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"), ("object", "data"),
          ("embed", "src"), ("track", "src"), ("input", "src")}
LOADED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}
NOT_FILES = ("#", "mailto:", "tel:", "sms:", "javascript:", "data:", "blob:", "about:")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


def is_external(url: str) -> bool:
    return url.startswith("//") or bool(urlsplit(url).scheme) and not url.startswith(NOT_FILES)


def link_folders_to_index(html: str, page: Path) -> str:
    """Relative hrefs ending in "/" become ".../index.html" where that folder has one."""
    def fix(match: re.Match) -> str:
        url = match["url"]
        if is_external(url) or url.startswith("/") or not (page.parent / unquote(url) / "index.html").is_file():
            return match[0]
        return f'{match["attr"]}{match["quote"]}{url}index.html{match["rest"] or ""}{match["quote"]}'
    return HREF.sub(fix, html)


@dataclass(frozen=True)
class Reference:
    tag: str
    attr: str
    url: str

    @property
    def loaded(self) -> bool:
        return (self.tag, self.attr) in LOADED or self.tag == "link"


class _References(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[Reference] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and not LOADED_LINK_RELS & set((attrs.get("rel") or "").lower().split()):
            return  # rel="canonical", "alternate"...: not fetched by the page
        for attr in ("href", "src", "srcset", "poster", "data"):
            value = (attrs.get(attr) or "").strip()
            if not value:
                continue
            urls = [part.split()[0] for part in value.split(",") if part.strip()] if attr == "srcset" else [value]
            self.found += [Reference(tag, attr, url) for url in urls]


def references(html: str) -> list[Reference]:
    parser = _References()
    parser.feed(html)
    return parser.found


def local_target(root: Path, page: Path, url: str) -> Path | None:
    """The file a relative URL on `page` points to, or None for anchors, mail links and the like."""
    if url.startswith(NOT_FILES) or is_external(url):
        return None
    path = unquote(urlsplit(url).path)
    if not path:
        return None
    return (root / path.lstrip("/")) if path.startswith("/") else (page.parent / path)


def problems(root: Path) -> list[str]:
    """Everything that would not work from file:// with no network, one line per problem."""
    found, resolved_root = [], root.resolve()
    for page in sorted(root.rglob("*.html")):
        where = page.relative_to(root).as_posix()
        for ref in references(page.read_text(encoding="utf-8")):
            if ref.loaded and is_external(ref.url):
                found.append(f"{where}: <{ref.tag} {ref.attr}> loads {ref.url} from the network")
                continue
            target = local_target(root, page, ref.url)
            if target is None:
                continue
            if target.is_dir():
                found.append(f"{where}: {ref.url} is a folder; from file:// it opens a file listing")
            elif not target.resolve().is_relative_to(resolved_root):
                found.append(f"{where}: {ref.url} points outside the offline edition")
            elif not target.is_file():
                found.append(f"{where}: {ref.url} is not in the offline edition")
    for sheet in sorted(root.rglob("*.css")):
        for url in CSS_URL.findall(sheet.read_text(encoding="utf-8", errors="replace")):
            if is_external(url):
                found.append(f"{sheet.relative_to(root).as_posix()}: url({url}) loads from the network")
    return found
