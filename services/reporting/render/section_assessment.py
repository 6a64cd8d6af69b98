"""Part II "Đánh giá chung" and part III "Nhiệm vụ, giải pháp", plus the "Lưu ý về số liệu" notice."""
from __future__ import annotations

from .blocks import Block, Heading, Notice, Paragraph, Table, simple_header
from .labels import SEVERITY, component_label, figure_topic, short_department
from .narrative import narrative_blocks, narrative_text
from .table_checks import failed_identities
from .vn_format import previous_period, vn_int, vn_month, vn_number

NOTICE_TITLE = "Lưu ý về số liệu"


def data_notice(model: dict) -> list[Block]:
    """Imported figures that do not add up, and any table identity that fails, shown where no reader misses them."""
    items = [
        f"{SEVERITY.get(flag.get('severity', ''), flag.get('severity', 'Lưu ý'))} – {figure_topic(flag['figure'])}: "
        f"{flag['message']}"
        for flag in model.get("consistency", [])
    ]
    flagged = {flag["figure"].split(".", 1)[0] for flag in model.get("consistency", [])}
    if "table_by_department" not in flagged:  # the model builder's own check already names the failing rows
        items += [f"{SEVERITY['error']} – {message}" for message in failed_identities(model)]
    return [Notice(NOTICE_TITLE, tuple(items))] if items else []


def assessment_section(model: dict) -> list[Block]:
    return [
        Heading("II. ĐÁNH GIÁ CHUNG", 1),
        Heading("1. Ưu điểm", 2),
        *strengths(model),
        *index_766(model),
        Heading("2. Tồn tại, hạn chế", 2),
        *narrative_blocks(narrative_text(model, "assessment_limitations")),
    ]


def tasks_section(model: dict) -> list[Block]:
    return [Heading("III. NHIỆM VỤ, GIẢI PHÁP", 1), *narrative_blocks(narrative_text(model, "tasks"))]


def strengths(model: dict) -> list[Block]:
    total = vn_int(model["departments_total"])
    fully_online = model.get("departments_fully_online", [])
    names = "; ".join(short_department(name) for name in fully_online)
    payments = model["online_payments"]
    change = payments.get("change_vs_previous_month")
    compared = ""
    if change is not None:
        trend = "tăng" if change > 0 else "giảm" if change < 0 else "không đổi"
        amount = f" {vn_int(abs(change))} hồ sơ" if change else ""
        compared = f", {trend}{amount} so với tháng {vn_month(previous_period(model['period']))}"
    return [
        Paragraph("Công chức, viên chức thực hiện nhiệm vụ tại Trung tâm chấp hành tốt nội quy, quy chế và tích cực hỗ "
                  "trợ người dân, doanh nghiệp thực hiện TTHC trên môi trường điện tử. Trong tháng có "
                  f"{vn_int(model['departments_with_online'])}/{total} Sở, ban, ngành phát sinh hồ sơ TTHC bằng "
                  f"hình thức trực tuyến, trong đó {vn_int(len(fully_online))}/{total} cơ quan, đơn vị có 100% hồ sơ "
                  "trực tuyến"
                  + (f" ({names})." if names else ".")),
        Paragraph("Hỗ trợ tạo tài khoản định danh số cho công dân trên Cổng Dịch vụ công quốc gia: đã hỗ trợ tạo "
                  f"{vn_int(model['digital_id_accounts_assisted'])} tài khoản định danh số."),
        Paragraph("Hỗ trợ thực hiện thanh toán phí, lệ phí trên Cổng Dịch vụ công quốc gia: trong tháng có "
                  f"{vn_int(len(payments.get('departments', [])))} cơ quan, đơn vị thực hiện với "
                  f"{vn_int(payments['dossiers'])} hồ sơ{compared}."),
    ]


def _score(entry: dict | None) -> str:
    return f"{vn_number(entry['score'])}/{vn_number(entry['max'])}" if entry else "–"


def index_766(model: dict) -> list[Block]:
    published = model.get("index_766_as_published")
    estimate = model.get("index_766_estimate") or {}
    if not published:
        return []
    components = published.get("components", {})
    parts = "; ".join(f"chỉ số {component_label(key).lower()} {_score(value)} điểm"
                      for key, value in components.items())
    change = published.get("change_vs_same_period_pct")
    trend = ""
    if change is not None:
        trend = f" ({'tăng' if change >= 0 else 'giảm'} {vn_number(abs(change))}% so với cùng kỳ)"
    ranked = (f", xếp hạng thứ {published['rank']:02d}/{published['of']} tỉnh, thành phố trực thuộc Trung ương"
              if published.get("rank") and published.get("of") else "")
    blocks: list[Block] = [Paragraph(
        "Theo kết quả thống kê trên Cổng Dịch vụ công quốc gia, Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng "
        "phục vụ người dân, doanh nghiệp theo Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ, "
        "toàn tỉnh đạt "
        f"{vn_number(published['total'])}/100 điểm{trend}{ranked}. Trong đó: {parts}.")]
    keys = list(components) + [key for key in estimate.get("components", {}) if key not in components]
    rows = [(component_label(key), _score(components.get(key)), _score(estimate.get("components", {}).get(key)))
            for key in keys]
    published_sum = sum(entry["score"] for entry in components.values())
    estimated_max = sum(entry["max"] for entry in estimate.get("components", {}).values())
    estimated_sum = sum(entry["score"] for entry in estimate.get("components", {}).values())
    rows.append(("Cộng các chỉ số thành phần", vn_number(published_sum),
                 vn_number(estimated_sum) if estimate.get("components") else "–"))
    total = ("Tổng điểm", f"{vn_number(published['total'])}/100",
             f"{vn_number(estimate['total'])}/{vn_number(estimated_max)}" if "total" in estimate else "–")
    blocks.append(Paragraph("Đối chiếu số liệu công bố với ước tính từ dữ liệu của Hệ thống:", keep_with_next=True))
    header = simple_header(["Nhóm chỉ số", "Cổng DVCQG công bố", "Ước tính từ dữ liệu hệ thống"])
    blocks.append(Table("index_766", header,
                        1, tuple(rows), (70, 45, 45), total_row=total, font_pt=12,
                        note=estimate.get("note", "")))
    return blocks
