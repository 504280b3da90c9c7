"""Each page's Jinja runs through scripts/macros.py (scripts/hooks/page_macros.py): data escaped,
includes found, a page that did not change not compiled again, and a failing page named by file
and line in one warning."""
from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

import macros
import settings
from conftest import ROOT
from project_copy import mkdocs_build, project_copy, replace_once

CONF = {"theme": {"language": "en"}, "extra": {"guide_pdf": "downloads/guide.pdf"}, "use_directory_urls": True}


def page(src_uri: str, docs: Path = ROOT / "docs", meta: dict | None = None, source: str = ""):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri, abs_src_path=str(docs / src_uri), content_string=source),
                           meta=meta or {}, url=src_uri.removesuffix(".md") + "/")


def test_pages_read_data_escaped_config_extra_and_includes():
    pages = macros.Pages(CONF, ROOT / "includes")
    out = pages.render('{{ call("hotline") }} {{ guide_pdf }} {{ config.extra.guide_pdf }} {{ "<b>" }} '
                       '{{ page.url }} {{ review }}', page("guide/scope.md", meta={"review": "front matter"}))
    assert re.match(r'<a class="phone" href="tel:\+1\d{10}">[^<]+</a>', out), out
    assert out.endswith(" downloads/guide.pdf downloads/guide.pdf &lt;b&gt; guide/scope/ front matter")
    figures = pages.render('{% include "program-figures.md" %}', page("programs/texas-ipc.md"))
    assert figures.strip(), "the include gave nothing for a page that has program figures"
    source = "---\ntitle: T\n---\n# T\n\n{{ no_such_variable }}\n"
    with pytest.raises(macros.PageError, match=r"^docs/guide/scope\.md:6: UndefinedError: 'no_such_variable'"):
        pages.render(source.split("---\n", 2)[2], page("guide/scope.md", source=source))


def compiling(pages: macros.Pages) -> list[str]:
    """The templates `pages` compiles from now on."""
    compiled, compile_source = [], pages.env.compile

    def counting(source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return compile_source(source, name, filename, *args, **kwargs)
    pages.env.compile = counting
    return compiled


def test_a_page_is_compiled_once_and_each_edition_apart(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "CACHE", tmp_path)
    english, spanish = page("guide/scope.md"), page("guide/scope.md", docs=ROOT / "docs" / "es")
    pages = macros.Pages(CONF, ROOT / "includes", cached=True)
    compiled = compiling(pages)
    assert pages.render("{{ 1 + 1 }}", english) == "2" and pages.render("{{ 2 + 2 }}", spanish) == "4"
    assert len(compiled) == 2

    pages = macros.Pages(CONF, ROOT / "includes", cached=True)
    compiled = compiling(pages)
    assert pages.render("{{ 1 + 1 }}", english) == "2" and pages.render("{{ 2 + 2 }}", spanish) == "4"
    assert compiled == []
    assert pages.render("{{ 1 + 2 }}", english) == "3" and len(compiled) == 1  # edited: compiled again


def test_a_failing_page_is_named_by_file_and_line_without_a_traceback(tmp_path):
    project = project_copy(tmp_path)
    downloads = project / "docs" / "downloads" / "index.md"   # starts with front matter
    replace_once(downloads, '<a href="{{ zip_name }}"', '<a href="{{ call("no-such-contact") }}"')
    lines = downloads.read_text(encoding="utf-8").splitlines()
    line = next(no for no, text in enumerate(lines, 1) if "no-such-contact" in text)
    replace_once(project / "docs" / "about" / "iacp.md", "{{ contacts.iacp.address }}", "{{ contacts.iacp.address ( }}")
    result = mkdocs_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output
    assert f"docs/downloads/index.md:{line}: KeyError: \"no contact 'no-such-contact'" in output, output
    assert re.search(r"docs/about/iacp\.md:\d+: TemplateSyntaxError: ", output), output
