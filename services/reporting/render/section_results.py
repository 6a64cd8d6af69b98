"""Part I of the report, "Kết quả hoạt động", as blocks; figures are quoted from the model, never recomputed."""
from __future__ import annotations

from .blocks import Block, Heading, Paragraph
from .labels import CATALOG_CHANGES, join_vi, short_department
from .section_dossiers import intake_and_results
from .vn_format import vn_date, vn_int, vn_money, vn_pct


def results_section(model: dict) -> list[Block]:
    return [
        Heading("I. KẾT QUẢ HOẠT ĐỘNG", 1),
        *catalog_publication(model.get("catalog_decisions", [])),
        *satisfaction(model["satisfaction"]),
        *online_payments(model["online_payments"]),
        *intake_and_results(model),
        *feedback(model.get("feedback", {})),
    ]


def _decision_text(decision: dict) -> str:
    dated = f" ngày {vn_date(decision['date'])}" if decision.get("date") else ""
    changes = join_vi([CATALOG_CHANGES.get(change, change) for change in decision.get("changes", [])])
    fields = join_vi([f"lĩnh vực {name}" for name in decision.get("fields", [])])
    return (f"- Quyết định số {decision['number']}{dated}: Danh mục TTHC {changes} trong {fields} "
            f"thuộc phạm vi quản lý của {decision['department']}.")


def catalog_publication(decisions: list[dict]) -> list[Block]:
    blocks: list[Block] = [Heading("1. Công tác phối hợp niêm yết, công khai TTHC", 2)]
    if not decisions:
        return blocks + [Paragraph("Trong tháng không có Quyết định công bố Danh mục TTHC mới.")]
    blocks.append(Paragraph(
        "Phối hợp với các cơ quan, đơn vị liên quan niêm yết công khai Danh mục TTHC theo "
        f"{vn_int(len(decisions))} Quyết định công bố của UBND tỉnh trong tháng:"))
    return blocks + [Paragraph(_decision_text(decision), "item") for decision in decisions]


def satisfaction(survey: dict) -> list[Block]:
    if not survey["total"]:
        return [Heading("2. Công tác khảo sát đánh giá sự hài lòng", 2),
                Paragraph("Trong tháng chưa có lượt khảo sát đánh giá sự hài lòng của tổ chức, cá nhân đối với cán bộ, "
                          "công chức tiếp nhận hồ sơ và trả kết quả giải quyết TTHC tại Trung tâm.")]
    unsatisfied = f"không hài lòng {vn_int(survey.get('unsatisfied', 0))} lượt"
    if survey.get("unsatisfied_pct") is not None and survey.get("unsatisfied"):
        unsatisfied += f", chiếm {vn_pct(survey['unsatisfied_pct'])}"
    return [
        Heading("2. Công tác khảo sát đánh giá sự hài lòng", 2),
        Paragraph("Việc lấy ý kiến của tổ chức, cá nhân về giải quyết TTHC bảo đảm khách quan, trung thực, công khai, "
                  "lấy sự hài lòng của tổ chức, cá nhân làm thước đo và bảo mật thông tin người tham gia đánh giá."),
        Paragraph(
            "Tổng số lượt khảo sát đánh giá sự hài lòng của tổ chức, cá nhân đối với cán bộ, công chức tiếp nhận hồ sơ "
            f"và trả kết quả giải quyết TTHC tại Trung tâm là {vn_int(survey['total'])} lượt, trong đó: "
            f"rất hài lòng {vn_int(survey['very_satisfied'])} lượt, chiếm {vn_pct(survey['very_satisfied_pct'])}; "
            f"hài lòng {vn_int(survey['satisfied'])} lượt, chiếm {vn_pct(survey['satisfied_pct'])}; {unsatisfied}."),
        Paragraph("(Có Phụ lục 01 kèm theo)", "note"),
    ]


def online_payments(payments: dict) -> list[Block]:
    departments = payments.get("departments", [])
    heading = Heading("3. Tổng hợp hồ sơ tiếp nhận trực tuyến có thanh toán trực tuyến qua Cổng Dịch vụ công quốc gia", 2)
    if not departments:
        return [heading, Paragraph("Trong tháng không có Sở, ban, ngành nào có hồ sơ tiếp nhận trực tuyến được thanh "
                                   "toán phí, lệ phí trực tuyến trên Cổng Dịch vụ công quốc gia.")]
    return [
        heading,
        Paragraph(
            "Tổng số hồ sơ tiếp nhận có thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia là "
            f"{vn_int(payments['dossiers'])} hồ sơ thuộc {vn_int(len(departments))} Sở, ban, ngành "
            f"({'; '.join(short_department(name) for name in departments)}), với số tiền là "
            f"{vn_money(payments['amount_vnd'])}."),
        Paragraph("(Có Phụ lục 02 kèm theo)", "note"),
    ]


def feedback(received: dict) -> list[Block]:
    count = received.get("received", 0)
    if count:
        done = received.get("resolved")
        outcome = f"; đã xử lý {vn_int(done)} phản ánh, kiến nghị" if done is not None else ""
        summary = f"Trong tháng, Trung tâm tiếp nhận {vn_int(count)} phản ánh, kiến nghị của tổ chức, cá nhân{outcome}."
    else:
        summary = ("Trong tháng không nhận được phản ánh, kiến nghị của tổ chức, cá nhân liên quan đến công tác "
                   "hướng dẫn, tiếp nhận hồ sơ và trả kết quả giải quyết TTHC tại Trung tâm.")
    return [
        Heading("5. Công tác tiếp nhận, xử lý phản ánh, kiến nghị", 2),
        Paragraph("Trung tâm tiếp nhận phản ánh, kiến nghị của tổ chức, cá nhân đối với việc hướng dẫn, tiếp nhận, "
                  "giải quyết và trả kết quả giải quyết TTHC qua Cổng Dịch vụ công quốc gia, Hệ thống thông tin giải "
                  "quyết TTHC của tỉnh, đường dây nóng và hệ thống camera giám sát, theo Nghị định số 61/2018/NĐ-CP."),
        Paragraph(summary),
    ]
