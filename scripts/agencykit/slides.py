"""Slide sources: print/deck/*.md, Jinja templates of Markdown-like slides.

Format (see print/deck/_README.md):
    # Slide title          starts a slide
    layout: two-column     optional, right after the title (title, content,
                           two-column, table, law)
    - bullet / "  - sub"   bullets; other lines are plain paragraphs
    **bold**, *italic*     inline emphasis
    ## Notes               everything after it is the speaker notes

A translation (print/deck/es/) starts with a `---` YAML front matter block (translation_of,
translation_source_sha256) that is not part of any slide.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

DECK_SOURCES = Path(__file__).resolve().parents[2] / "print" / "deck"
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
LAYOUTS = {"title", "content", "two-column", "table", "law"}


@dataclass
class Paragraph:
    text: str
    level: int  # 0 or 1 for bullets, -1 for a plain paragraph


@dataclass
class SlideSource:
    title: str
    origin: str
    layout: str = "content"
    body: list[Paragraph] = field(default_factory=list)
    notes: str = ""


def _paragraphs(lines: list[str]) -> list[Paragraph]:
    out: list[Paragraph] = []
    plain: list[str] = []

    def flush():
        if plain:
            out.append(Paragraph(" ".join(plain), -1))
            plain.clear()

    for line in lines:
        bullet = re.match(r"^( *)- (.+)$", line)
        if bullet:
            flush()
            out.append(Paragraph(bullet.group(2).strip(), 1 if len(bullet.group(1)) >= 2 else 0))
        elif line.strip():
            plain.append(line.strip())
        else:
            flush()
    flush()
    return out


def _notes(lines: list[str]) -> str:
    """Paragraphs of the notes, each on one line, separated by blank lines."""
    return "\n\n".join(" ".join(block.split()) for block in "\n".join(lines).split("\n\n") if block.strip())


def folder(lang: str) -> Path:
    """The slide sources of one language: print/deck/ for English, print/deck/<lang>/ otherwise."""
    return DECK_SOURCES if lang == "en" else DECK_SOURCES / lang


def parse(text: str, origin: str) -> list[SlideSource]:
    text = FRONT_MATTER.sub("", text.replace("\r\n", "\n"), count=1)
    slides: list[SlideSource] = []
    body: list[str] = []
    notes: list[str] = []
    in_notes = False

    def close():
        if slides:
            slides[-1].body, slides[-1].notes = _paragraphs(body), _notes(notes)

    for line in text.splitlines():
        if line.startswith("# "):
            close()
            slides.append(SlideSource(line[2:].strip(), origin))
            body, notes, in_notes = [], [], False
        elif not slides:
            if line.strip():
                raise ValueError(f"{origin}: text before the first '# ' slide title: {line!r}")
        elif line.strip() == "## Notes":
            in_notes = True
        elif in_notes:
            notes.append(line)
        elif line.startswith("layout:") and not body:
            slides[-1].layout = line.split(":", 1)[1].strip()
            if slides[-1].layout not in LAYOUTS:
                raise ValueError(f"{origin}: slide {slides[-1].title!r}: unknown layout {slides[-1].layout!r}")
        else:
            body.append(line)
    close()
    for slide in slides:
        if not slide.notes:
            raise ValueError(f"{origin}: slide {slide.title!r} has no '## Notes' section")
    return slides


def render(context: dict, sources: Path = DECK_SOURCES) -> list[SlideSource]:
    """Every slide of `sources`/*.md (print/deck/ or a translation of it) in file order, with
    `context` filled in."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(sources)),
                             undefined=jinja2.StrictUndefined, autoescape=False,
                             keep_trailing_newline=True)
    slides: list[SlideSource] = []
    for path in sorted(sources.glob("[0-9]*.md")):
        slides += parse(env.get_template(path.name).render(**context), path.name)
    return slides


INLINE = re.compile(r"(\*\*.+?\*\*|\*.+?\*)")


def runs(text: str) -> list[tuple[str, bool, bool]]:
    """'**Task force:** Big Sky' -> [('Task force:', bold, not italic), (' Big Sky', ...)]."""
    out = []
    for part in INLINE.split(text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            out.append((part[2:-2], True, False))
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            out.append((part[1:-1], False, True))
        else:
            out.append((part, False, False))
    return out


def plain(text: str) -> str:
    return "".join(t for t, _, _ in runs(text))
