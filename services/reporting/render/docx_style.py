"""Low-level Word formatting for the administrative style of Nghị định 30/2020/NĐ-CP (python-docx + raw OOXML)."""
from __future__ import annotations

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BODY_PT = 14
FIRST_LINE_INDENT = Mm(12.7)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 20}
# Word rejects properties out of schema order, so new children are inserted before their successors.
TBL_PR_ORDER = ("w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                "w:tblDescription", "w:tblPrChange")
TC_PR_ORDER = ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
               "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")
P_PR_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                     "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                     "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                     "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                     "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
HEADING_FORMATS = {1: (False, False), 2: (False, True), 3: (True, True)}  # level: (italic, indented)


def _after(tag: str, order: tuple[str, ...]) -> tuple[str, ...]:
    return order[order.index(tag) + 1:]


def use_font(rpr_owner, name: str = FONT) -> None:
    """Set the font for every script; theme attributes would otherwise win over the explicit name in Word."""
    _name_fonts(rpr_owner.get_or_add_rPr().get_or_add_rFonts(), name)


def _name_fonts(fonts, name: str) -> None:
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def configure_styles(document: Document) -> None:
    for fonts in document.styles.element.iterfind(f'{qn("w:docDefaults")}//{qn("w:rFonts")}'):
        _name_fonts(fonts, FONT)
    normal = document.styles["Normal"]
    use_font(normal.element)
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for level, (italic, indented) in HEADING_FORMATS.items():
        style = document.styles[f"Heading {level}"]
        use_font(style.element)
        style.font.size = Pt(BODY_PT)
        style.font.bold = True
        style.font.italic = italic
        style.font.color.rgb = RGBColor(0, 0, 0)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(6), Pt(6)
        fmt.keep_with_next = True
        fmt.first_line_indent = FIRST_LINE_INDENT if indented else Mm(0)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN")  # Word proofs the text as Vietnamese, not the template's English
    normal.element.get_or_add_rPr().insert_element_before(language, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    document.core_properties.language = "vi-VN"


def set_page(section, landscape: bool = False) -> None:
    short, long_ = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long_, short) if landscape else (short, long_)
    for side, millimetres in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Mm(millimetres))
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def add_page_number(section) -> None:
    """Page numbers centred in the header from page 2 on, as the decree asks."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = 1
    run = paragraph.add_run()
    run.font.size = Pt(13)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def set_table_widths(table: Table, widths_mm: tuple[float, ...]) -> None:
    """Fixed layout: Word reads the cell widths, LibreOffice the grid columns, so both are written."""
    table.autofit = False  # writes <w:tblLayout w:type="fixed"/>
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm):
        column.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


def _border_set(tag: str, value: str) -> OxmlElement:
    borders = OxmlElement(tag)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    return borders


def set_borders(table: Table, visible: bool) -> None:
    table._tbl.tblPr.insert_element_before(_border_set("w:tblBorders", "single" if visible else "nil"),
                                           *_after("w:tblBorders", TBL_PR_ORDER))


def shade(cell, fill_hex: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill_hex)
    cell._tc.get_or_add_tcPr().insert_element_before(shading, *_after("w:shd", TC_PR_ORDER))


def keep_on_one_page(row: _Row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def repeat_as_header(row: _Row) -> None:
    keep_on_one_page(row)
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # after cantSplit, as the schema orders them


def rule_below(paragraph: Paragraph, indent_mm: float) -> None:
    """A short centred line under a block, made of the paragraph's bottom border between wide indents."""
    paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.paragraph_format.right_indent = Mm(indent_mm)
    if not paragraph.text:  # a bare rule: shrink its line so the rule sits close to the text above
        paragraph.paragraph_format.line_spacing = Pt(3)
        paragraph.paragraph_format.space_before = Pt(3)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(border, *P_PR_AFTER_BORDER)
