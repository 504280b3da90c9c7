"""MkDocs hook: turn note markers into linked citations from the registry.

Authors write the guide's note numbers where a fact is cited: `[^5]`, or
`[^*]`, `[^†]`, `[^‡]` for the marked notes. The marker keeps its number
(so readers can match the 2016 edition), links to the page's "Notes"
section, and that section shows each note's full citation from
data/resources.yml. A marker with no registry entry stops the build.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import citations  # noqa: E402
import datastore  # noqa: E402
import i18n  # noqa: E402
import settings  # noqa: E402

MARKER = re.compile(r"\[\^([0-9]{1,2}|\*|†|‡)\](?!:)")
SLUGS = {"*": "star", "†": "dagger", "‡": "double-dagger"}
FENCE = re.compile(r"^(```|~~~)")


def note_slug(note: str) -> str:
    return SLUGS.get(note, note)


def _code_lines(markdown: str) -> set[int]:
    inside, skip = False, set()
    for no, line in enumerate(markdown.splitlines(), 1):
        if FENCE.match(line.strip()):
            inside = not inside
            skip.add(no)
        elif inside:
            skip.add(no)
    return skip


def on_page_markdown(markdown, page, config, files):
    _, notes = datastore.cached("resources")
    lang = i18n.language_of(config)
    skip = _code_lines(markdown)
    used: list[str] = []
    counts: dict[str, int] = {}

    def mark(match: re.Match, line_no: int) -> str:
        note = match.group(1)
        if note not in notes:
            raise PluginError(
                f"{settings.source_name(page.file)}:{line_no}: note [^{note}] is cited but not defined "
                f"in data/resources.yml (add it to the notes of the entry it cites)")
        counts[note] = counts.get(note, 0) + 1
        if note not in used:
            used.append(note)
        slug = note_slug(note)
        ref_id = f"ref-{slug}" + (f"-{counts[note]}" if counts[note] > 1 else "")
        return (f'<sup class="note-ref" id="{ref_id}"><a href="#note-{slug}" '
                f'aria-label="{i18n.text("note_label", lang, note=note)}">{note}</a></sup>')

    out = []
    for no, line in enumerate(markdown.splitlines(), 1):
        out.append(line if no in skip else MARKER.sub(lambda m, n=no: mark(m, n), line))
    if not used:
        return markdown

    items = []
    for note in sorted(used, key=citations.note_order):
        ref = notes[note]
        slug = note_slug(note)
        backs = " ".join(
            f'<a class="note-back" href="#ref-{slug}{"" if i == 1 else f"-{i}"}" '
            f'aria-label="{i18n.text("note_back", lang, note=note)}">↩</a>'
            for i in range(1, counts[note] + 1))
        items.append(
            f'<li id="note-{slug}" class="note"><span class="note-label">{note}.</span> '
            f'<span class="note-text">{citations.note_html(ref.resource, ref.pages, lang)}</span> {backs}</li>')
    block = "\n".join(items)
    return "\n".join(out) + f'\n\n## {i18n.text("notes_heading", lang)} {{ #notes .notes-heading data-search-exclude }}\n\n<ol class="notes">\n{block}\n</ol>\n'
