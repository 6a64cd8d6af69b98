"""Part II "Đánh giá chung" and part III "Nhiệm vụ, giải pháp": what the published figures say, nothing more
(the 766 estimate and the data checks are in reporting.render.checks)."""
from __future__ import annotations

from .blocks import Block, Heading, Paragraph
from .labels import component_label, short_department
from .narrative import narrative_blocks, narrative_text
from .vn_format import previous_period, vn_int, vn_month, vn_number


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


def online_departments(model: dict) -> str:
    total = vn_int(model["departments_total"])
    with_online, fully_online = model["departments_with_online"], model.get("departments_fully_online", [])
    if not with_online:
        return "Trong tháng không có Sở, ban, ngành nào phát sinh hồ sơ TTHC bằng hình thức trực tuyến."
    text = (f"Trong tháng có {vn_int(with_online)}/{total} Sở, ban, ngành phát sinh hồ sơ TTHC bằng hình thức "
            "trực tuyến, trong đó ")
    if not fully_online:
        return text + "chưa có cơ quan, đơn vị nào có 100% hồ sơ trực tuyến."
    names = "; ".join(short_department(name) for name in fully_online)
    return text + f"{vn_int(len(fully_online))}/{total} cơ quan, đơn vị có 100% hồ sơ trực tuyến ({names})."


def payments_sentence(model: dict) -> str:
    payments = model["online_payments"]
    if not payments.get("departments"):
        return ("Hỗ trợ thực hiện thanh toán phí, lệ phí trên Cổng Dịch vụ công quốc gia: trong tháng không có cơ "
                "quan, đơn vị nào có hồ sơ thanh toán trực tuyến.")
    change = payments.get("change_vs_previous_month")
    compared = ""
    if change is not None:
        trend = "tăng" if change > 0 else "giảm" if change < 0 else "không đổi"
        amount = f" {vn_int(abs(change))} hồ sơ" if change else ""
        compared = f", {trend}{amount} so với tháng {vn_month(previous_period(model['period']))}"
    return ("Hỗ trợ thực hiện thanh toán phí, lệ phí trên Cổng Dịch vụ công quốc gia: trong tháng có "
            f"{vn_int(len(payments['departments']))} cơ quan, đơn vị thực hiện với "
            f"{vn_int(payments['dossiers'])} hồ sơ{compared}.")


def strengths(model: dict) -> list[Block]:
    accounts = model["digital_id_accounts_assisted"]
    return [
        Paragraph("Công chức, viên chức thực hiện nhiệm vụ tại Trung tâm chấp hành tốt nội quy, quy chế và tích cực hỗ "
                  "trợ người dân, doanh nghiệp thực hiện TTHC trên môi trường điện tử. " + online_departments(model)),
        Paragraph("Hỗ trợ tạo tài khoản định danh số cho công dân trên Cổng Dịch vụ công quốc gia: "
                  + (f"đã hỗ trợ tạo {vn_int(accounts)} tài khoản định danh số." if accounts
                     else "trong tháng không có trường hợp nào đề nghị hỗ trợ.")),
        Paragraph(payments_sentence(model)),
    ]


def _score(entry: dict | None) -> str:
    return f"{vn_number(entry['score'])}/{vn_number(entry['max'])}" if entry else "–"


def index_766(model: dict) -> list[Block]:
    published = model.get("index_766_as_published")
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
    return [Paragraph(
        "Theo kết quả thống kê trên Cổng Dịch vụ công quốc gia, Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng "
        "phục vụ người dân, doanh nghiệp theo Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ, "
        "toàn tỉnh đạt "
        f"{vn_number(published['total'])}/100 điểm{trend}{ranked}" + (f". Trong đó: {parts}." if parts else "."))]
