"""MkDocs hook: markup that screen readers read right.

- Checklists: pymdownx.tasklist writes `<li class="task-list-item"><input type="checkbox"
  disabled/> text</li>`, a form control with no label, announced as a bare "checkbox" (WCAG
  1.3.1 and 4.1.2; axe rule "label"). The box and the item's text are wrapped in a <label>, so
  the box is named by its text. Only the text up to the first block (a nested list, a
  paragraph) goes in, since a label holds phrasing content only.
- Icons: Material draws its icons as inline <svg> inside links and buttons that are named
  already (aria-label, title or text). An <svg> with no name of its own is decoration and gets
  aria-hidden="true", so no screen reader reads it as an unnamed image; the page is parsed once
  for all hooks (scripts/pagetree.py).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import pagetree  # noqa: E402

# A label holds phrasing content only: the item's text up to the first of these goes in.
BLOCKS = {"ul", "ol", "p", "div", "dl", "table", "pre", "blockquote", "details"}
NAMING = ("aria-hidden", "aria-label", "aria-labelledby", "role")


def label_task_box(box) -> None:
    """Wraps the checkbox and the phrasing content after it in a <label>."""
    parent = box.getparent()
    label = parent.makeelement("label", {"class": "task-list-label"})
    box.addprevious(label)
    following = []
    for sibling in box.itersiblings():
        if not isinstance(sibling.tag, str) or sibling.tag in BLOCKS:
            break
        following.append(sibling)
    label.append(box)  # its tail (the text after it) moves with it
    for sibling in following:
        label.append(sibling)


def label_task_boxes_in(holder) -> None:
    """Every checklist item's box (first in the item, or in its first paragraph) labelled."""
    for item in holder.iter("li"):
        if item.get("class") != "task-list-item":
            continue
        first = item[0] if len(item) else None
        if first is not None and first.tag == "p" and not (item.text or "").strip():
            first = first[0] if len(first) and not (first.text or "").strip() else None
        if first is not None and first.tag == "input" and first.get("type") == "checkbox" \
                and first.get("disabled") is not None:
            label_task_box(first)


def label_task_boxes(content: str) -> str:
    holder = pagetree.fragment(content)
    label_task_boxes_in(holder)
    return pagetree.serialize_fragment(holder)


def hide_decorative_svgs_in(root) -> None:
    for svg in root.iter("svg"):
        if any(svg.get(name) is not None for name in NAMING):
            continue
        first = svg[0] if len(svg) else None
        if first is not None and first.tag == "title" and not (svg.text or "").strip():
            continue
        svg.set("aria-hidden", "true")


def hide_decorative_svgs(page_html: str) -> str:
    root = pagetree.tree(page_html)
    hide_decorative_svgs_in(root)
    return pagetree.serialize(root)


def on_page_content(html, page, config, files):
    return label_task_boxes(html) if 'class="task-list-item"' in html else html


def on_post_page(output, page, config):
    return hide_decorative_svgs(output)


def on_post_template(output_content, template_name, config):
    return hide_decorative_svgs(output_content) if template_name.endswith(".html") else output_content
