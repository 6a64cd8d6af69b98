"""Phụ lục 01–03: the per-department tables the report refers to, as blocks with Vietnamese-formatted cells."""
from __future__ import annotations

from .blocks import Appendix, Block, HeaderCell, Table, simple_header
from .labels import TABLE_COLUMNS, TABLE_HEADER_CELLS, TABLE_HEADER_ROWS, TABLE_IDENTITIES_NOTE, TOTAL_LABEL
from .table_checks import column_totals
from .vn_format import vn_int, vn_month

PORTRAIT_TEXT_MM = 160  # A4 210 mm less 30 mm left and 20 mm right margins
LANDSCAPE_TEXT_MM = 247


def appendices(model: dict) -> list[Block]:
    attached = f"(Kèm theo Báo cáo kết quả hoạt động tháng {vn_month(model['period'])} của {model['agency']['issuer']})"
    return [*satisfaction_appendix(model, attached), *payments_appendix(model, attached),
            *department_table_appendix(model, attached)]


def _numbered(rows: list[dict], cells) -> tuple[tuple[str, ...], ...]:
    return tuple((str(number), *cells(row)) for number, row in enumerate(rows, start=1))


def satisfaction_appendix(model: dict, attached: str) -> list[Block]:
    rows = model["satisfaction"].get("by_department", [])
    counts = ("total", "very_satisfied", "satisfied", "unsatisfied")
    total = ("", TOTAL_LABEL, *(vn_int(sum(row[key] for row in rows)) for key in counts))
    return [
        Appendix("PHỤ LỤC 01", "KẾT QUẢ KHẢO SÁT, ĐÁNH GIÁ SỰ HÀI LÒNG CỦA TỔ CHỨC, CÁ NHÂN THEO ĐƠN VỊ", attached),
        Table("appendix_01", simple_header(["STT", "Đơn vị", "Tổng số lượt đánh giá", "Rất hài lòng", "Hài lòng",
                                             "Không hài lòng"]), 1,
              _numbered(rows, lambda row: (row["department"], *(vn_int(row[key]) for key in counts))),
              (12, 76, 18, 18, 18, 18), total_row=total, numbered=True),
    ]


def payments_appendix(model: dict, attached: str) -> list[Block]:
    rows = model["online_payments"].get("by_department", [])
    total = ("", TOTAL_LABEL, vn_int(sum(row["dossiers"] for row in rows)),
             vn_int(sum(row["amount_vnd"] for row in rows)))
    return [
        Appendix("PHỤ LỤC 02", "HỒ SƠ CÓ THANH TOÁN TRỰC TUYẾN QUA CỔNG DỊCH VỤ CÔNG QUỐC GIA THEO ĐƠN VỊ", attached),
        Table("appendix_02", simple_header(["STT", "Đơn vị", "Số hồ sơ thanh toán trực tuyến", "Số tiền (đồng)"]), 1,
              _numbered(rows, lambda row: (row["department"], vn_int(row["dossiers"]), vn_int(row["amount_vnd"]))),
              (12, 78, 30, 40), total_row=total, numbered=True),
    ]


def table_06_header(name_title: str) -> tuple[HeaderCell, ...]:
    return tuple(HeaderCell(text.format(name=name_title), first - 1, last - 1, top, bottom)
                 for text, first, last, top, bottom in TABLE_HEADER_CELLS)


def department_table_appendix(model: dict, attached: str) -> list[Block]:
    rows = model.get("table_by_department", [])
    totals = column_totals(rows)
    number_width = (LANDSCAPE_TEXT_MM - 12 - 60) / len(TABLE_COLUMNS)
    return [
        Appendix("PHỤ LỤC 03", "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC THEO ĐƠN VỊ (BIỂU 06/VPCP/KSTT)", attached,
                 landscape=True),
        Table("appendix_03", table_06_header("Đơn vị"), TABLE_HEADER_ROWS,
              _numbered(rows, lambda row: (row["department"], *(vn_int(row[key]) for key in TABLE_COLUMNS))),
              (12, 60, *([number_width] * len(TABLE_COLUMNS))),
              total_row=("", TOTAL_LABEL, *(vn_int(totals[key]) for key in TABLE_COLUMNS)),
              numbered=True, note=TABLE_IDENTITIES_NOTE, font_pt=11),
    ]
