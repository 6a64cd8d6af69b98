"""The report as a workbook: key figures, Biểu 06 per department and per field, appendices 01–02, data checks.

Every sheet prints (A4, one page wide, header rows repeated; Biểu 06 landscape). Totals the Center may edit
towards (Biểu 06, PL01, PL02) are SUM/SUBTOTAL formulas; the "Kiểm tra số liệu" sheet keeps the values the
report computed, to compare with."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from . import xlsx_table06
from .labels import SEVERITY, TOTAL_LABEL, component_label, figure_topic
from .table_checks import identity_checks
from .vn_format import vn_datetime, vn_month
from .xlsx_style import INTEGER, NOTICE_FILL, PERCENT, SCORE, header, print_setup, title, widths, write_row, write_totals

SHEETS = ("Tổng hợp", "Biểu 06 theo đơn vị", "Biểu 06 theo lĩnh vực", "PL01 Hài lòng", "PL02 Thanh toán",
          "Kiểm tra số liệu")


def write_xlsx(model: dict) -> bytes:
    book = Workbook()
    summary, department, field, survey, payments, checks = [book.active] + [book.create_sheet() for _ in SHEETS[1:]]
    for sheet, name in zip(book.worksheets, SHEETS):
        sheet.title = name
    subtitle = f"Tháng {vn_month(model['period'])} – {model['agency']['center']}, tỉnh {model['agency']['province']}"
    summary_sheet(summary, model, subtitle)
    xlsx_table06.by_department(department, model, subtitle)
    xlsx_table06.by_field(field, model, subtitle)
    per_department_sheet(survey, "PHỤ LỤC 01. KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG THEO ĐƠN VỊ", subtitle,
                         ["Tổng số lượt đánh giá", "Rất hài lòng", "Hài lòng", "Không hài lòng"],
                         ["total", "very_satisfied", "satisfied", "unsatisfied"],
                         model["satisfaction"].get("by_department", []))
    per_department_sheet(payments, "PHỤ LỤC 02. HỒ SƠ THANH TOÁN TRỰC TUYẾN QUA CỔNG DVCQG THEO ĐƠN VỊ", subtitle,
                         ["Số hồ sơ thanh toán trực tuyến", "Số tiền (đồng)"], ["dossiers", "amount_vnd"],
                         model["online_payments"].get("by_department", []))
    checks_sheet(checks, model, subtitle)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _key_figures(model: dict) -> list[tuple[str, object, str, str | None]]:
    intake, resolved, progress = model["intake"], model["resolved"], model["in_progress"]
    survey, payments = model["satisfaction"], model["online_payments"]
    published, estimate = model.get("index_766_as_published") or {}, model.get("index_766_estimate") or {}
    figures = [
        ("Tổng số hồ sơ tiếp nhận", intake["total"], "hồ sơ", INTEGER),
        ("Tiếp nhận mới", intake["new"], "hồ sơ", INTEGER),
        ("– trực tuyến", intake["new_online"], "hồ sơ", INTEGER),
        ("– tỷ lệ trực tuyến trên số tiếp nhận mới", intake["new_online_pct"], "%", PERCENT),
        ("– trực tiếp và qua bưu chính công ích", intake["new_direct_or_postal"], "hồ sơ", INTEGER),
        ("– tỷ lệ trực tiếp và qua bưu chính", intake["new_direct_or_postal_pct"], "%", PERCENT),
        ("Kỳ trước chuyển qua", intake["carried_over"], "hồ sơ", INTEGER),
        ("Đã giải quyết", resolved["total"], "hồ sơ", INTEGER),
        ("– tỷ lệ trên tổng số tiếp nhận", resolved["pct_of_intake"], "%", PERCENT),
        ("– trước hạn", resolved.get("early"), "hồ sơ", INTEGER),
        ("– đúng hạn", resolved.get("on_time"), "hồ sơ", INTEGER),
        ("– trước hạn và đúng hạn", resolved["on_time_or_early"], "hồ sơ", INTEGER),
        ("– tỷ lệ trước hạn và đúng hạn", resolved["on_time_or_early_pct"], "%", PERCENT),
        ("– quá hạn", resolved["overdue"], "hồ sơ", INTEGER),
        ("– tỷ lệ quá hạn", resolved["overdue_pct"], "%", PERCENT),
        ("Đang giải quyết", progress["total"], "hồ sơ", INTEGER),
        ("– tỷ lệ trên tổng số tiếp nhận", progress["pct_of_intake"], "%", PERCENT),
        ("– còn hạn", progress["within_deadline"], "hồ sơ", INTEGER),
        ("– quá hạn", progress["overdue"], "hồ sơ", INTEGER),
        ("Lượt khảo sát sự hài lòng", survey["total"], "lượt", INTEGER),
        ("– rất hài lòng", survey["very_satisfied"], "lượt", INTEGER),
        ("– hài lòng", survey["satisfied"], "lượt", INTEGER),
        ("– không hài lòng", survey.get("unsatisfied", 0), "lượt", INTEGER),
        ("Hồ sơ thanh toán trực tuyến qua Cổng DVCQG", payments["dossiers"], "hồ sơ", INTEGER),
        ("– số tiền", payments["amount_vnd"], "đồng", INTEGER),
        ("– thay đổi so với tháng trước", payments.get("change_vs_previous_month"), "hồ sơ", '+#,##0;-#,##0;0'),
        ("Phản ánh, kiến nghị tiếp nhận", model.get("feedback", {}).get("received", 0), "lượt", INTEGER),
        ("Tài khoản định danh số đã hỗ trợ tạo", model["digital_id_accounts_assisted"], "tài khoản", INTEGER),
        ("Đơn vị có hồ sơ trực tuyến", model["departments_with_online"], f"/{model['departments_total']} đơn vị",
         INTEGER),
        ("Đơn vị có 100% hồ sơ trực tuyến", len(model.get("departments_fully_online", [])),
         f"/{model['departments_total']} đơn vị", INTEGER),
        ("Quyết định công bố danh mục TTHC", len(model.get("catalog_decisions", [])), "quyết định", INTEGER),
        ("Chỉ số 766 – tổng điểm công bố", published.get("total"), "/100 điểm", SCORE),
        ("Chỉ số 766 – xếp hạng", published.get("rank"), f"/{published.get('of', '')}", INTEGER),
    ]
    figures += [(f"Chỉ số 766 công bố – {component_label(key)}", value["score"], f"/{value['max']} điểm", SCORE)
                for key, value in published.get("components", {}).items()]
    if "total" in estimate:
        figures.append(("Chỉ số 766 – ước tính từ dữ liệu hệ thống (một phần)", estimate["total"], "điểm", SCORE))
    return [figure for figure in figures if figure[1] is not None]


def summary_sheet(sheet: Worksheet, model: dict, subtitle: str) -> None:
    title(sheet, "SỐ LIỆU TỔNG HỢP", subtitle, 3)
    header(sheet, 4, ["Chỉ tiêu", "Giá trị", "Đơn vị tính"])
    for row, (label, value, unit, number_format) in enumerate(_key_figures(model), start=5):
        if number_format == PERCENT:  # the model's percentages are percent points; the cell holds the fraction
            value, unit = round(value / 100, 8), ""
        write_row(sheet, row, [label, value, unit], [None, number_format, None])
    footer = f"Lập lúc {vn_datetime(model['generated_at'])}"
    if model.get("as_of"):
        footer += f"; dữ liệu ghi nhận đến {vn_datetime(model['as_of'])}"
    sheet.cell(sheet.max_row + 2, 1, footer)
    widths(sheet, [52, 16, 14])
    sheet.freeze_panes = "A5"
    print_setup(sheet, "4:4")


def per_department_sheet(sheet: Worksheet, heading: str, subtitle: str, titles: list[str], keys: list[str],
                         rows: list[dict]) -> None:
    title(sheet, heading, subtitle, 2 + len(keys))
    header(sheet, 4, ["STT", "Đơn vị", *titles])
    formats = [None, None, *([INTEGER] * len(keys))]
    for offset, row in enumerate(rows):
        write_row(sheet, 5 + offset, [offset + 1, row["department"], *(row[key] for key in keys)], formats)
    write_totals(sheet, 5 + len(rows), ["", TOTAL_LABEL], range(3, 3 + len(keys)), 5, 4 + len(rows))
    widths(sheet, [7, 42, *([18] * len(keys))])
    sheet.freeze_panes = "C5"
    print_setup(sheet, "4:4")


def checks_sheet(sheet: Worksheet, model: dict, subtitle: str) -> None:
    title(sheet, "KIỂM TRA SỐ LIỆU", subtitle, 4)
    header(sheet, 4, ["Mức độ", "Số liệu", "Nội dung", "Mã số liệu"])
    flags = model.get("consistency", [])
    for offset, flag in enumerate(flags):
        row = 5 + offset
        write_row(sheet, row, [SEVERITY.get(flag.get("severity", ""), flag.get("severity", "")),
                               figure_topic(flag["figure"]), flag["message"], flag["figure"]], [None] * 4)
        sheet.cell(row, 1).fill = NOTICE_FILL
    if not flags:
        write_row(sheet, 5, ["", "", "Không có cảnh báo.", ""], [None] * 4)
    start = sheet.max_row + 2
    header(sheet, start, ["Đối chiếu Biểu 06 theo đơn vị", "Vế trái", "Vế phải", "Kết quả"])
    for offset, (what, left, right) in enumerate(identity_checks(model), start=1):
        write_row(sheet, start + offset, [what, left, right, "Khớp" if left == right else "Lệch"],
                  [None, INTEGER, INTEGER, None], bold=left != right)
    widths(sheet, [44, 28, 80, 34])
    print_setup(sheet, "4:4", landscape=True)
