"""The workbook, read back with openpyxl: numbers stay numbers and the totals match the report."""
import io
import json
from pathlib import Path

import openpyxl
import pytest

from reporting.render import render
from reporting.render.labels import TABLE_COLUMNS

pytestmark = pytest.mark.unit

MODEL_PATH = Path(__file__).parent / "fixtures" / "report-model-2023-04.json"
EXPECTED_TOTALS = [5479, 3085, 1623, 771, 4761, 3511, 1232, 18, 718, 697, 21]


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


@pytest.mark.parametrize("sheet_name", ["Biểu 06 theo đơn vị", "Biểu 06 theo lĩnh vực"])
def test_form_06_totals_row_is_numeric_and_right(book, sheet_name):
    sheet = book[sheet_name]
    totals = row_labelled(sheet, "Tổng cộng")
    assert [cell.value for cell in totals[2:13]] == EXPECTED_TOTALS
    for cell in totals[2:13]:
        assert type(cell.value) is int
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
    assert [cell.value for cell in tu_phap[2:13]] == [expected[key] for key in TABLE_COLUMNS]
    field = row_labelled(sheet, "Lý lịch tư pháp")
    assert field[9].value == 5  # column (10): the five overdue criminal-record dossiers of the seed
    assert sheet.row_dimensions[field[0].row].outlineLevel == 1
    assert sum(1 for row in sheet.iter_rows(min_row=8) if sheet.row_dimensions[row[0].row].outlineLevel == 1) == \
        len(model["table_by_field"])


def test_appendix_sheets_totals(book):
    assert [c.value for c in row_labelled(book["PL01 Hài lòng"], "Tổng cộng")][2:] == [408, 405, 3, 0]
    assert [c.value for c in row_labelled(book["PL02 Thanh toán"], "Tổng cộng")][2:] == [297, 144_490_000]


def test_summary_holds_the_key_figures_as_numbers(book):
    sheet = book["Tổng hợp"]
    figures = {row[0].value: (row[1].value, row[2].value) for row in sheet.iter_rows(min_row=5)
               if row[1].value is not None}
    assert figures["Tổng số hồ sơ tiếp nhận"] == (5479, "hồ sơ")
    assert figures["– tỷ lệ trực tuyến trên số tiếp nhận mới"] == (65.53, "%")
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
