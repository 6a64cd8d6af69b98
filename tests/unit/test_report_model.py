"""The report model from synthetic facts: figures, percentages, lists, the 766 estimate and the flags."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from fractions import Fraction

import pytest

from motcua.catalog import Catalog
from motcua.deadlines import LOCAL_TZ
from motcua.dossier import COLUMNS, Counts, Dossier, standings
from reporting import index766
from reporting.facts import Flow, MonthFacts
from reporting.figures import pct
from reporting.model import build_model
from reporting.periods import bounds
from reporting.tallies import of_standings

START, END = bounds("2023-04")


def at(day: int, hour: int = 9, month: int = 4) -> datetime:
    return datetime(2023, month, day, hour, tzinfo=LOCAL_TZ)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


def dossier(n: int, department: str, field: str, channel: str, received, due, resolved=None) -> Dossier:
    return Dossier(f"D-{n}", department, field, f"{department}-P", channel, received, due, resolved, None, ())


def facts(**extra) -> MonthFacts:
    dossiers = [
        dossier(1, "TU_PHAP", "Hộ tịch", "online", at(3), at(10), at(6)),          # new, early
        dossier(2, "TU_PHAP", "Lý lịch tư pháp", "direct", at(3), at(10), at(12)),  # new, overdue
        dossier(3, "TU_PHAP", "Lý lịch tư pháp", "online", at(20, month=3), at(5), None),  # carried, open late
        dossier(4, "Y_TE", "Dược phẩm", "online", at(25), at(5, month=5), None),    # new, open in time
        dossier(5, "Y_TE", "Dược phẩm", "postal", at(27, month=3), at(4), at(4, 8)),  # carried, on time
    ]
    stood = standings(dossiers, START, END)
    base = dict(payments=[("TU_PHAP", "D-1", 200_000), ("TU_PHAP", "D-1", 100_000), ("Y_TE", "D-4", 50_000)],
                previous_payment_dossiers=1, ratings=[("TU_PHAP", "very_satisfied", 2), ("Y_TE", "satisfied", 1)],
                decisions=[{"number": "1/QĐ-UBND", "department": "TU_PHAP", "fields": ["Hộ tịch"],
                            "changes": ["amended"]}],
                index766={"period": "2023-04", "total": 82.5, "rank": 1, "of": 63, "change_vs_same_period_pct": 16.7,
                          "components": {"muc_do_hai_long": {"score": 18.0, "max": 18.0},
                                         "cong_khai_minh_bach": {"score": 17.0, "max": 18.0},
                                         "tien_do_ket_qua_giai_quyet": {"score": 18.8, "max": 20.0},
                                         "so_hoa_ho_so": {"score": 17.0, "max": 22.0},
                                         "cung_cap_dich_vu_truc_tuyen": {"score": 16.5, "max": 22.0}}},
                history={"2023-03": {"TU_PHAP": Flow(new=2, online=1, resolved=0)},
                         "2023-04": {"TU_PHAP": Flow(2, 1, 2, 1), "Y_TE": Flow(1, 1, 1, 0)}})
    given = {**base, **extra}
    paid = {dossier_id for _, dossier_id, _ in given["payments"]}  # as the SQL read marks them
    return MonthFacts("2023-04", START, END, END, of_standings(stood, paid), **given)


@pytest.fixture(scope="module")
def model(catalog) -> dict:
    return build_model(facts(), catalog, generated_at=datetime(2023, 5, 2, 1, tzinfo=timezone.utc))


def test_intake_resolved_and_in_progress(model):
    assert model["intake"] == {"total": 5, "carried_over": 2, "new": 3, "new_online": 2, "new_online_pct": 66.67,
                               "new_direct_or_postal": 1, "new_direct_or_postal_pct": 33.33, "new_direct": 1,
                               "new_postal": 0}
    resolved = model["resolved"]
    assert (resolved["total"], resolved["early"], resolved["on_time"], resolved["overdue"]) == (3, 1, 1, 1)
    assert resolved["on_time_or_early"] == 2 and resolved["pct_of_intake"] == 60.0
    assert resolved["overdue_by_department"] == [
        {"department": "Sở Tư pháp", "count": 1, "fields": {"Lý lịch tư pháp": 1}}]
    assert model["in_progress"]["overdue_by_department"] == {"Sở Tư pháp": 1}
    assert (model["in_progress"]["total"], model["in_progress"]["within_deadline"]) == (2, 1)


def test_departments_by_display_name_in_catalog_order(model):
    assert model["new_by_department"] == [{"department": "Sở Tư pháp", "new": 2, "online": 1},
                                          {"department": "Sở Y tế", "new": 1, "online": 1}]
    assert (model["departments_total"], model["departments_with_online"]) == (2, 2)
    assert model["departments_fully_online"] == ["Sở Y tế"]


def test_tables_add_up_and_agree(model):
    for table in ("table_by_department", "table_by_field"):
        totals = {c: sum(row[c] for row in model[table]) for c in COLUMNS}
        assert totals["received_total"] == model["intake"]["total"]
        assert totals["received_total"] == totals["online"] + totals["direct_or_postal"] + totals["carried_over"]
        assert totals["resolved_total"] == totals["early"] + totals["on_time"] + totals["overdue"]
    assert [r["field"] for r in model["table_by_field"] if r["department"] == "Sở Tư pháp"] == [
        "Lý lịch tư pháp", "Hộ tịch"]  # the catalog's order of the department's fields


def test_payments_count_distinct_dossiers_and_every_amount(model):
    payments = model["online_payments"]
    assert (payments["dossiers"], payments["amount_vnd"]) == (2, 350_000)
    assert payments["change_vs_previous_month"] == 1
    assert payments["by_department"][0] == {"department": "Sở Tư pháp", "dossiers": 1, "amount_vnd": 300_000}


def test_satisfaction_and_history(model):
    assert model["satisfaction"]["total"] == 3 and model["satisfaction"]["very_satisfied_pct"] == 66.67
    assert [row["period"] for row in model["history"]] == ["2023-03", "2023-04"]
    assert model["history"][-1]["on_time_or_early"] == model["resolved"]["on_time_or_early"]


def test_published_index_is_kept_as_published_and_its_sum_is_flagged(model):
    published = model["index_766_as_published"]
    assert published["total"] == 82.5 and list(published["components"])[0] == "cong_khai_minh_bach"
    assert published["components"]["muc_do_hai_long"] == {"score": 18.0, "max": 18}
    flags = {flag["figure"]: flag for flag in model["consistency"]}
    assert "87,3" in flags["index_766_as_published.total"]["message"]
    assert flags["catalog_decisions[0].date"]["severity"] == "info"
    assert not [flag for flag in model["consistency"] if flag["severity"] == "error"]


def test_percentages_round_half_up_in_decimal():
    assert pct(3, 408) == 0.74 and pct(405, 408) == 99.26  # 0.735..., 99.264...
    assert pct(1, 8) == 12.5 and pct(1, 200) == 0.5 and pct(0, 0) == 0.0
    assert pct(2675, 10000) == 26.75 and pct(12345, 1000000) == 1.23  # 1.2345 -> 1.23, never 1.24


def test_progress_estimate_is_the_published_formula():
    counts = Counts(received_total=5479, early=4000, on_time=743, within_deadline=697)
    score, _ = index766.progress(counts)
    assert round(float(score), 2) == 19.86


def test_the_online_payment_estimate_counts_paid_new_dossiers_of_charged_procedures(catalog):
    """A = paid / new dossiers of procedures with a fee, B and C = charged procedures with a paid or a
    new dossier, over all charged procedures: by hand, on two charged procedures of the catalog."""
    charged = sorted(p.code for p in catalog.procedures if p.fee_vnd > 0)
    first, second = charged[:2]
    dossiers = [Dossier(f"P-{n}", "TU_PHAP", "Hộ tịch", code, "online", at(3), at(20), None, None, ())
                for n, code in enumerate([first, first, first, second])]
    dossiers.append(Dossier("P-old", "TU_PHAP", "Hộ tịch", second, "online", at(20, month=3), at(20), None, None, ()))
    paid = {"P-0", "P-old", "elsewhere"}  # a carried-over dossier and one not in the month are paid too
    score, _ = index766.online_payment(of_standings(standings(dossiers, START, END), paid), catalog)
    a = Fraction(1, 4)  # P-0 of the four new ones
    b, c = Fraction(2, len(charged)), Fraction(2, len(charged))  # P-0's and P-old's procedures; both have new ones
    assert score == Decimal(6 * a.numerator) / a.denominator + min(Decimal(2), Decimal("2.5") * b.numerator / b.denominator) \
        + Decimal("2.5") * c.numerator / c.denominator


def test_the_estimate_total_is_the_sum_of_its_rounded_groups(model):
    estimate = model["index_766_estimate"]
    assert estimate["total"] == round(sum(c["score"] for c in estimate["components"].values()), 2)
    assert estimate["max"] == sum(c["max"] for c in estimate["components"].values())


@pytest.mark.parametrize("fmt", ["json", "docx", "html", "xlsx"])
def test_the_renderers_take_the_model(model, fmt):
    from reporting.render import render

    assert len(render(model, fmt)) > 1000


def test_a_history_row_that_disagrees_names_each_figure_and_both_values():
    from reporting import consistency

    month = {"new": 10, "online": 4, "resolved": 7, "on_time_or_early": 6}
    assert consistency.history(month, dict(month)) == []
    [flag] = consistency.history(month, {**month, "new": 9, "resolved": 8})
    assert flag["severity"] == "warning" and flag["figure"] == "history"
    assert "tiếp nhận mới: báo cáo 10, chuỗi theo tháng 9" in flag["message"]
    assert "đã giải quyết: báo cáo 7, chuỗi theo tháng 8" in flag["message"]
    assert "trực tuyến" not in flag["message"]
