"""Part I.4 of the report: dossiers received, resolved and in progress, with their charts."""
from __future__ import annotations

from . import charts, charts_fields
from .blocks import Block, Chart, Heading, Paragraph
from .labels import short_department
from .vn_format import period_bounds, previous_period, vn_date, vn_datetime, vn_int, vn_month, vn_pct

# The seed report names as "busiest" exactly the departments with at least 100 new dossiers in the month.
BUSY_DEPARTMENT_MIN_NEW = 100


def _overdue_item(entry: dict, last: bool) -> Paragraph:
    """One '+ ' line of a list; the list's items end with ';' and its last one with '.'."""
    end = "." if last else ";"
    fields = entry.get("fields", {})
    head = f"+ {entry['department']}: {vn_int(entry['count'])} hồ sơ"
    if len(fields) == 1:
        return Paragraph(f"{head} thuộc lĩnh vực {next(iter(fields))}{end}", "item")
    parts = "; ".join(f"{vn_int(count)} hồ sơ thuộc lĩnh vực {name}" for name, count in fields.items())
    return Paragraph(f"{head}. Trong đó: {parts}{end}" if parts else f"{head}{end}", "item")


def period_phrase(model: dict) -> str:
    """'từ ngày 01/4/2023 đến 30/4/2023', or for a running month 'từ ngày 01/12/2026 tính đến 10:00 ngày 01/12/2026'."""
    first, last = period_bounds(model["period"])
    if model.get("complete") is False:
        return f"từ ngày {vn_date(first)} tính đến {vn_datetime(model.get('figures_until') or model['generated_at'])}"
    return f"từ ngày {vn_date(first)} đến {vn_date(last)}"


def _month_over_month(model: dict) -> str:
    history = {row["period"]: row for row in model.get("history", [])}
    before = history.get(previous_period(model["period"]))
    if not before:
        return ""
    change = model["intake"]["new"] - before["new"]
    trend = "tăng" if change > 0 else "giảm" if change < 0 else "bằng"
    amount = f" {vn_int(abs(change))} hồ sơ" if change else ""
    return f"So với tháng {vn_month(before['period'])}, số hồ sơ tiếp nhận mới {trend}{amount}."


def intake_and_results(model: dict) -> list[Block]:
    intake, resolved, progress = model["intake"], model["resolved"], model["in_progress"]
    overdue = resolved.get("overdue_by_department", [])
    known = f" (số liệu ghi nhận đến {vn_datetime(model['as_of'])})" if model.get("as_of") else ""
    blocks: list[Block] = [
        Heading("4. Kết quả tiếp nhận hồ sơ và trả kết quả giải quyết TTHC", 2),
        Paragraph("Theo kết quả tổng hợp số liệu trên Hệ thống thông tin giải quyết TTHC của tỉnh, "
                  f"{period_phrase(model)}{known} như sau:"),
        Heading("4.1. Số hồ sơ tiếp nhận", 3),
        Paragraph(
            f"Tổng số {vn_int(intake['total'])} hồ sơ TTHC thuộc các lĩnh vực, trong đó: tiếp nhận mới "
            f"{vn_int(intake['new'])} hồ sơ (tiếp nhận trực tuyến {vn_int(intake['new_online'])} hồ sơ, chiếm "
            f"{vn_pct(intake['new_online_pct'])} số hồ sơ tiếp nhận mới; tiếp nhận trực tiếp và qua dịch vụ bưu chính "
            f"công ích {vn_int(intake['new_direct_or_postal'])} hồ sơ, chiếm "
            f"{vn_pct(intake['new_direct_or_postal_pct'])} số hồ sơ tiếp nhận mới); kỳ trước chuyển qua: "
            f"{vn_int(intake['carried_over'])} hồ sơ. "
            + _month_over_month(model)),
    ]
    if len(model.get("history", [])) >= 2:
        blocks.append(Chart("history", "Biểu đồ 1. Hồ sơ tiếp nhận mới và tiếp nhận trực tuyến theo tháng",
                            charts.month_over_month(model["history"])))
    split = ""
    if "early" in resolved and "on_time" in resolved:
        split = f" (trước hạn {vn_int(resolved['early'])} hồ sơ; đúng hạn {vn_int(resolved['on_time'])} hồ sơ)"
    blocks += [
        Heading("4.2. Kết quả giải quyết", 3),
        Paragraph(f"Số hồ sơ đã giải quyết (trả kết quả): {vn_int(resolved['total'])} hồ sơ, chiếm "
                  f"{vn_pct(resolved['pct_of_intake'])} tổng số hồ sơ tiếp nhận, trong đó:"),
        Paragraph(f"- Số hồ sơ giải quyết trước hạn và đúng hạn: {vn_int(resolved['on_time_or_early'])} hồ sơ, chiếm "
                  f"{vn_pct(resolved['on_time_or_early_pct'])}{split}.", "item"),
        Paragraph(f"- Số hồ sơ quá hạn: {vn_int(resolved['overdue'])} hồ sơ, chiếm {vn_pct(resolved['overdue_pct'])}"
                  + (". Trong đó:" if resolved.get("overdue_by_department") else "."), "item"),
        *(_overdue_item(entry, last=index == len(overdue) - 1) for index, entry in enumerate(overdue)),
    ]
    if model.get("table_by_department"):
        blocks.append(Chart("on_time", "Biểu đồ 2. Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn theo đơn vị",
                            charts.on_time_by_department(model["table_by_department"])))
    return blocks + in_progress_and_departments(model, progress)


