"""The offline edition's HTML: links that open from file://, and a check that nothing is missing.

On file:// a link to a folder ("about/") opens a folder listing, not the page. MkDocs writes
page links as files once `use_directory_urls` is off, but links written in templates or raw
HTML can still end in "/"; `link_folders_to_index` points them at the folder's index.html.
Pages are parsed once (lxml, scripts/pagetree.py): the same tree is fixed and then checked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pagetree

FOLDER_URL = re.compile(r"(?P<url>[^#?]*/)(?P<rest>[#?].*)?", re.S)
# Elements whose attribute is something the page loads, not a link the reader may follow.
LOADED = {("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
          ("iframe", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"), ("object", "data"),
          ("embed", "src"), ("track", "src"), ("input", "src")}
LOADED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}
NOT_FILES = ("#", "mailto:", "tel:", "sms:", "javascript:", "data:", "blob:", "about:")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


def is_external(url: str) -> bool:
    return url.startswith("//") or bool(urlsplit(url).scheme) and not url.startswith(NOT_FILES)


def link_folders_to_index_in(root, page: Path) -> bool:
    """Relative hrefs ending in "/" become ".../index.html" where that folder has one; True if
    any did."""
    changed = False
    for element in root.iter():
        href = element.get("href") if isinstance(element.tag, str) else None
        found = FOLDER_URL.fullmatch(href or "")
        if not found:
            continue
        url = found["url"]
        if is_external(url) or url.startswith("/") or not (page.parent / unquote(url) / "index.html").is_file():
            continue
        element.set("href", f"{url}index.html{found['rest'] or ''}")
        changed = True
    return changed


def link_folders_to_index(html: str, page: Path) -> str:
    root = pagetree.tree(html)
    return pagetree.serialize(root) if link_folders_to_index_in(root, page) else html


@dataclass(frozen=True)
class Reference:
    tag: str
    attr: str
    url: str

    @property
    def loaded(self) -> bool:
        return (self.tag, self.attr) in LOADED or self.tag == "link"


def references_in(root) -> list[Reference]:
    """Every URL a parsed page links or loads, in page order."""
    found: list[Reference] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        if element.tag == "link" and not LOADED_LINK_RELS & set((element.get("rel") or "").lower().split()):
            continue  # rel="canonical", "alternate"...: not fetched by the page
        for attr in ("href", "src", "srcset", "poster", "data"):
            value = (element.get(attr) or "").strip()
            if not value:
                continue
            urls = [part.split()[0] for part in value.split(",") if part.strip()] if attr == "srcset" else [value]
            found += [Reference(element.tag, attr, url) for url in urls]
    return found


def references(html: str) -> list[Reference]:
    return references_in(pagetree.tree(html)) if html.strip() else []


def local_target(root: Path, page: Path, url: str) -> Path | None:
    """The file a relative URL on `page` points to, or None for anchors, mail links and the like."""
    if url.startswith(NOT_FILES) or is_external(url):
        return None
    path = unquote(urlsplit(url).path)
    if not path:
        return None
    return (root / path.lstrip("/")) if path.startswith("/") else (page.parent / path)


def problems(root: Path, known: dict[Path, list[Reference]] | None = None) -> list[str]:
    """Everything that would not work from file:// with no network, one line per problem.
    `known`: each page's references where the caller has parsed it already."""
    found, resolved_root, known = [], root.resolve(), known or {}
    for page in sorted(root.rglob("*.html")):
        where = page.relative_to(root).as_posix()
        refs = known[page] if page in known else references(page.read_text(encoding="utf-8"))
        for ref in refs:
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
