"""MkDocs hook: markup that screen readers read right.

- Checklists: pymdownx.tasklist writes `<li class="task-list-item"><input type="checkbox"
  disabled/> text</li>`, a form control with no label, announced as a bare "checkbox" (WCAG
  1.3.1 and 4.1.2; axe rule "label"). The box and the item's text are wrapped in a <label>, so
  the box is named by its text. Only the text up to the first block (a nested list, a
  paragraph) goes in, since a label holds phrasing content only.
- Icons: Material draws its icons as inline <svg> inside links and buttons that are named
  already (aria-label, title or text). An <svg> with no name of its own is decoration and gets
  aria-hidden="true", so no screen reader reads it as an unnamed image.
"""
from __future__ import annotations

import re

TASK_BOX = re.compile(
    r'(?P<item><li class="task-list-item">(?:\s*<p>)?\s*)'
    r'(?P<box><input type="checkbox" disabled(?: checked)?/>)'
    r"(?P<text>.*?)"
    r"(?=</li>|</p>|<(?:ul|ol|p|div|dl|table|pre|blockquote|details)\b)",
    re.S,
)
SVG_TAG = re.compile(r"<svg\b(?P<attrs>[^>]*)>(?P<titled>(?=\s*<title\b))?", re.I)
NAMED = re.compile(r"\b(?:aria-hidden|aria-label|aria-labelledby|role)\s*=", re.I)


def label_task_boxes(content: str) -> str:
    return TASK_BOX.sub(lambda m: f'{m.group("item")}<label class="task-list-label">'
                                  f'{m.group("box")}{m.group("text")}</label>', content)


def hide_decorative_svgs(page_html: str) -> str:
    def fix(match: re.Match) -> str:
        attrs = match.group("attrs")
        if NAMED.search(attrs) or match.group("titled") is not None:
            return match.group(0)
        return f'<svg aria-hidden="true"{attrs}>'
    return SVG_TAG.sub(fix, page_html)


def on_page_content(html, page, config, files):
    return label_task_boxes(html) if 'class="task-list-item"' in html else html


def on_post_page(output, page, config):
    return hide_decorative_svgs(output)


def on_post_template(output_content, template_name, config):
    return hide_decorative_svgs(output_content) if template_name.endswith(".html") else output_content
