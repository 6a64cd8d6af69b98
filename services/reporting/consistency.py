"""Flags a report carries: imported figures that do not add up (kept as published), missing data,
and any identity of the derived tables that fails (which would be a bug: derived totals add up)."""
from __future__ import annotations

from typing import Any

from reporting.figures import decimal, vn_int, vn_number
from reporting.statistics import Identity


def flag(figure: str, severity: str, message: str) -> dict[str, str]:
    return {"figure": figure, "severity": severity, "message": message}


def published_index(published: dict[str, Any] | None) -> list[dict[str, str]]:
    if not published or not published.get("components"):
        return []
    flags = []
    components = published["components"]
    added = sum((decimal(c["score"]) for c in components.values()), start=decimal(0))
    total = decimal(published["total"])
    if added != total:
        flags.append(flag("index_766_as_published.total", "warning",
                          f"Các chỉ số thành phần công bố cộng lại được {vn_number(added)} điểm, khác tổng điểm công bố "
                          f"{vn_number(total)}/100 điểm (chênh {vn_number(abs(added - total))} điểm). Số liệu nhập từ "
                          "Cổng Dịch vụ công quốc gia, giữ nguyên như công bố."))
    for key, component in components.items():
        if decimal(component["score"]) > decimal(component["max"]):
            flags.append(flag(f"index_766_as_published.components.{key}", "warning",
                              f"Điểm công bố {vn_number(component['score'])} vượt điểm tối đa "
                              f"{vn_number(component['max'])} của chỉ số thành phần."))
    return flags


def decisions(items: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [flag(f"catalog_decisions[{index}].date", "info",
                 f"Quyết định số {item['number']} chưa có ngày ban hành trong dữ liệu nguồn.")
            for index, item in enumerate(items) if not item.get("date")]


def identities(table: str, checks: list[Identity]) -> list[dict[str, str]]:
    return [flag(table, "error", f"{check.row}: {check.identity} không thỏa mãn ({vn_int(check.left)} ≠ "
                                 f"{vn_int(check.right)}).") for check in checks if not check.holds]


def history(model_period: dict[str, Any], latest: dict[str, Any] | None) -> list[dict[str, str]]:
    """The history's row for the report's own month is computed apart; it must agree."""
    if latest is None:
        return []
    names = {"new": "tiếp nhận mới", "online": "tiếp nhận trực tuyến", "resolved": "đã giải quyết",
             "on_time_or_early": "giải quyết trước hạn và đúng hạn"}
    differ = [f"{name}: báo cáo {vn_int(model_period[key])}, chuỗi theo tháng {vn_int(latest[key])}"
              for key, name in names.items() if model_period[key] != latest[key]]
    if not differ:
        return []
    # Names each figure and both values, so whoever checks knows what to look for.
    return [flag("history", "warning", "Số liệu tháng báo cáo trong Biểu đồ 1 khác số liệu của báo cáo ("
                                       + "; ".join(differ) + ").")]
