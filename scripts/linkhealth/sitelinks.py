"""The external links of a built site: every http(s) href or src, with the pages it is on."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, TypeVar

import lxml.html

T = TypeVar("T")
# What each page parsed to, while the file is unchanged: `make serve` rewrites only the edited
# page, so the checks that read every page after each rebuild parse just that one again.
_parsed: dict[tuple[Callable, Path], tuple[tuple[int, int], object]] = {}
# What the pages MkDocs rendered in this build hold, told by the hook that saw them
# (scripts/hooks/external_links.py), so the built files need not be parsed again.
_rendered: dict[Path, tuple[list[str], str]] = {}


def parsed_page(html: Path, parse: Callable[[str], T]) -> T:
    stat = html.stat()
    stamp, key = (stat.st_mtime_ns, stat.st_size), (parse, html.resolve())
    if key in _parsed and _parsed[key][0] == stamp:
        return _parsed[key][1]
    value = parse(html.read_text(encoding="utf-8", errors="replace"))
    _parsed[key] = (stamp, value)
    return value


def page_facts(root) -> tuple[list[str], str]:
    """A parsed page's http(s) hrefs and srcs, and its text with whitespace collapsed."""
    urls = [value.strip() for value in root.xpath("//@href | //@src")
            if value.strip().startswith(("http://", "https://"))]
    return urls, " ".join(root.text_content().split())


def read_page(html: str) -> tuple[list[str], str]:
    """The page's http(s) hrefs and srcs, and its text with whitespace collapsed."""
    return page_facts(lxml.html.document_fromstring(html)) if html.strip() else ([], "")


def remember_rendered(html: Path, facts: tuple[list[str], str]) -> None:
    _rendered[Path(html).resolve()] = facts


def forget_rendered() -> None:
    _rendered.clear()


def facts(html: Path) -> tuple[list[str], str]:
    """What a built page holds: as the hook saw it rendered in this build, else read from the file.
    What the hook saw is kept for the file as now written, so a later build that does not render
    the page again (`make serve` renders only what changed) does not parse it either."""
    seen = _rendered.get(html.resolve())
    if seen is None:
        return parsed_page(html, read_page)
    stat = html.stat()
    _parsed[(read_page, html.resolve())] = ((stat.st_mtime_ns, stat.st_size), seen)
    return seen


def site_url(site_dir: Path) -> str | None:
    """The address the site was built for: its home page's canonical link (from site_url)."""
    home = Path(site_dir) / "index.html"
    if not home.exists():
        return None
    root = lxml.html.document_fromstring(home.read_text(encoding="utf-8", errors="replace"))
    return next((link.get("href") for link in root.iter("link") if link.get("rel") == "canonical"), None)


def page_label(site_dir: Path, html: Path) -> str:
    """site/guide/scope/index.html -> guide/scope/; site/index.html -> / (the home page)."""
    rel = html.relative_to(site_dir).as_posix()
    if rel == "index.html":
        return "/"
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def is_own(url: str, own_prefixes: list[str]) -> bool:
    """A link to the project's own site or repository: not a cited link."""
    return any(url.startswith(p) for p in own_prefixes if p)


def external_links(site_dir: Path, own_prefixes: list[str] = ()) -> dict[str, list[str]]:
    """{url: [pages that link it]}, in the order first seen, pages sorted."""
    site_dir = Path(site_dir)
    found: dict[str, set[str]] = {}
    for html in sorted(site_dir.rglob("*.html")):
        for url in facts(html)[0]:
            if not is_own(url, list(own_prefixes)):
                found.setdefault(url, set()).add(page_label(site_dir, html))
    return {url: sorted(pages) for url, pages in found.items()}
