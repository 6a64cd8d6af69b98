"""Our own estimate of the 766 index groups that the events can tell (docs/domain.md formulas), shown
next to the published score and never instead of it."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from motcua.catalog import Catalog
from motcua.dossier import Counts
from reporting.figures import two_places, vn_int, vn_number
from reporting.tallies import Tally

PROGRESS, PAYMENT, SATISFACTION = "tien_do_ket_qua_giai_quyet", "thanh_toan_truc_tuyen", "muc_do_hai_long"
MAXIMA = {PROGRESS: 20, PAYMENT: 10, SATISFACTION: 6}


def progress(total: Counts) -> tuple[Decimal, str] | None:
    """20 x (resolved early or on time + in progress within deadline) / all dossiers of the period."""
    if not total.received_total:
        return None
    good = total.early + total.on_time + total.within_deadline
    return (Decimal(20) * good / total.received_total,
            f"tiến độ giải quyết 20 × {vn_int(good)}/{vn_int(total.received_total)}")


def online_payment(tallies: list[Tally], catalog: Catalog) -> tuple[Decimal, str] | None:
    """6A + min(2, 2.5B) + 2.5C over the procedures that charge a fee (see the note's wording): A the
    share of the period's new dossiers of such procedures paid online, B the share of such procedures
    with a dossier of the period paid online, C the share with a new dossier in the period."""
    charged = {p.code for p in catalog.procedures if p.fee_vnd > 0}
    if not charged:
        return None
    with_fee = [t for t in tallies if t.new and t.procedure_code in charged]
    with_fee_count = sum(t.dossiers for t in with_fee)
    paid = sum(t.dossiers for t in with_fee if t.paid)
    a = Decimal(paid) / with_fee_count if with_fee_count else Decimal(0)
    b = Decimal(len({t.procedure_code for t in tallies if t.paid} & charged)) / len(charged)
    c = Decimal(len({t.procedure_code for t in tallies if t.new} & charged)) / len(charged)
    score = 6 * a + min(Decimal(2), Decimal("2.5") * b) + Decimal("2.5") * c
    return score, (f"thanh toán trực tuyến 6A + min(2; 2,5B) + 2,5C với A = {vn_number(two_places(a))}, "
                   f"B = {vn_number(two_places(b))}, C = {vn_number(two_places(c))}")


def satisfaction(survey: dict[str, Any]) -> tuple[Decimal, str] | None:
    """min(6, 6 x rate / 0.9), the rate being the share of satisfied or very satisfied ratings."""
    if not survey["total"]:
        return None
    rate = Decimal(survey["very_satisfied"] + survey["satisfied"]) / survey["total"]
    return min(Decimal(6), 6 * rate / Decimal("0.9")), "mức độ hài lòng về hồ sơ min(6; 6 × tỷ lệ/0,9)"


def estimate(total: Counts, tallies: list[Tally], survey: dict[str, Any], catalog: Catalog) -> dict[str, Any]:
    """Each group rounded half up to 2 decimals; the total is the sum of the rounded groups, so the
    figures printed always add up."""
    parts = {PROGRESS: progress(total), PAYMENT: online_payment(tallies, catalog),
             SATISFACTION: satisfaction(survey)}
    scored = {key: (two_places(part[0]), part[1]) for key, part in parts.items() if part is not None}
    components = {key: {"score": float(score), "max": MAXIMA[key]} for key, (score, _) in scored.items()}
    return {
        "total": float(sum((score for score, _ in scored.values()), start=Decimal(0))),
        "max": sum(MAXIMA[key] for key in scored),
        "components": components,
        "note": "Ước tính một phần, chỉ gồm các nhóm tính được từ sự kiện của hệ thống: "
                + "; ".join(text for _, text in scored.values()) + ".",
    }
