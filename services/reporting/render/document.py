"""Assembles the whole report (letterhead, parts I–III, closing, appendices) from the report model."""
from __future__ import annotations

from .appendices import appendices
from .blocks import Letterhead, Paragraph, ReportDocument
from .section_assessment import assessment_section, data_notice, tasks_section
from .section_results import results_section
from .vn_format import next_period, to_date, vn_datetime, vn_month, vn_place_date

DEFAULT_RECIPIENTS = (
    "Thường trực Tỉnh ủy (để b/c);",
    "Chủ tịch, các PCT UBND tỉnh (để b/c);",
    "Các Sở, ban, ngành (để phối hợp t/h);",
    "Công an tỉnh, Bảo hiểm xã hội tỉnh (để phối hợp t/h);",
    "VPUB: LĐVP, TTPVHCC-KSTT;",
    "Lưu: VT, HCCKSTT.",
)


def letterhead(model: dict) -> Letterhead:
    agency = model["agency"]
    province = agency["province"]
    issuer = agency["issuer"]
    # The Office of the Provincial People's Committee signs as "VĂN PHÒNG" under "UBND TỈNH ...".
    short_issuer = "VĂN PHÒNG" if issuer.lower().startswith("văn phòng ubnd") else issuer.upper()
    period, coming = vn_month(model["period"]), vn_month(next_period(model["period"]))
    return Letterhead(
        parent_agency=agency.get("parent", f"UBND TỈNH {province.upper()}"),
        issuer=short_issuer,
        issuer_name=issuer,
        number=agency.get("document_number", "Số:        /BC-VPUB"),
        place_date=vn_place_date(province, to_date(model["generated_at"])),
        title="BÁO CÁO",
        subtitle_lines=(f"Kết quả hoạt động của {agency['center']} tháng {period} "
                        f"và phương hướng nhiệm vụ tháng {coming}",),
        recipients=tuple(agency.get("recipients", DEFAULT_RECIPIENTS)),
        signer_lines=tuple(agency.get("signer_lines", ("KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"))),
        signer_name=agency.get("signer_name", ""),
    )


def build_document(model: dict) -> ReportDocument:
    head = letterhead(model)
    period, coming = vn_month(model["period"]), vn_month(next_period(model["period"]))
    center = model["agency"]["center"]
    intro = Paragraph(f"Thực hiện Quy chế tổ chức và hoạt động của {center} tỉnh (Trung tâm), "
                      f"{model['agency']['issuer']} báo cáo tình hình, kết quả hoạt động tháng {period} và "
                      f"phương hướng nhiệm vụ tháng {coming} như sau:")
    closing = (f"Trên đây là báo cáo tình hình, kết quả hoạt động của Trung tâm tháng {period} và phương hướng "
               f"nhiệm vụ tháng {coming}, {model['agency']['issuer']} trân trọng báo cáo./.")
    footer = f"Báo cáo được lập tự động từ Hệ thống lúc {vn_datetime(model['generated_at'])}"
    if model.get("as_of"):
        footer += f", theo dữ liệu ghi nhận đến {vn_datetime(model['as_of'])}"
    return ReportDocument(
        letterhead=head,
        body=(intro, *data_notice(model), *results_section(model), *assessment_section(model), *tasks_section(model)),
        closing=closing,
        appendices=tuple(appendices(model)),
        footer_note=footer + ".",
    )
