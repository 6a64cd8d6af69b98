"""The companion "Phiếu kiểm tra số liệu": a working paper for the staff who check the report before it is
signed. It holds what the signed report must not: the consistency flags, the identities of Biểu 06 checked
one by one, and the 766 index estimated from the system's data beside the published one, with its formula."""
from __future__ import annotations

from .blocks import Block, Heading, Paragraph, ReportDocument, Table, simple_header
from .document import footer_note, letterhead
from .labels import SEVERITY, component_label, figure_topic
from .table_checks import identity_checks
from .vn_format import vn_int, vn_month, vn_number

TITLE = "PHIẾU KIỂM TRA SỐ LIỆU"


def build_checks_document(model: dict) -> ReportDocument:
    head = letterhead(model, title=TITLE)
    subtitle = (f"Kèm theo dự thảo Báo cáo kết quả hoạt động của Trung tâm tháng {vn_month(model['period'])} "
                "(tài liệu làm việc, không ban hành)")
    head = type(head)(**{**head.__dict__, "subtitle_lines": (subtitle,)})
    return ReportDocument(letterhead=head, body=(*flags(model), *identities(model), *index_766(model)),
                          closing="", footer_note=footer_note(model), signed=False)


def flags(model: dict) -> list[Block]:
    found = model.get("consistency", [])
    blocks: list[Block] = [Heading("1. Cảnh báo về số liệu", 2)]
    if not found:
        return blocks + [Paragraph("Không có cảnh báo: các số liệu nhập và số liệu tính toán khớp nhau.")]
    rows = tuple((str(number), SEVERITY.get(flag.get("severity", ""), flag.get("severity", "")),
                  figure_topic(flag["figure"]), flag["message"]) for number, flag in enumerate(found, start=1))
    return blocks + [Table("checks_flags", simple_header(["STT", "Mức độ", "Số liệu", "Nội dung"]), 1, rows,
                           (12, 24, 36, 88), font_pt=11)]


def identities(model: dict) -> list[Block]:
    checks = identity_checks(model)
    blocks: list[Block] = [Heading("2. Đối chiếu Biểu 06/VPCP/KSTT theo đơn vị", 2)]
    if not checks:
        return blocks + [Paragraph("Trong tháng không có hồ sơ nào: không có số liệu để đối chiếu.")]
    failed = sum(1 for _, left, right in checks if left != right)
    blocks.append(Paragraph(f"{vn_int(len(checks))} phép đối chiếu, "
                            + (f"{vn_int(failed)} phép đối chiếu lệch (in đậm)." if failed else "tất cả đều khớp.")))
    rows = tuple((what, vn_int(left), vn_int(right), "Khớp" if left == right else "LỆCH")
                 for what, left, right in checks)
    return blocks + [Table("checks_identities", simple_header(["Nội dung đối chiếu", "Vế trái", "Vế phải", "Kết quả"]),
                           1, rows, (94, 22, 22, 22), font_pt=11)]


def _score(entry: dict | None) -> str:
    return f"{vn_number(entry['score'])}/{vn_number(entry['max'])}" if entry else "–"


def index_766(model: dict) -> list[Block]:
    published = model.get("index_766_as_published") or {}
    estimate = model.get("index_766_estimate") or {}
    if not published and not estimate.get("components"):
        return []
    components, estimated = published.get("components", {}), estimate.get("components", {})
    keys = list(components) + [key for key in estimated if key not in components]
    rows = [(component_label(key), _score(components.get(key)), _score(estimated.get(key))) for key in keys]
    rows.append(("Cộng các chỉ số thành phần",
                 vn_number(sum(entry["score"] for entry in components.values())) if components else "–",
                 vn_number(sum(entry["score"] for entry in estimated.values())) if estimated else "–"))
    total = ("Tổng điểm", f"{vn_number(published['total'])}/100" if "total" in published else "–",
             f"{vn_number(estimate['total'])}/{vn_number(sum(e['max'] for e in estimated.values()))}"
             if "total" in estimate else "–")
    return [
        Heading("3. Chỉ số 766: số liệu công bố và ước tính từ dữ liệu của Hệ thống", 2),
        Paragraph("Báo cáo chỉ trích dẫn số liệu do Cổng Dịch vụ công quốc gia công bố. Ước tính dưới đây chỉ dùng "
                  "để kiểm tra, tính cho các nhóm chỉ số mà dữ liệu của Hệ thống cho phép.", keep_with_next=True),
        Table("checks_index_766", simple_header(["Nhóm chỉ số", "Cổng DVCQG công bố", "Ước tính từ dữ liệu hệ thống"]),
              1, tuple(rows), (70, 45, 45), total_row=total, font_pt=12, note=estimate.get("note", "")),
    ]
