"""Cell styling shared by the workbook's sheets: numbers stay numbers, only their display is formatted."""
from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

INTEGER = "#,##0"
PERCENT = "0.00"
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
            cell.alignment = RIGHT
            cell.number_format = number_format or INTEGER
        else:
            cell.alignment = CENTER if column == 1 else LEFT
        if bold:
            cell.font = BOLD


def widths(sheet: Worksheet, characters: list[float]) -> None:
    for column, width in enumerate(characters, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
