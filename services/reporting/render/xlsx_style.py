"""Cell styling shared by the workbook's sheets: numbers stay numbers, only their display is formatted."""
from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

INTEGER = "#,##0"
PERCENT = "0.00%"  # the cell holds a fraction (0.6553), shown as 65.53% (65,53% in a Vietnamese locale)
SCORE = "0.0#"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
NOTICE_FILL = PatternFill("solid", fgColor="FFF4CE")
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")


def title(sheet: Worksheet, text: str, subtitle: str, last_column: int) -> None:
    for row, value, size in ((1, text, 13), (2, subtitle, 11)):
        sheet.cell(row, 1, value).font = Font(bold=row == 1, italic=row == 2, size=size)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
        sheet.cell(row, 1).alignment = CENTER


def header_cell(sheet: Worksheet, row: int, column: int, text: str) -> None:
    cell = sheet.cell(row, column, text)
    cell.font, cell.alignment, cell.fill, cell.border = BOLD, CENTER, HEADER_FILL, BOX


def header(sheet: Worksheet, row: int, titles: list[str]) -> None:
    for column, text in enumerate(titles, start=1):
        header_cell(sheet, row, column, text)


def write_row(sheet: Worksheet, row: int, values: list, formats: list[str | None], *, bold: bool = False) -> None:
    """Text left, numbers right with their display format; every cell boxed like the printed form."""
    for column, (value, number_format) in enumerate(zip(values, formats), start=1):
        cell = sheet.cell(row, column, value)
        cell.border = BOX
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            cell.alignment = CENTER if column == 1 else RIGHT  # column 1 is the row number (STT)
            cell.number_format = number_format or INTEGER
        else:
            cell.alignment = CENTER if column == 1 else LEFT
        if bold:
            cell.font = BOLD


def widths(sheet: Worksheet, characters: list[float]) -> None:
    for column, width in enumerate(characters, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def sum_formula(column: int, first_row: int, last_row: int, function: str = "SUM") -> str:
    """'=SUM(C8:C24)'; SUBTOTAL(9, ...) skips the SUBTOTAL cells inside its range (subtotals within totals)."""
    letter = get_column_letter(column)
    cells = f"{letter}{first_row}:{letter}{last_row}"
    return f"=SUBTOTAL(9,{cells})" if function == "SUBTOTAL" else f"={function}({cells})"


def write_totals(sheet: Worksheet, row: int, labels: list, columns: range, first_row: int, last_row: int,
                 number_format: str = INTEGER, function: str = "SUM") -> None:
    """A totals row whose numbers are formulas over the rows above, so a corrected figure re-adds itself."""
    write_row(sheet, row, labels, [None] * len(labels), bold=True)
    for column in columns:
        cell = sheet.cell(row, column, sum_formula(column, first_row, max(first_row, last_row), function))
        cell.border, cell.font, cell.alignment, cell.number_format = BOX, BOLD, RIGHT, number_format


def print_setup(sheet: Worksheet, title_rows: str, *, landscape: bool = False) -> None:
    """A4, fitted to one page wide, the header rows repeated on every printed page, the used range printed."""
    sheet.print_area = f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
    sheet.print_title_rows = title_rows
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, 0  # as many pages tall as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
