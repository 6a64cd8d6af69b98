"""The ledger's tally of a period's figures from acknowledged events, against numbers worked out by
hand for a small month (times in local time, Asia/Ho_Chi_Minh, UTC+7)."""
from __future__ import annotations

from motcua_tools.ledger_figures import differences, periods_of, tally

T, N = "TU_PHAP", "TNMT"


def ev(event_id: str, kind: str, **fields) -> dict:
    return {"event_id": event_id, "type": kind, **fields}


EVENTS = [
    ev("r1", "dossier.received", dossier_id="D1", department=T, channel="online", received_at="2023-04-03T09:00:00+07:00"),
    ev("r1", "dossier.received", dossier_id="D1", department=T, channel="online", received_at="2023-04-03T09:00:00+07:00"),
    ev("x1", "dossier.resolved", dossier_id="D1", department=T, resolved_at="2023-04-05T10:00:00+07:00"),
    ev("r2", "dossier.received", dossier_id="D2", department=N, channel="direct", received_at="2023-03-20T09:00:00+07:00"),
    ev("r3", "dossier.received", dossier_id="D3", department=N, channel="postal", received_at="2023-03-01T09:00:00+07:00"),
    ev("x3", "dossier.resolved", dossier_id="D3", department=N, resolved_at="2023-03-15T09:00:00+07:00"),
    ev("r4", "dossier.received", dossier_id="D4", department=T, channel="direct", received_at="2023-04-30T23:30:00+07:00"),
    ev("w4", "dossier.withdrawn", dossier_id="D4", department=T, at="2023-05-02T08:00:00+07:00"),
    ev("r5", "dossier.received", dossier_id="D5", department=T, channel="online", received_at="2023-05-01T00:30:00+07:00"),
    ev("x6", "dossier.resolved", dossier_id="D6", department=T, resolved_at="2023-04-05T10:00:00+07:00"),  # no receipt
    ev("p1", "payment.completed", payment_id="P1", dossier_id="D1", department=T, amount_vnd=100_000,
       method="national_portal", paid_at="2023-04-03T10:00:00+07:00"),
    ev("p1b", "payment.completed", payment_id="P1", dossier_id="D1", department=T, amount_vnd=150_000,
       method="national_portal", paid_at="2023-04-03T10:00:00+07:00"),  # a correction: replaces p1
    ev("p2", "payment.completed", payment_id="P2", dossier_id="D2", department=N, amount_vnd=50_000,
       method="counter", paid_at="2023-04-03T10:00:00+07:00"),
    ev("s1", "survey.submitted", survey_id="S1", department=T, rating="satisfied", submitted_at="2023-04-06T10:00:00+07:00"),
    ev("s2", "survey.submitted", survey_id="S2", department=T, rating="satisfied", submitted_at="2023-03-31T23:00:00+07:00"),
    ev("f1", "feedback.received", feedback_id="F1", department=T, at="2023-04-07T10:00:00+07:00"),
    ev("f2", "feedback.resolved", feedback_id="F1", department=T, at="2023-05-03T10:00:00+07:00"),
    ev("a1", "account.assisted", account_ref="A1", at="2023-04-08T10:00:00+07:00"),
    ev("a2", "account.assisted", account_ref="A1", at="2023-04-09T10:00:00+07:00"),
    ev("c1", "catalog.decision_published", number="1/QĐ", date="2023-04-10", department=T),
    ev("i1", "index766.published", period="2023-04", total=80.5),
]


def test_a_small_april_tallied_by_hand():
    assert tally(EVENTS, "2023-04") == {
        "dossiers": 3,                               # D1 new, D2 carried over, D4 new (23:30 local on the 30th)
        "new/TU_PHAP/online": 1, "new/TU_PHAP/direct": 1,
        "closed/TU_PHAP": 1, "open/TNMT": 1, "open/TU_PHAP": 1,  # D4 withdrawn only in May
        "national_payments/TU_PHAP": 1, "national_amount/TU_PHAP": 150_000,
        "ratings/TU_PHAP/satisfied": 1,
        "feedback_received": 1, "accounts_assisted": 1, "decisions": 1, "index766_published": 1,
    }


def test_the_periods_are_local_months_of_business_time():
    assert periods_of(EVENTS) == ["2023-03", "2023-04", "2023-05"]
    assert tally(EVENTS, "2023-05")["new/TU_PHAP/online"] == 1  # D5: 00:30 local on 1 May is 30 April in UTC


def test_differences_name_the_period_the_figure_and_both_numbers():
    assert differences({"dossiers": 4, "decisions": 1}, {"dossiers": 3, "decisions": 1}, "2023-04") == [
        "2023-04 dossiers: the report reads 4, the acknowledged events give 3"]