def in_progress_and_departments(model: dict, progress: dict) -> list[Block]:
    overdue = progress.get("overdue_by_department", {})
    listed = f" ({'; '.join(f'{name}: {vn_int(count)} hồ sơ' for name, count in overdue.items())})" if overdue else ""
    by_department = model.get("new_by_department", [])
    busiest = [row for row in by_department if row["new"] >= BUSY_DEPARTMENT_MIN_NEW]
    with_online = [row for row in by_department if row["online"] > 0]
    blocks: list[Block] = [
        Heading("4.3. Số hồ sơ đang giải quyết", 3),
        Paragraph(f"Số hồ sơ đang giải quyết: {vn_int(progress['total'])} hồ sơ, chiếm "
                  f"{vn_pct(progress['pct_of_intake'])} tổng số hồ sơ tiếp nhận. Trong đó: còn hạn giải quyết "
                  f"{vn_int(progress['within_deadline'])} hồ sơ, "
                  f"quá hạn giải quyết {vn_int(progress['overdue'])} hồ sơ{listed}."),
    ]
    if busiest:
        listing = "; ".join(f"{short_department(row['department'])} ({vn_int(row['new'])} hồ sơ)" for row in busiest)
        blocks.append(Paragraph("Trong tháng, TTHC có tần suất giao dịch nhiều chủ yếu tập trung ở một số Sở, ban, "
                                f"ngành: {listing}."))
    if with_online:
        listing = "; ".join(f"{short_department(row['department'])} "
                            f"({vn_int(row['online'])}/{vn_int(row['new'])} hồ sơ)" for row in with_online)
        blocks.append(Paragraph(f"Các Sở, ban, ngành có phát sinh hồ sơ trực tuyến, gồm: {listing}."))
        blocks.append(Chart("online_share", "Biểu đồ 3. Tỷ lệ hồ sơ tiếp nhận trực tuyến theo đơn vị",
                            charts.online_share_by_department(by_department, model["intake"]["new_online_pct"])))
    if model.get("table_by_field"):
        blocks.append(Chart("by_field", "Biểu đồ 4. Hồ sơ nhận giải quyết theo lĩnh vực và kết quả giải quyết "
                                        "(tổng các cột của Biểu 06)", charts_fields.table_by_field(model["table_by_field"])))
    return blocks + [Paragraph("(Có Phụ lục 03 kèm theo)", "note")]
