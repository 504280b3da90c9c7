"""One parse of a built page for every hook that reads or edits it.

The hooks that run after a page is rendered (scripts/hooks/: external_links, a11y_markup,
link_attrs, csp) each get the page as a string and must return one. Parsing that string again
in each hook would parse every page four times. Instead each hook asks `tree(html)`: the page
is parsed (lxml) only when it is not the string the previous hook returned through
`serialize()`; otherwise the tree it came from is handed back.

Serializing through lxml changes the markup only in form (attribute quotes and spacing,
`<path/>` written as `<path></path>`, character references written as characters), never in
what a browser builds from it.
"""
from __future__ import annotations

import lxml.html

# "html": the string last parsed or serialized, "tree": its tree, "doctype": the page's own
# (lxml would write an HTML 4 one for a page that has none).
_last: dict = {}


def tree(page_html: str) -> lxml.html.HtmlElement:
    """The page's tree: the one `page_html` was serialized from, else a fresh parse."""
    if _last.get("html") is page_html:
        return _last["tree"]
    root = lxml.html.document_fromstring(page_html)
    has_doctype = page_html.lstrip()[:9].lower() == "<!doctype"
    _last.update(html=page_html, tree=root, doctype=root.getroottree().docinfo.doctype if has_doctype else None)
    return root


def serialize(root: lxml.html.HtmlElement) -> str:
    """The page as HTML; the next `tree()` of this very string reuses `root`."""
    doctype = _last.get("doctype") if _last.get("tree") is root else None
    out = lxml.html.tostring(root, encoding="unicode", doctype=doctype)
    _last.update(html=out, tree=root, doctype=doctype)
    return out


def fragment(html_fragment: str) -> lxml.html.HtmlElement:
    """A piece of HTML (a page's content) inside a <div> made to hold it."""
    return lxml.html.fragment_fromstring(html_fragment, create_parent="div")


def serialize_fragment(holder: lxml.html.HtmlElement) -> str:
    return (holder.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in holder)
