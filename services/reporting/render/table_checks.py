"""The identities of Biểu 06 checked on the model's tables, so a renderer never prints a table that does not add up
without saying so."""
from __future__ import annotations

from .labels import TABLE_COLUMNS
from .vn_format import vn_int


def column_totals(rows: list[dict]) -> dict[str, int]:
    return {column: sum(row[column] for row in rows) for column in TABLE_COLUMNS}


def identity_checks(model: dict) -> list[tuple[str, int, int]]:
    """(what is compared, left side, right side) for the totals of the per-department table and the report."""
    rows = model.get("table_by_department") or []
    if not rows:
        return []
    total = column_totals(rows)
    checks = [
        ("(3) = (4) + (5) + (6)", total["received_total"],
         total["online"] + total["direct_or_postal"] + total["carried_over"]),
        ("(3) = (7) + (11)", total["received_total"], total["resolved_total"] + total["in_progress_total"]),
        ("(7) = (8) + (9) + (10)", total["resolved_total"], total["early"] + total["on_time"] + total["overdue"]),
        ("(11) = (12) + (13)", total["in_progress_total"], total["within_deadline"] + total["in_progress_overdue"]),
        ("Cột (3) và tổng số hồ sơ tiếp nhận", total["received_total"], model["intake"]["total"]),
        ("Cột (4) và số hồ sơ trực tuyến", total["online"], model["intake"]["new_online"]),
        ("Cột (6) và số kỳ trước chuyển qua", total["carried_over"], model["intake"]["carried_over"]),
        ("Cột (7) và số hồ sơ đã giải quyết", total["resolved_total"], model["resolved"]["total"]),
        ("Cột (10) và số hồ sơ quá hạn", total["overdue"], model["resolved"]["overdue"]),
        ("Cột (11) và số hồ sơ đang giải quyết", total["in_progress_total"], model["in_progress"]["total"]),
        ("Cột (13) và số hồ sơ đang giải quyết quá hạn", total["in_progress_overdue"], model["in_progress"]["overdue"]),
    ]
    for row in rows:
        left = row["received_total"]
        right = row["resolved_total"] + row["in_progress_total"]
        if left != right:
            checks.append((f"{row['department']}: (3) = (7) + (11)", left, right))
    return checks


def failed_identities(model: dict) -> list[str]:
    return [f"Biểu 06 theo đơn vị, {what}: {vn_int(left)} ≠ {vn_int(right)}."
            for what, left, right in identity_checks(model) if left != right]
