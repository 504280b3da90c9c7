"""MkDocs hook: show a file from the repository root (CONTRIBUTING.md, ...) as a site page.

A page whose front matter says `repo_file: CONTRIBUTING.md` gets that file's
Markdown as its body, so the text lives in one place and reads well both on
GitHub and on the site. Links inside the file are written for GitHub, relative
to the repository root; here they are rewritten for the site:

- a file another page shows (STYLE.md, CHANGELOG.md) -> that page;
- docs/x/y.md -> the site page built from it;
- anything else (data/, scripts/, .github/) -> the file on GitHub when
  `repo_url` is set in mkdocs.yml, otherwise the link text with the path in code.

The included text skips the Jinja macros on purpose, so it can show
`{{ call("hotline") }}` as an example without running it.
"""
from __future__ import annotations

import posixpath
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import settings  # noqa: E402

INLINE_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]\n]+)\]\((?P<target>[^)\s]+)\)")
REFERENCE_DEF = re.compile(r"^(?P<lead> {0,3}\[[^\]\n]+\]:[ \t]*)(?P<target>\S+)", re.MULTILINE)
FENCED_BLOCK = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)

_shown: dict[str, str] = {}    # repo file -> the page (under docs/) that shows it
_root: list[Path] = []


def on_config(config):
    _root[:] = [Path(config.config_file_path).resolve().parent]
    return config


def on_files(files, config):
    _shown.clear()
    for file in files.documentation_pages():
        _, meta = get_data(file.content_string)
        if meta.get("repo_file"):
            _shown[posixpath.normpath(str(meta["repo_file"]))] = file.src_uri
    return files


def on_serve(server, config, builder):
    for repo_file in _shown:
        server.watch(str(_root[0] / repo_file))
    return server


def site_target(target: str, page_uri: str, repo_url: str | None) -> tuple[str | None, str]:
    """A repository-relative link target as seen from page_uri: (new target, repo path).

    The new target is None when the file has no page and there is no repo_url to link to.
    """
    path, hashmark, anchor = target.partition("#")
    repo_path = posixpath.normpath(path)
    fragment = hashmark + anchor
    if repo_path in _shown:
        dest = _shown[repo_path]
    elif repo_path.startswith("docs/"):
        dest = repo_path[len("docs/"):]
    elif repo_url:
        return f"{repo_url.rstrip('/')}/blob/main/{repo_path}{fragment}", repo_path
    else:
        return None, repo_path
    return posixpath.relpath(dest, posixpath.dirname(page_uri) or ".") + fragment, repo_path


def rewrite_links(markdown: str, page_uri: str, repo_url: str | None) -> str:
    """Rewrite the relative links of a root-level Markdown file, outside fenced code."""
    def inline(match: re.Match) -> str:
        text, target = match["text"], match["target"]
        if target.startswith("#") or SCHEME.match(target):
            return match[0]
        new, repo_path = site_target(target, page_uri, repo_url)
        if new is not None:
            return f"[{text}]({new})"
        if text.strip("`") == repo_path.rstrip("/") or text.strip("`") == target:
            return f"`{repo_path}`"
        return f"{text} (`{repo_path}`)"

    def reference(match: re.Match) -> str:
        target = match["target"]
        if target.startswith("#") or SCHEME.match(target):
            return match[0]
        new, _ = site_target(target, page_uri, repo_url)
        # With nowhere to point, the link stays as written and the strict build names it.
        return match["lead"] + new if new is not None else match[0]

    out, last = [], 0
    for block in FENCED_BLOCK.finditer(markdown):
        prose = markdown[last:block.start()]
        out.append(REFERENCE_DEF.sub(reference, INLINE_LINK.sub(inline, prose)))
        out.append(block[0])
        last = block.end()
    out.append(REFERENCE_DEF.sub(reference, INLINE_LINK.sub(inline, markdown[last:])))
    return "".join(out)


def on_page_markdown(markdown, page, config, files):
    repo_file = page.meta.get("repo_file")
    if not repo_file:
        return markdown
    path = _root[0] / str(repo_file)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PluginError(f"{settings.source_name(page.file)}: front matter, field repo_file: "
                          f"{repo_file} does not exist in the repository") from None
    return rewrite_links(text, page.file.src_uri, config.repo_url)
