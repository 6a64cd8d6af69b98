"""The workbook, read back with openpyxl: numbers stay numbers and the totals match the report."""
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from reporting.render import render
from reporting.render.labels import TABLE_COLUMNS

pytestmark = pytest.mark.unit

MODEL_PATH = Path(__file__).parent / "fixtures" / "report-model-2023-04.json"
# The published April totals of Biểu 06 (seed report), column by column; (8) and (9) are published only as
# their sum, 4.743, so those two columns are checked by their sum.
PUBLISHED = {"received_total": 5479, "online": 3085, "direct_or_postal": 1623, "carried_over": 771,
             "resolved_total": 4761, "overdue": 18, "in_progress_total": 718, "within_deadline": 697,
             "in_progress_overdue": 21}
EARLY_OR_ON_TIME = 4743


@pytest.fixture(scope="module")
def model() -> dict:
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def book(model):
    return openpyxl.load_workbook(io.BytesIO(render(model, "xlsx")))


def row_labelled(sheet, label: str, column: int = 2):
    return next(row for row in sheet.iter_rows() if row[column - 1].value == label)


def test_sheet_names(book):
    assert book.sheetnames == ["Tổng hợp", "Biểu 06 theo đơn vị", "Biểu 06 theo lĩnh vực", "PL01 Hài lòng",
                               "PL02 Thanh toán", "Kiểm tra số liệu"]


RANGE = re.compile(r"^=(SUM|SUBTOTAL)\((?:9,)?([A-Z]+)(\d+):([A-Z]+)(\d+)\)$")


def evaluate(sheet, formula: str) -> int:
    """SUM, or SUBTOTAL(9, ...) which leaves out the SUBTOTAL cells of its range, evaluated by hand."""
    function, column, first, column_again, last = RANGE.match(formula).groups()
    assert column == column_again
    total = 0
    for row in range(int(first), int(last) + 1):
        value = sheet[f"{column}{row}"].value
        if isinstance(value, str) and value.startswith("="):
            assert function == "SUBTOTAL" and value.startswith("=SUBTOTAL("), value
            continue
        total += value or 0
    return total


@pytest.mark.parametrize("sheet_name", ["Biểu 06 theo đơn vị", "Biểu 06 theo lĩnh vực"])
def test_form_06_totals_are_formulas_that_add_up_to_the_published_figures(book, sheet_name):
    sheet = book[sheet_name]
    totals = row_labelled(sheet, "Tổng cộng")
    got = {key: evaluate(sheet, cell.value) for key, cell in zip(TABLE_COLUMNS, totals[2:13])}
    assert {key: got[key] for key in PUBLISHED} == PUBLISHED
    assert got["early"] + got["on_time"] == EARLY_OR_ON_TIME
    for cell in totals[2:13]:
        assert cell.data_type == "f"
        assert cell.alignment.horizontal == "right" and cell.number_format == "#,##0" and cell.font.b
    assert sheet.max_column == 13
    assert [sheet.cell(7, column).value for column in range(1, 14)] == [f"({n})" for n in range(1, 14)]
    assert sheet.column_dimensions["B"].width >= 40 and sheet.column_dimensions["C"].width >= 10


def test_form_06_by_department_rows_equal_the_model(book, model):
    sheet = book["Biểu 06 theo đơn vị"]
    assert sheet["C4"].value == "Số hồ sơ nhận giải quyết" and "C4:F4" in str(sheet.merged_cells)
    for offset, expected in enumerate(model["table_by_department"]):
        values = [cell.value for cell in sheet[8 + offset]]
        assert values[:2] == [offset + 1, expected["department"]]
        assert values[2:] == [expected[key] for key in TABLE_COLUMNS]


def test_form_06_by_field_groups_fields_under_their_department(book, model):
    sheet = book["Biểu 06 theo lĩnh vực"]
    tu_phap = row_labelled(sheet, "Sở Tư pháp")
    expected = next(r for r in model["table_by_department"] if r["department"] == "Sở Tư pháp")
    assert [evaluate(sheet, cell.value) for cell in tu_phap[2:13]] == [expected[key] for key in TABLE_COLUMNS]
    field = row_labelled(sheet, "Lý lịch tư pháp")
    assert field[9].value == 5  # column (10): the five overdue criminal-record dossiers of the seed
    assert sheet.row_dimensions[field[0].row].outlineLevel == 1
    assert sum(1 for row in sheet.iter_rows(min_row=8) if sheet.row_dimensions[row[0].row].outlineLevel == 1) == \
        len(model["table_by_field"])


def test_appendix_sheets_totals(book):
    survey, payments = book["PL01 Hài lòng"], book["PL02 Thanh toán"]
    assert [evaluate(survey, c.value) for c in row_labelled(survey, "Tổng cộng")[2:]] == [408, 405, 3, 0]
    assert [evaluate(payments, c.value) for c in row_labelled(payments, "Tổng cộng")[2:]] == [297, 144_490_000]


def test_summary_holds_the_key_figures_as_numbers(book):
    sheet = book["Tổng hợp"]
    figures = {row[0].value: (row[1].value, row[2].value) for row in sheet.iter_rows(min_row=5)
               if row[1].value is not None}
    assert figures["Tổng số hồ sơ tiếp nhận"] == (5479, "hồ sơ")
    share = next(row[1] for row in sheet.iter_rows(min_row=5) if row[0].value == "– tỷ lệ trực tuyến trên số tiếp nhận mới")
    assert share.value == pytest.approx(0.6553) and share.number_format == "0.00%"  # 3.085 / 4.708, published
    percents = [row[1] for row in sheet.iter_rows(min_row=5) if str(row[0].value).startswith("– tỷ lệ")]
    assert len(percents) == 6 and all(0 <= c.value <= 1 and c.number_format.endswith("%") for c in percents)
    assert figures["– số tiền"] == (144_490_000, "đồng")
    assert figures["Chỉ số 766 – tổng điểm công bố"] == (82.5, "/100 điểm")
    assert figures["Tài khoản định danh số đã hỗ trợ tạo"] == (626, "tài khoản")


def test_checks_sheet_lists_flags_and_identities(book, model):
    sheet = book["Kiểm tra số liệu"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    messages = [row[2] for row in values]
    for flag in model["consistency"]:
        assert flag["message"] in messages
    results = [row[3] for row in values if row[0] and str(row[0]).startswith(("(", "Cột"))]
    assert results and set(results) == {"Khớp"}


@pytest.mark.parametrize("sheet_name, landscape, title_rows", [
    ("Tổng hợp", False, "$4:$4"), ("Biểu 06 theo đơn vị", True, "$4:$7"), ("Biểu 06 theo lĩnh vực", True, "$4:$7"),
    ("PL01 Hài lòng", False, "$4:$4"), ("PL02 Thanh toán", False, "$4:$4"), ("Kiểm tra số liệu", True, "$4:$4")])
def test_every_sheet_prints_on_a4_one_page_wide_with_its_header_repeated(book, sheet_name, landscape, title_rows):
    sheet = book[sheet_name]
    setup = sheet.page_setup
    assert setup.orientation == ("landscape" if landscape else "portrait") and str(setup.paperSize) == "9"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert sheet.print_title_rows == title_rows
    last = openpyxl.utils.get_column_letter(sheet.max_column)
    assert sheet.print_area == f"'{sheet_name}'!$A$1:${last}${sheet.max_row}"
