"""The monthly report model: one JSON-ready dict with every figure of the published report (same key
paths as motcua_tools/demo/data/golden-2023-04.json) and more. Pure: MonthFacts in, dict out."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from motcua.catalog import Catalog
from motcua.deadlines import LOCAL_TZ
from reporting import activity_sections as activity
from reporting import consistency, index766
from reporting import dossier_sections as dossiers
from reporting.facts import Flow, MonthFacts
from reporting.figures import pct
from reporting.statistics import check, department_order, roll_up, tabulate, totals

DEFAULT_AGENCY = {"province": "Hà Nam", "issuer": "Văn phòng UBND tỉnh",
                  "center": "Trung tâm Phục vụ hành chính công - Kiểm soát TTHC"}
# Who signs the report and who receives it, as the April 2023 report has them; settings may replace each.
DEFAULT_SIGNATURE: dict[str, Any] = {
    "document_number": "Số:        /BC-VPUB",  # the number is written in by the clerk when the report is issued
    "signer_lines": ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"],
    "signer_name": "Trương Quốc Việt",
    "recipients": ["Thường trực Tỉnh ủy (để b/c);", "Chủ tịch, các PCT UBND tỉnh (để b/c);",
                   "Các Sở, ban, ngành (để phối hợp t/h);", "Công an tỉnh, Bảo hiểm xã hội tỉnh (để phối hợp t/h);",
                   "VPUB: LĐVP (3), TTPVHCC-KSTT, KGVX (D);", "Lưu: VT, HCCKSTT."],
}


def local_iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(LOCAL_TZ).isoformat(timespec="seconds")


def build_model(facts: MonthFacts, catalog: Catalog, *, generated_at: datetime, as_of: datetime | None = None,
                agency: dict[str, str] | None = None, narrative: bool = True) -> dict[str, Any]:
    by_field = tabulate(facts.tallies, catalog, "field")
    by_department = roll_up(by_field)
    total = totals(by_department)
    model: dict[str, Any] = {
        "period": facts.period, "agency": {**DEFAULT_AGENCY, **DEFAULT_SIGNATURE, **(agency or {})},
        "generated_at": local_iso(generated_at),
        "as_of": local_iso(as_of), "timezone": str(LOCAL_TZ),
        "complete": facts.cutoff >= facts.end, "figures_until": local_iso(facts.cutoff),
        "intake": dossiers.intake(total, facts.tallies),
        "resolved": dossiers.resolved(total, by_field, catalog),
        "in_progress": dossiers.in_progress(total, by_department, facts.tallies, catalog),
        **dossiers.departments(by_department, catalog),
    }
    model["satisfaction"] = activity.satisfaction(facts.ratings, catalog)
    model["online_payments"] = activity.online_payments(facts.payments, facts.previous_payment_dossiers, catalog)
    model["feedback"] = activity.feedback(facts.feedback_received, facts.feedback_resolved)
    model["digital_id_accounts_assisted"] = facts.accounts_assisted
    model["catalog_decisions"] = activity.catalog_decisions(facts.decisions, catalog)
    model["index_766_as_published"] = activity.index766_published(facts.index766)
    model["table_by_department"] = dossiers.table_rows(by_department, catalog)
    model["table_by_field"] = dossiers.table_rows(by_field, catalog)
    model["history"], model["history_by_department"] = history(facts, catalog)
    model["index_766_estimate"] = index766.estimate(total, facts.tallies, model["satisfaction"], catalog)
    model["consistency"] = [
        *consistency.published_index(model["index_766_as_published"]),
        *consistency.decisions(model["catalog_decisions"]),
        *consistency.identities("table_by_department", check(by_department, catalog)),
        *consistency.identities("table_by_field", check(by_field, catalog)),
        *consistency.history(month_row(facts.period, total.online + total.direct_or_postal, total.online,
                                       total.resolved_total, total.early + total.on_time),
                             model["history"][-1] if model["history"] else None),
    ]
    model["narrative"] = default_narrative(model) if narrative else {}
    return model


def month_row(period: str, new: int, online: int, resolved: int, in_time: int) -> dict[str, Any]:
    return {"period": period, "new": new, "online": online, "online_pct": pct(online, new), "resolved": resolved,
            "on_time_or_early": in_time, "on_time_pct": pct(in_time, resolved)}


def history(facts: MonthFacts, catalog: Catalog) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Month by month, oldest first, from the first month with any dossier; and per department."""
    months, by_department = [], []
    for period, flows in facts.history.items():
        month = Flow()
        for flow in flows.values():
            month.new, month.online = month.new + flow.new, month.online + flow.online
            month.resolved, month.overdue = month.resolved + flow.resolved, month.overdue + flow.overdue
        if not months and not (month.new or month.resolved):
            continue
        months.append(month_row(period, month.new, month.online, month.resolved, month.resolved - month.overdue))
        for code in department_order(catalog, flows):
            flow = flows[code]
            by_department.append({"department": catalog.department_name(code),
                                  **month_row(period, flow.new, flow.online, flow.resolved,
                                              flow.resolved - flow.overdue)})
    return months, by_department


def default_narrative(model: dict[str, Any]) -> dict[str, str]:
    """The editable texts (II.2, III) filled from the templates, when the templates are installed."""
    try:
        from reporting.render.narrative import default_narrative as fill
    except ImportError:
        return {}
    return fill(model)
