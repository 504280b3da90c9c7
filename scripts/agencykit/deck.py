"""The training deck: print/deck/*.md -> a 16:9 PPTX with speaker notes on every slide.

Text sizes are chosen by measuring the text (textfit), so nothing spills out
of its box; agency text that cannot fit even at the smallest size raises a
FitError naming the agency.yml field.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

import datastore
import i18n

from . import contacts as contact_rows
from . import slides as sources
from .logos import logo_png
from .textfit import FitError, line_count, text_height

PRODUCT_ID = "training-deck"
NAVY = RGBColor(0x1B, 0x36, 0x5D)
GOLD = RGBColor(0xC9, 0x97, 0x00)
GREY = RGBColor(0x55, 0x5B, 0x66)
INK = RGBColor(0x1A, 0x1A, 0x1A)
FONT = "Arial"  # LibreOffice draws it with the metric-compatible Liberation Sans
BLANK = "_" * 28

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.7)
TITLE_TOP, TITLE_H = Inches(0.45), Inches(1.0)
BODY_TOP = Inches(1.75)
FOOTER_TOP, FOOTER_H = Inches(6.95), Inches(0.4)
BODY_H = FOOTER_TOP - BODY_TOP - Inches(0.15)
INSET = Inches(0.1)
# Bullet indents of python-pptx's default master, level 0 and 1.
INDENT = {-1: Emu(0), 0: Emu(342900), 1: Emu(742950)}


def _pt(emu: int) -> float:
    return emu / 12700



def law_note_field(agency: dict | None, lang: str) -> str:
    """The agency.yml field the law slide shows: its Spanish variant on a Spanish deck, if given."""
    variant = f"state_law_note_{lang}"
    return variant if lang != i18n.DEFAULT and (agency or {}).get(variant) else "state_law_note"

@dataclass
class DeckContext:
    agency: dict | None
    site_url: str
    contacts: dict  # as data/contacts.yml has it; read in the deck's language
    lang: str = i18n.DEFAULT

    @property
    def name(self) -> str:
        return contact_rows.agency_name(self.agency, self.lang)

    def words(self, key: str, **fields: str) -> str:
        return i18n.print_text(key, self.lang, **fields)

    def jinja(self) -> dict:
        lang, contacts = self.lang, i18n.localized(self.contacts, self.lang)
        registry, _ = datastore.load_resources()
        by_id = {entry["id"]: entry for entry in i18n.localized(registry, lang)}

        def cite(resource_id: str) -> str:
            entry = by_id[resource_id]
            who = entry.get("author") or entry.get("publisher")
            url = entry.get("current_url") or entry["cited_url"]
            return entry["title"] + (f" ({who})" if who and who != entry["title"] else "") + f", {url}"

        def as_line(row: contact_rows.ContactRow) -> dict:
            # Name and details on separate lines, so a phone number never breaks at a hyphen.
            value = BLANK if row.blank else "<br>".join(([row.name] if row.name else []) + ["  ·  ".join(row.details)])
            return {"label": row.label, "value": value}

        agency = self.agency
        tip = ", ".join(contact_rows.tip_line_details(agency, lang)) if agency else ""
        return {
            "agency": agency,
            "agency_name": self.name,
            "agency_short": contact_rows.agency_short(agency, lang),
            "state": agency["state"] if agency else "",
            "state_law_note": agency[law_note_field(agency, lang)] if agency else None,
            "tip_line_text": tip,
            "site_url": self.site_url,
            "contacts": contacts,
            "cite": cite,
            "resource": by_id.__getitem__,
            "local_contacts": [as_line(r) for r in contact_rows.local_rows(agency, lang)],
            "national_contacts": [as_line(r) for r in contact_rows.national_rows(contacts, lang)],
            "national_sources": contact_rows.national_sources(contacts, lang),
        }


def _style(run, size: float, bold=False, italic=False, color=INK):
    run.font.name, run.font.size = FONT, Pt(size)
    run.font.bold, run.font.italic = bold, italic
    run.font.color.rgb = color


def _fill(paragraph, text: str, size: float, color=INK, bold=False):
    for part, part_bold, italic in sources.runs(text):
        _style(paragraph.add_run(), size, bold or part_bold, italic, color)
        paragraph.runs[-1].text = part


def _frame(shape, anchor=MSO_ANCHOR.TOP):
    frame = shape.text_frame
    frame.word_wrap, frame.auto_size = True, MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = INSET
    return frame


def _fit_size(paragraphs: list[sources.Paragraph], width: int, height: int,
              sizes=(26, 24, 22, 20, 18, 16)) -> float | None:
    """The largest size at which every paragraph fits the box, or None."""
    inner_w, inner_h = _pt(width - 2 * INSET), _pt(height - 2 * INSET)
    for size in sizes:
        total = sum(text_height(sources.plain(p.text), size * (0.85 if p.level == 1 else 1),
                                inner_w - _pt(INDENT[p.level]), bold="**" in p.text)
                    + size * 0.5 for p in paragraphs)
        if total <= inner_h:
            return size
    return None


def _rect(slide, left, top, width, height, color):
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
    shape.fill.solid()
    shape.fill.fore_color.rgb = color
    shape.line.fill.background()
    return shape


class DeckBuilder:
    def __init__(self, ctx: DeckContext, logo: Path | None):
        self.ctx, self.logo = ctx, logo
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = SLIDE_W, SLIDE_H
        self.layouts = {name: self.prs.slide_layouts[i] for name, i in
                        (("title", 6), ("content", 1), ("two-column", 3), ("table", 5), ("law", 5))}

    # -- pieces -----------------------------------------------------------
    def _title(self, slide, text: str):
        shape = slide.shapes.title
        shape.left, shape.top, shape.width, shape.height = MARGIN, TITLE_TOP, SLIDE_W - 2 * MARGIN, TITLE_H
        frame = _frame(shape, MSO_ANCHOR.BOTTOM)
        frame.text = ""
        size = 34 if line_count(text, 34, _pt(shape.width - 2 * INSET), bold=True) == 1 else 28
        paragraph = frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.LEFT
        _fill(paragraph, text, size, NAVY, bold=True)
        _rect(slide, MARGIN + INSET, TITLE_TOP + TITLE_H + Inches(0.08), Inches(1.4), Inches(0.06), GOLD)

    def _footer(self, slide, number: int):
        text = f"{self.ctx.name}  |  {self.ctx.words('deck_title')}"
        width = SLIDE_W - 2 * MARGIN - Inches(1.0)
        if line_count(text, 11, _pt(width - 2 * INSET)) > 1:
            raise FitError(PRODUCT_ID, "name", "the agency name does not fit on one line of the slide footer")
        box = slide.shapes.add_textbox(MARGIN, FOOTER_TOP, width, FOOTER_H)
        _fill(_frame(box, MSO_ANCHOR.MIDDLE).paragraphs[0], text, 11, GREY)
        num = slide.shapes.add_textbox(SLIDE_W - MARGIN - Inches(1.0), FOOTER_TOP, Inches(1.0), FOOTER_H)
        paragraph = _frame(num, MSO_ANCHOR.MIDDLE).paragraphs[0]
        paragraph.alignment = PP_ALIGN.RIGHT
        _fill(paragraph, str(number), 11, GREY)
        _rect(slide, MARGIN, FOOTER_TOP - Inches(0.02), SLIDE_W - 2 * MARGIN, Inches(0.01), GREY)

    def _body(self, shape, paragraphs: list[sources.Paragraph], where: str, field: str = "slides"):
        """`field`: the agency.yml field to blame when the text does not fit."""
        size = _fit_size(paragraphs, shape.width, shape.height)
        if size is None:
            raise FitError(PRODUCT_ID, field, f"the text of the slide {where!r} does not fit even at 16 pt")
        frame = _frame(shape)
        frame.text = ""
        for i, p in enumerate(paragraphs):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.level = max(p.level, 0)
            paragraph.space_after = Pt(size * 0.5)
            _fill(paragraph, p.text, size * (0.85 if p.level == 1 else 1))
            if p.level < 0:  # a plain paragraph: no bullet, no indent
                pPr = paragraph._p.get_or_add_pPr()
                pPr.set("marL", "0")
                pPr.set("indent", "0")
                pPr.insert(0, pPr.makeelement("{http://schemas.openxmlformats.org/drawingml/2006/main}buNone", {}))

    def _place(self, shape, left, top, width, height):
        shape.left, shape.top, shape.width, shape.height = left, top, width, height
        return shape

    # -- layouts ----------------------------------------------------------
    def title_slide(self, src: sources.SlideSource):
        slide = self.prs.slides.add_slide(self.layouts["title"])
        _rect(slide, 0, 0, SLIDE_W, Inches(0.35), NAVY)
        _rect(slide, 0, SLIDE_H - Inches(0.9), SLIDE_W, Inches(0.9), NAVY)
        text_w = Inches(8.6)
        title = slide.shapes.add_textbox(MARGIN, Inches(1.0), text_w, Inches(2.2))
        paragraph = _frame(title, MSO_ANCHOR.BOTTOM).paragraphs[0]
        _fill(paragraph, src.title, 40, NAVY, bold=True)
        _rect(slide, MARGIN + INSET, Inches(3.3), Inches(1.6), Inches(0.08), GOLD)
        agency_line, *rest = [p.text for p in src.body]
        name_box = slide.shapes.add_textbox(MARGIN, Inches(3.5), text_w, Inches(1.25))
        inner = _pt(text_w - 2 * INSET)
        size = next((s for s in (30, 26, 22) if line_count(agency_line, s, inner, bold=True) <= 2), None)
        if size is None:
            raise FitError(PRODUCT_ID, "name", "the agency name takes more than two lines on the title slide")
        _fill(_frame(name_box).paragraphs[0], agency_line, size, INK, bold=True)
        about = slide.shapes.add_textbox(MARGIN, Inches(4.85), text_w, Inches(1.5))
        frame = _frame(about)
        for i, text in enumerate(rest):
            _fill(frame.paragraphs[0] if i == 0 else frame.add_paragraph(), text, 16, GREY)
        if self.logo:
            self._logo(slide, Inches(9.9), Inches(1.3), Inches(2.8))
        band = slide.shapes.add_textbox(MARGIN, SLIDE_H - Inches(0.8), SLIDE_W - 2 * MARGIN, Inches(0.7))
        _fill(_frame(band, MSO_ANCHOR.MIDDLE).paragraphs[0],
              self.ctx.words("deck_web_edition", url=self.ctx.site_url), 14, RGBColor(0xFF, 0xFF, 0xFF))
        return slide

    def _logo(self, slide, left, top, box):
        from PIL import Image
        with Image.open(self.logo) as image:
            w, h = image.size
        scale = min(box / w, box / h)
        width, height = int(w * scale), int(h * scale)
        slide.shapes.add_picture(str(self.logo), left + (box - width) // 2, top + (box - height) // 2,
                                 width, height)

    def content_slide(self, src: sources.SlideSource):
        slide = self.prs.slides.add_slide(self.layouts["content"])
        self._title(slide, src.title)
        body = self._place(slide.placeholders[1], MARGIN, BODY_TOP, SLIDE_W - 2 * MARGIN, BODY_H)
        self._body(body, src.body, src.title)
        return slide

    def two_column_slide(self, src: sources.SlideSource):
        slide = self.prs.slides.add_slide(self.layouts["two-column"])
        self._title(slide, src.title)
        half = (len(src.body) + 1) // 2
        col_w = (SLIDE_W - 2 * MARGIN - Inches(0.4)) // 2
        columns = (src.body[:half], src.body[half:])
        size = min(_fit_size(c, col_w, BODY_H) or 16 for c in columns)
        for i, part in enumerate(columns):
            shape = self._place(slide.placeholders[1 + i], MARGIN + i * (col_w + Inches(0.4)), BODY_TOP,
                                col_w, BODY_H)
            self._body(shape, part, src.title)
            for paragraph in shape.text_frame.paragraphs:  # same size in both columns
                for run in paragraph.runs:
                    run.font.size = Pt(size)
        return slide

    def table_slide(self, src: sources.SlideSource):
        slide = self.prs.slides.add_slide(self.layouts["table"])
        self._title(slide, src.title)
        rows = []
        for p in src.body:
            label, _, value = sources.plain(p.text).partition(":")
            rows.append((label.strip(), value.strip()))
        width = SLIDE_W - 2 * MARGIN
        label_w = Inches(3.6)
        value_w = width - label_w
        size = next((s for s in (18, 16, 14, 12) if self._table_height(rows, s, label_w, value_w) <= BODY_H), None)
        if size is None:
            raise FitError(PRODUCT_ID, "partners", f"the contacts on the slide {src.title!r} do not fit")
        table = slide.shapes.add_table(len(rows), 2, MARGIN, BODY_TOP, width,
                                       self._table_height(rows, size, label_w, value_w)).table
        table.columns[0].width, table.columns[1].width = label_w, value_w
        table.first_row = False
        for r, (label, value) in enumerate(rows):
            for c, text in enumerate((label, value)):
                cell = table.cell(r, c)
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor(0xE8, 0xEE, 0xF6) if r % 2 == 0 else RGBColor(0xFF, 0xFF, 0xFF)
                cell.margin_top = cell.margin_bottom = Inches(0.04)
                frame = cell.text_frame
                frame.word_wrap = True
                frame.text = ""
                for i, line in enumerate(text.split("<br>")):
                    paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
                    _fill(paragraph, line, size, NAVY if c == 0 else INK, bold=c == 0)
        return slide

    @staticmethod
    def _table_height(rows, size, label_w, value_w) -> int:
        inner = Inches(0.2)
        total = 0.0
        for label, value in rows:
            lines = max(line_count(label, size, _pt(label_w - inner), bold=True),
                        sum(line_count(part, size, _pt(value_w - inner)) for part in value.split("<br>")))
            # Cell margins plus what LibreOffice adds around each row (measured on rendered decks).
            total += lines * size * 1.2 + _pt(Inches(0.16))
        return int(total * 12700)

    def law_slide(self, src: sources.SlideSource):
        slide = self.prs.slides.add_slide(self.layouts["law"])
        self._title(slide, src.title)
        box = slide.shapes.add_textbox(MARGIN, BODY_TOP, SLIDE_W - 2 * MARGIN, BODY_H)
        self._body(box, src.body, src.title, field=law_note_field(self.ctx.agency, self.ctx.lang))  # the law layout's one slide
        return slide

    # -- whole deck -------------------------------------------------------
    def build(self, slide_sources: list[sources.SlideSource]) -> Presentation:
        makers = {"title": self.title_slide, "content": self.content_slide,
                  "two-column": self.two_column_slide, "table": self.table_slide, "law": self.law_slide}
        for number, src in enumerate(slide_sources, 1):
            slide = makers[src.layout](src)
            if src.layout != "title":
                self._footer(slide, number)
            slide.notes_slide.notes_text_frame.text = src.notes
        props = self.prs.core_properties
        props.title = f"{self.ctx.words('deck_title')}: {self.ctx.name}"
        props.author = self.ctx.name
        props.subject = self.ctx.words("deck_subject")
        props.language = self.ctx.words("deck_locale")
        return self.prs


def build_deck(out: Path, *, site_url: str, agency: dict | None, contacts: dict, work_dir: Path,
               lang: str = i18n.DEFAULT, slides: Path | None = None) -> Path:
    """Writes the deck in `lang` from the slide sources `slides` (default: that language's folder,
    slides.folder) to `out` (the caller makes the file atomic by writing into a temp dir)."""
    ctx = DeckContext(agency, site_url, contacts, lang)
    logo = logo_png(agency["logo"], work_dir) if agency and agency.get("logo") else None
    prs = DeckBuilder(ctx, logo).build(sources.render(ctx.jinja(), slides or sources.folder(lang)))
    prs.save(str(out))
    return out
