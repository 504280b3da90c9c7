"""One parse of a built page for all the hooks (scripts/pagetree.py), and the hooks' edits on it."""
from __future__ import annotations

import base64
import hashlib
import importlib.util

import pagetree
from conftest import ROOT


def hook(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PAGE = ('<!doctype html>\n<html lang="en"><head><title>T</title></head><body>'
        '<a href="https://example.org/"><svg viewBox="0 0 2 2"><path d="M0 0"/></svg></a>'
        '<svg aria-label="Logo"><path d="M1 1"/></svg><svg><title>Named</title></svg>'
        '<p>caf&eacute; &amp; more</p></body></html>')


def test_the_hooks_after_the_first_reuse_its_tree():
    a11y, links = hook("a11y_markup"), hook("link_attrs")
    first = pagetree.tree(PAGE)
    after_a11y = a11y.hide_decorative_svgs(PAGE)
    assert pagetree.tree(after_a11y) is first  # not parsed again
    out = links.add_rel(after_a11y, "https://cst.example/")
    assert pagetree.tree(out) is first
    assert pagetree.tree(out + " ") is not first  # another string: parsed afresh


def test_a_page_with_no_link_out_is_not_serialized_again():
    links = hook("link_attrs")
    page = hook("a11y_markup").hide_decorative_svgs(PAGE.replace("https://example.org/", "../guide/"))
    assert links.add_rel(page, "https://cst.example/") is page
    assert links.add_rel(page.replace("../guide/", "https://example.org/"), "https://cst.example/").count(
        'rel="noopener noreferrer"') == 1


def test_serializing_keeps_the_page_and_its_doctype():
    out = hook("a11y_markup").hide_decorative_svgs(PAGE)
    assert out.lower().startswith("<!doctype html>") and "HTML 4" not in out
    assert out.count("<svg") == 3 and out.count('aria-hidden="true"') == 1
    assert '<svg aria-label="Logo">' in out and "<title>Named</title>" in out
    assert "café &amp; more" in out
    bare = hook("a11y_markup").hide_decorative_svgs("<p>a fragment</p>")
    assert "<!doctype" not in bare.lower() and bare.startswith("<html>")


def test_checklist_boxes_are_labelled_up_to_the_first_block():
    content = ('<ul class="task-list">\n'
               '<li class="task-list-item"><input type="checkbox" disabled/> Train <em>every</em> officer\n'
               '<ul><li>nested</li></ul></li>\n'
               '<li class="task-list-item"><p><input type="checkbox" disabled checked/> In a paragraph</p>'
               '<p>More</p></li>\n'
               '<li>plain item</li></ul>')
    out = hook("a11y_markup").label_task_boxes(content)
    assert ('<li class="task-list-item"><label class="task-list-label"><input type="checkbox" disabled>'
            ' Train <em>every</em> officer\n</label><ul><li>nested</li></ul></li>') in out
    assert ('<p><label class="task-list-label"><input type="checkbox" disabled checked> In a paragraph'
            '</label></p><p>More</p>') in out
    assert "<li>plain item</li>" in out and out.count("<label") == 2


def test_script_hashes_are_of_the_script_text_as_written():
    csp = hook("csp")
    body = 'if (a < b && c) { x = "</p>" }'
    page = ('<!doctype html><html><head><meta http-equiv="Content-Security-Policy" '
            "content=\"script-src 'self' 'inline-script-hashes'\"></head><body>"
            f'<script>{body}</script><script type="application/json">{{}}</script>'
            '<script src="a.js"></script></body></html>')
    hashes = csp.inline_script_hashes(page)
    assert hashes == ["'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"]
    assert csp.with_script_hashes(page, "x").count(hashes[0]) == 1
