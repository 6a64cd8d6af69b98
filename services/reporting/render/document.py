"""Assembles the whole report (letterhead, parts I–III, closing, appendices) from the report model.

The report carries only what is signed: data-quality notes, consistency flags and the 766 estimate
go to the companion "Phiếu kiểm tra số liệu" (reporting.render.checks), never into the body."""
from __future__ import annotations

from reporting.model import DEFAULT_SIGNATURE

from .appendices import appendices
from .blocks import Letterhead, Paragraph, ReportDocument
from .section_assessment import assessment_section, tasks_section
from .section_results import results_section
from .vn_format import next_period, to_date, vn_datetime, vn_month, vn_place_date

PROVISIONAL = "SỐ LIỆU TẠM TÍNH"


def is_running(model: dict) -> bool:
    """A month whose figures were taken before it ended (models without the key are finished months)."""
    return model.get("complete") is False


def provisional_mark(model: dict) -> str:
    """'SỐ LIỆU TẠM TÍNH đến 10:00 ngày 01/12/2026' for a running month, '' for a finished one."""
    if not is_running(model):
        return ""
    return f"{PROVISIONAL} đến {vn_datetime(model.get('figures_until') or model['generated_at'])}"


def letterhead(model: dict, *, title: str = "BÁO CÁO") -> Letterhead:
    agency = {**DEFAULT_SIGNATURE, **model["agency"]}
    province = agency["province"]
    issuer = agency["issuer"]
    # The Office of the Provincial People's Committee signs as "VĂN PHÒNG" under "UBND TỈNH ...".
    short_issuer = "VĂN PHÒNG" if issuer.lower().startswith("văn phòng ubnd") else issuer.upper()
    period, coming = vn_month(model["period"]), vn_month(next_period(model["period"]))
    return Letterhead(
        parent_agency=agency.get("parent", f"UBND TỈNH {province.upper()}"),
        issuer=short_issuer,
        issuer_name=issuer,
        number=agency["document_number"],
        place_date=vn_place_date(province, to_date(model["generated_at"])),
        title=title,
        subtitle_lines=(f"Kết quả hoạt động của {agency['center']} tháng {period} "
                        f"và phương hướng nhiệm vụ tháng {coming}",),
        recipients=tuple(agency["recipients"]),
        signer_lines=tuple(agency["signer_lines"]),
        signer_name=agency["signer_name"],
        provisional=provisional_mark(model),
    )


def footer_note(model: dict) -> str:
    footer = f"Báo cáo được lập tự động từ Hệ thống lúc {vn_datetime(model['generated_at'])}"
    if model.get("as_of"):
        footer += f", theo dữ liệu ghi nhận đến {vn_datetime(model['as_of'])}"
    return footer + "."


def build_document(model: dict) -> ReportDocument:
    head = letterhead(model)
    period, coming = vn_month(model["period"]), vn_month(next_period(model["period"]))
    center = model["agency"]["center"]
    so_far = " đến thời điểm báo cáo" if is_running(model) else ""
    intro = Paragraph(f"Thực hiện Quy chế tổ chức và hoạt động của {center} tỉnh (Trung tâm), "
                      f"{model['agency']['issuer']} báo cáo tình hình, kết quả hoạt động tháng {period}{so_far} và "
                      f"phương hướng nhiệm vụ tháng {coming} như sau:")
    closing = (f"Trên đây là báo cáo tình hình, kết quả hoạt động của Trung tâm tháng {period}{so_far} và phương "
               f"hướng nhiệm vụ tháng {coming}, {model['agency']['issuer']} trân trọng báo cáo./.")
    return ReportDocument(
        letterhead=head,
        body=(intro, *results_section(model), *assessment_section(model), *tasks_section(model)),
        closing=closing,
        appendices=tuple(appendices(model)),
        footer_note=footer_note(model),
    )
