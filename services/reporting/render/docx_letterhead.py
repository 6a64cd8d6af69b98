"""The national header, the title, and the "Nơi nhận" / signature block of an administrative report."""
from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from docx.table import _Cell

from .blocks import Letterhead
from .docx_style import keep_on_one_page, rule_below, set_borders, set_table_widths

HEADER_WIDTHS_MM = (62, 98)
SIGNATURE_WIDTHS_MM = (80, 80)
SIGNATURE_GAP_LINES = 4
PROVISIONAL_RED = RGBColor(0xC0, 0x00, 0x00)


def _line(cell: _Cell, text: str, size: float, *, bold: bool = False, italic: bool = False,
          underline: bool = False, first: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.font.size, run.bold, run.italic, run.underline = Pt(size), bold, italic, underline
    return paragraph


def add_national_header(document: Document, head: Letterhead) -> None:
    """Two borderless columns: issuing agency and number on the left, nation, motto and date on the right."""
    table = document.add_table(rows=2, cols=2)
    set_borders(table, visible=False)
    set_table_widths(table, HEADER_WIDTHS_MM)
    (agency, nation), (number, dated) = table.rows[0].cells, table.rows[1].cells
    _line(agency, head.parent_agency, 13, first=True)
    _line(agency, head.issuer, 13, bold=True)
    rule_below(agency.add_paragraph(), indent_mm=20)
    _line(nation, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True, first=True)
    _line(nation, "Độc lập - Tự do - Hạnh phúc", 13, bold=True, underline=True)
    for cell, text, italic in ((number, head.number, False), (dated, head.place_date, True)):
        paragraph = _line(cell, text, 13, italic=italic, first=True)
        paragraph.paragraph_format.space_before = Pt(6)


def add_title(document: Document, head: Letterhead) -> None:
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(18)
    title.add_run(head.title).bold = True
    for line in head.subtitle_lines:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).bold = True
    if head.provisional:  # a running month: no reader may take these figures for the month's final ones
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(6)
        run = paragraph.add_run(head.provisional)
        run.bold, run.font.color.rgb = True, PROVISIONAL_RED
    rule = document.add_paragraph()
    rule.paragraph_format.space_after = Pt(14)
    rule_below(rule, indent_mm=55)


def add_signature(document: Document, head: Letterhead) -> None:
    table = document.add_table(rows=1, cols=2)
    set_borders(table, visible=False)
    set_table_widths(table, SIGNATURE_WIDTHS_MM)
    keep_on_one_page(table.rows[0])
    recipients, signer = table.rows[0].cells
    _line(recipients, "Nơi nhận:", 12, bold=True, italic=True, first=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for recipient in head.recipients:
        _line(recipients, f"- {recipient}", 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for index, line in enumerate(head.signer_lines):
        _line(signer, line, 14, bold=True, first=index == 0)
    for _ in range(SIGNATURE_GAP_LINES):
        signer.add_paragraph()
    _line(signer, head.signer_name, 14, bold=True)
