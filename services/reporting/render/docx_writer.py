"""The report document as DOCX bytes, in the administrative style of Nghị định 30/2020/NĐ-CP."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docx.table import _Cell

from .blocks import Appendix, Block, Chart, Heading, Notice, Paragraph, ReportDocument, Table
from .docx_letterhead import add_national_header, add_signature, add_title
from .docx_style import (
    FIRST_LINE_INDENT,
    add_page_number,
    configure_styles,
    repeat_as_header,
    set_borders,
    set_page,
    set_table_widths,
    shade,
)

NOTICE_FILL = "FFF4CE"
HEADER_FILL = "F2F2F2"
KEEP_TOGETHER_MAX_ROWS = 12  # a short table reads as one piece; longer ones may break, their header repeats


def write_docx(report: ReportDocument) -> bytes:
    document = Document()
    configure_styles(document)
    properties = document.core_properties
    properties.title = " ".join((report.letterhead.title, *report.letterhead.subtitle_lines))
    properties.author = properties.last_modified_by = report.letterhead.issuer_name
    set_page(document.sections[0])
    add_page_number(document.sections[0])
    if report.signed:
        add_national_header(document, report.letterhead)
    add_title(document, report.letterhead)
    for block in report.body:
        add_block(document, block)
    if report.signed:
        add_block(document, Paragraph(report.closing))
        document.paragraphs[-1].paragraph_format.keep_with_next = True
        add_signature(document, report.letterhead)
    add_block(document, Paragraph(report.footer_note, "small"))
    for block in report.appendices:
        add_block(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_block(document, block: Block) -> None:
    match block:
        case Heading():
            document.add_heading(block.text, level=block.level)
        case Paragraph():
            add_paragraph(document, block)
        case Table():
            add_table(document, block)
        case Chart():
            add_chart(document, block)
        case Notice():
            add_notice(document, block)
        case Appendix():
            add_appendix_title(document, block)


def add_paragraph(document, block: Paragraph) -> None:
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.1
    fmt.keep_with_next = block.keep_with_next
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if block.style in ("body", "item"):
        fmt.first_line_indent = FIRST_LINE_INDENT
    run = paragraph.add_run(block.text)
    if block.style == "note":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run.italic = True
    elif block.style == "small":
        fmt.space_before = Pt(12)
        run.italic = True
        run.font.size = Pt(10)


def _cell_text(cell, text: str, size: float, *, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.font.size, run.bold, run.italic = Pt(size), bold, italic


def _plain_cells(table, row) -> list[_Cell]:
    """The cells of a row without merges, taken straight from the XML: table.cell() rescans the whole grid."""
    return [_Cell(tc, table) for tc in row._tr.tc_lst]


def add_table(document, block: Table) -> None:
    header_rows = block.header_rows + (1 if block.numbered else 0)
    body = list(block.rows) + ([block.total_row] if block.total_row else [])
    table = document.add_table(rows=header_rows + len(body), cols=block.columns)
    set_borders(table, visible=True)
    set_table_widths(table, block.widths_mm)
    for cell in block.header:
        merged = table.cell(cell.first_row, cell.first_col).merge(table.cell(cell.last_row, cell.last_col))
        _cell_text(merged, cell.text, block.font_pt, bold=True)
        shade(merged, HEADER_FILL)
    rows = table.rows
    if block.numbered:
        for column, cell in enumerate(_plain_cells(table, rows[block.header_rows])):
            _cell_text(cell, f"({column + 1})", block.font_pt - 1, italic=True)
    for row in rows[:header_rows]:
        repeat_as_header(row)
    name_column = 1 if block.numbered else 0
    for offset, values in enumerate(body):
        is_total = block.total_row is not None and offset == len(body) - 1
        for column, (cell, text) in enumerate(zip(_plain_cells(table, rows[header_rows + offset]), values)):
            align = WD_ALIGN_PARAGRAPH.LEFT if column == name_column else WD_ALIGN_PARAGRAPH.CENTER
            _cell_text(cell, text, block.font_pt, bold=is_total, align=align)
    if len(body) <= KEEP_TOGETHER_MAX_ROWS:
        for row in rows[:-1]:
            for cell in _plain_cells(table, row):
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
    if block.note:
        note = document.add_paragraph()
        note.paragraph_format.space_before = Pt(4)
        run = note.add_run(block.note)
        run.italic, run.font.size = True, Pt(11)
    document.add_paragraph().paragraph_format.space_after = Pt(2)


def add_chart(document, block: Chart) -> None:
    picture = document.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    picture.paragraph_format.space_before = Pt(6)
    picture.add_run().add_picture(io.BytesIO(block.png), width=Mm(block.width_mm))
    caption = document.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_after = Pt(8)
    run = caption.add_run(block.caption)
    run.italic, run.font.size = True, Pt(12)


def add_notice(document, block: Notice) -> None:
    table = document.add_table(rows=1, cols=1)
    set_borders(table, visible=True)
    set_table_widths(table, (160,))
    cell = table.cell(0, 0)
    shade(cell, NOTICE_FILL)
    _cell_text(cell, block.title.upper(), 13, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for item in block.items:
        paragraph = cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.space_before = Pt(2)
        paragraph.add_run(f"• {item}").font.size = Pt(12)
    document.add_paragraph().paragraph_format.space_after = Pt(2)


def add_appendix_title(document, block: Appendix) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    set_page(section, landscape=block.landscape)
    section.different_first_page_header_footer = False
    for text, bold, italic in ((block.title, True, False), (block.subtitle, True, False), (block.note, False, True)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
    document.paragraphs[-1].paragraph_format.space_after = Pt(12)
