"""Vietnamese wording shared by the DOCX, HTML and XLSX renderers."""
from __future__ import annotations

CATALOG_CHANGES = {
    "new": "mới ban hành",
    "amended": "được sửa đổi, bổ sung",
    "abolished": "bị bãi bỏ",
    "replaced": "được thay thế",
}

INDEX_766_COMPONENTS = {
    "cong_khai_minh_bach": "Công khai, minh bạch",
    "tien_do_ket_qua_giai_quyet": "Tiến độ, kết quả giải quyết",
    "so_hoa_ho_so": "Số hóa hồ sơ",
    "cung_cap_dich_vu_truc_tuyen": "Cung cấp dịch vụ trực tuyến",
    "dich_vu_truc_tuyen": "Dịch vụ trực tuyến",
    "thanh_toan_truc_tuyen": "Thanh toán trực tuyến",
    "muc_do_hai_long": "Mức độ hài lòng",
}

SEVERITY = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"}

# Consistency flags name a figure by its key path; the reader sees the topic of its first segment.
FIGURE_TOPICS = {
    "intake": "Tiếp nhận hồ sơ",
    "resolved": "Kết quả giải quyết",
    "in_progress": "Hồ sơ đang giải quyết",
    "new_by_department": "Tiếp nhận theo đơn vị",
    "table_by_department": "Biểu 06 theo đơn vị",
    "table_by_field": "Biểu 06 theo lĩnh vực",
    "satisfaction": "Khảo sát sự hài lòng",
    "online_payments": "Thanh toán trực tuyến",
    "feedback": "Phản ánh, kiến nghị",
    "digital_id_accounts_assisted": "Tài khoản định danh số",
    "catalog_decisions": "Công bố danh mục TTHC",
    "index_766_as_published": "Chỉ số 766 (số liệu công bố)",
    "index_766_estimate": "Chỉ số 766 (ước tính)",
    "history": "Số liệu theo tháng",
}

# Biểu 06/VPCP/KSTT: the numeric columns 3..13 in order, as keys of a table row.
TABLE_COLUMNS = (
    "received_total", "online", "direct_or_postal", "carried_over",
    "resolved_total", "early", "on_time", "overdue",
    "in_progress_total", "within_deadline", "in_progress_overdue",
)

# The official header: (text, first column, last column, first row, last row), columns numbered 1..13.
TABLE_HEADER_CELLS = (
    ("STT", 1, 1, 0, 2),
    ("{name}", 2, 2, 0, 2),
    ("Số hồ sơ nhận giải quyết", 3, 6, 0, 0),
    ("Kết quả giải quyết", 7, 13, 0, 0),
    ("Tổng số", 3, 3, 1, 2),
    ("Trong đó: số mới tiếp nhận", 4, 5, 1, 1),
    ("Số kỳ trước chuyển qua", 6, 6, 1, 2),
    ("Số hồ sơ đã giải quyết", 7, 10, 1, 1),
    ("Số hồ sơ đang giải quyết", 11, 13, 1, 1),
    ("Trực tuyến", 4, 4, 2, 2),
    ("Trực tiếp, dịch vụ bưu chính", 5, 5, 2, 2),
    ("Tổng số", 7, 7, 2, 2),
    ("Trả trước hạn", 8, 8, 2, 2),
    ("Trả đúng hạn", 9, 9, 2, 2),
    ("Trả quá hạn", 10, 10, 2, 2),
    ("Tổng số", 11, 11, 2, 2),
    ("Còn hạn", 12, 12, 2, 2),
    ("Quá hạn", 13, 13, 2, 2),
)
TABLE_HEADER_ROWS = 3
TABLE_IDENTITIES_NOTE = "Cột (3) = (4) + (5) + (6) = (7) + (11); cột (7) = (8) + (9) + (10); cột (11) = (12) + (13)."

TOTAL_LABEL = "Tổng cộng"


def figure_topic(figure: str) -> str:
    head = figure.split(".", 1)[0].split("[", 1)[0]
    return FIGURE_TOPICS.get(head, figure)


def component_label(key: str) -> str:
    return INDEX_766_COMPONENTS.get(key, key.replace("_", " ").capitalize())


def short_department(name: str) -> str:
    """'Sở Tư pháp' -> 'Tư pháp', as the seed lists departments inside parentheses."""
    return name[3:] if name.startswith("Sở ") else name


def join_vi(items: list[str]) -> str:
    """'a', 'a và b', 'a, b và c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]
