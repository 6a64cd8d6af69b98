"""Report sections beyond dossiers: satisfaction (appendix 01), online payments (appendix 02),
feedback, catalog decisions and the 766 index as published."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from motcua.catalog import Catalog
from reporting.figures import decimal, pct, plain, vn_number
from reporting.statistics import department_order

RATINGS = ("very_satisfied", "satisfied", "unsatisfied")
# The order the national portal and the monthly report list the 766 groups in.
INDEX766_ORDER = ("cong_khai_minh_bach", "tien_do_ket_qua_giai_quyet", "so_hoa_ho_so", "cung_cap_dich_vu_truc_tuyen",
                  "thanh_toan_truc_tuyen", "muc_do_hai_long")


def satisfaction(ratings: list[tuple[str, str, int]], catalog: Catalog) -> dict[str, Any]:
    by_department: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(RATINGS, 0))
    for department, rating, count in ratings:
        if rating in RATINGS:
            by_department[department][rating] += count
    counts = {rating: sum(row[rating] for row in by_department.values()) for rating in RATINGS}
    total = sum(counts.values())
    section: dict[str, Any] = {"total": total}
    for rating in RATINGS:
        section[rating], section[f"{rating}_pct"] = counts[rating], pct(counts[rating], total)
    section["by_department"] = [
        {"department": catalog.department_name(code), "total": sum(by_department[code].values()), **by_department[code]}
        for code in department_order(catalog, by_department)]
    return section


def online_payments(payments: list[tuple[str, str, int]], previous_dossiers: int, catalog: Catalog) -> dict[str, Any]:
    """Distinct dossiers paid through the national portal; every such payment's amount counts."""
    dossiers: dict[str, set[str]] = defaultdict(set)
    amounts: dict[str, int] = defaultdict(int)
    for department, dossier_id, amount in payments:
        dossiers[department].add(dossier_id)
        amounts[department] += amount
    order = department_order(catalog, dossiers)
    paid = len({dossier_id for _, dossier_id, _ in payments})
    return {
        "dossiers": paid, "amount_vnd": sum(amounts.values()),
        "departments": [catalog.department_name(code) for code in order],
        "previous_month_dossiers": previous_dossiers, "change_vs_previous_month": paid - previous_dossiers,
        "by_department": [{"department": catalog.department_name(code), "dossiers": len(dossiers[code]),
                           "amount_vnd": amounts[code]} for code in order],
    }


def catalog_decisions(decisions: list[dict[str, Any]], catalog: Catalog) -> list[dict[str, Any]]:
    return [{"number": d["number"], "date": d.get("date") or None,
             "department": catalog.department_name(d.get("department", "")),
             "fields": list(d.get("fields", [])), "changes": list(d.get("changes", []))} for d in decisions]


def index766_published(published: dict[str, Any] | None) -> dict[str, Any] | None:
    """As imported, untouched; a note says when its components do not add up to its total."""
    if published is None:
        return None
    raw = published.get("components", {})
    keys = [k for k in INDEX766_ORDER if k in raw] + sorted(set(raw) - set(INDEX766_ORDER))
    components = {k: {"score": raw[k]["score"], "max": plain(raw[k]["max"])} for k in keys}
    section = {"total": published["total"], "rank": published.get("rank"), "of": published.get("of"),
               "change_vs_same_period_pct": published.get("change_vs_same_period_pct"), "components": components}
    added = sum((decimal(c["score"]) for c in components.values()), start=decimal(0))
    if components and added != decimal(published["total"]):
        section["note"] = (f"Các chỉ số thành phần công bố cộng lại được {vn_number(added)} điểm, khác tổng điểm "
                           f"công bố {vn_number(published['total'])}; số liệu giữ nguyên như công bố.")
    return section


def feedback(received: int, resolved: int) -> dict[str, int]:
    return {"received": received, "resolved": resolved}
