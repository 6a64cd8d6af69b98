"""The Biểu 06/VPCP/KSTT sheets: per department, and per field grouped under each department."""
from __future__ import annotations

from itertools import groupby

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from .labels import TABLE_COLUMNS, TABLE_HEADER_CELLS, TABLE_HEADER_ROWS, TABLE_IDENTITIES_NOTE, TOTAL_LABEL
from .xlsx_style import CENTER, header_cell, print_setup, title, widths, write_row, write_totals

FIRST_HEADER_ROW = 4
FIRST_DATA_ROW = FIRST_HEADER_ROW + TABLE_HEADER_ROWS + 1
COLUMN_WIDTHS = [7, 42, *([11] * len(TABLE_COLUMNS))]
NUMBER_FORMATS = [None, None, *(["#,##0"] * len(TABLE_COLUMNS))]


def _form_header(sheet: Worksheet, name_title: str) -> None:
    for text, first, last, top, bottom in TABLE_HEADER_CELLS:
        top_row, bottom_row = FIRST_HEADER_ROW + top, FIRST_HEADER_ROW + bottom
        for row in range(top_row, bottom_row + 1):
            for column in range(first, last + 1):
                header_cell(sheet, row, column, None)
        header_cell(sheet, top_row, first, text.format(name=name_title))
        if (first, top_row) != (last, bottom_row):
            sheet.merge_cells(start_row=top_row, start_column=first, end_row=bottom_row, end_column=last)
    numbers_row = FIRST_HEADER_ROW + TABLE_HEADER_ROWS
    for column in range(1, len(COLUMN_WIDTHS) + 1):
        header_cell(sheet, numbers_row, column, f"({column})")
    sheet.row_dimensions[FIRST_HEADER_ROW + 1].height = 30  # "Trong đó: số mới tiếp nhận" wraps on two lines
    sheet.row_dimensions[FIRST_HEADER_ROW + 2].height = 48
    widths(sheet, COLUMN_WIDTHS)
    sheet.freeze_panes = sheet.cell(FIRST_DATA_ROW, 3)


def _values(row: dict) -> list[int]:
    return [row[column] for column in TABLE_COLUMNS]


NUMBER_COLUMNS = range(3, 3 + len(TABLE_COLUMNS))
TITLE_ROWS = f"{FIRST_HEADER_ROW}:{FIRST_DATA_ROW - 1}"  # repeated on every printed page


def _finish(sheet: Worksheet, next_row: int, function: str = "SUM") -> None:
    """Totals as formulas over the data rows; landscape, one page wide, the form's header on every page."""
    write_totals(sheet, next_row, ["", TOTAL_LABEL], NUMBER_COLUMNS, FIRST_DATA_ROW, next_row - 1, function=function)
    sheet.cell(next_row + 2, 1, TABLE_IDENTITIES_NOTE).font = Font(italic=True)
    print_setup(sheet, TITLE_ROWS, landscape=True)


def by_department(sheet: Worksheet, model: dict, subtitle: str) -> None:
    rows = model.get("table_by_department", [])
    title(sheet, "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC THEO ĐƠN VỊ (BIỂU 06/VPCP/KSTT)", subtitle, len(COLUMN_WIDTHS))
    _form_header(sheet, "Đơn vị")
    for offset, row in enumerate(rows):
        write_row(sheet, FIRST_DATA_ROW + offset, [offset + 1, row["department"], *_values(row)], NUMBER_FORMATS)
    _finish(sheet, FIRST_DATA_ROW + len(rows))


def by_field(sheet: Worksheet, model: dict, subtitle: str) -> None:
    """Each department's subtotal row in bold (SUBTOTAL of its fields), its fields below it as a collapsible
    outline group; the grand total is a SUBTOTAL over everything, which skips the subtotal rows."""
    rows = model.get("table_by_field", [])
    title(sheet, "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC THEO LĨNH VỰC (BIỂU 06/VPCP/KSTT)", subtitle, len(COLUMN_WIDTHS))
    _form_header(sheet, "Lĩnh vực giải quyết")
    current = FIRST_DATA_ROW
    order = {name: index for index, name in enumerate(row["department"] for row in rows)}
    grouped = groupby(sorted(rows, key=lambda row: order[row["department"]]), key=lambda row: row["department"])
    for number, (department, fields) in enumerate(grouped, start=1):
        fields = list(fields)
        write_totals(sheet, current, [number, department], NUMBER_COLUMNS, current + 1, current + len(fields),
                     function="SUBTOTAL")
        sheet.cell(current, 1).alignment = CENTER
        for index, row in enumerate(fields, start=1):
            current += 1
            write_row(sheet, current, [f"{number}.{index}", row["field"], *_values(row)], NUMBER_FORMATS)
            sheet.cell(current, 2).alignment = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=2)
            sheet.cell(current, 1).alignment = CENTER
            sheet.row_dimensions[current].outlineLevel = 1
        current += 1
    sheet.sheet_properties.outlinePr.summaryBelow = False
    _finish(sheet, current, function="SUBTOTAL")
