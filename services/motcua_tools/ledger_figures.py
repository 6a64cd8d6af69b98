"""The month's figures twice: read by reporting's own code from the read models, and tallied here
from the acknowledged events themselves (their interchange form), without any of reporting's code.

Figures are flat: "name/part/part" -> number, zeros left out, so two sets compare key by key.
Covered: the dossiers a period counts (received before its end, not closed before its start), new
ones by department and channel, closed and still open by department; national-portal payments (count
and amount) and survey ratings by department; distinct feedback received and resolved, accounts
assisted, catalog decisions; whether the 766 index was published for the period.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

Figures = dict[str, float]
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")  # periods are local calendar months (the domain's rule)
TIME_FIELD = {"dossier.received": "received_at", "dossier.resolved": "resolved_at", "payment.completed": "paid_at",
              "survey.submitted": "submitted_at"}  # other types with a time carry it in "at"


def moment(text: str | None) -> datetime | None:
    """An interchange time, cut to the millisecond as ClickHouse keeps it."""
    if not text:
        return None
    at = datetime.fromisoformat(text)
    at = at if at.tzinfo else at.replace(tzinfo=timezone.utc)
    return at.replace(microsecond=at.microsecond // 1000 * 1000).astimezone(timezone.utc)


def business_time(event: dict[str, Any]) -> datetime | None:
    kind = event["type"]
    if kind == "index766.published":
        return month_start(event["period"]) if len(event.get("period", "")) == 7 else None
    at = moment(event.get(TIME_FIELD.get(kind, "at")))
    if at is None and kind == "catalog.decision_published" and event.get("date"):
        at = datetime.fromisoformat(event["date"]).replace(tzinfo=LOCAL).astimezone(timezone.utc)
    return at


def month_start(period: str) -> datetime:
    return datetime(int(period[:4]), int(period[5:7]), 1, tzinfo=LOCAL).astimezone(timezone.utc)


def period_of(at: datetime) -> str:
    return f"{at.astimezone(LOCAL):%Y-%m}"


def month_bounds(period: str) -> tuple[datetime, datetime]:
    year, month = int(period[:4]), int(period[5:7])
    following = f"{year + month // 12:04d}-{month % 12 + 1:02d}"
    return month_start(period), month_start(following)


def periods_of(events: Iterable[dict[str, Any]]) -> list[str]:
    """Every reportable period (2000-2099) some acknowledged event falls in."""
    found = {period_of(at) for e in events if (at := business_time(e)) is not None}
    return sorted(p for p in found if "2000" <= p[:4] <= "2099")


def _latest(events: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """One event per key: the last acknowledged (a correction replaces what it corrects)."""
    return list({e[key]: e for e in events}.values())


def tally(events: Iterable[dict[str, Any]], period: str) -> Figures:
    """The period's figures from the distinct acknowledged events (in acknowledgement order)."""
    start, end = month_bounds(period)
    unique = list({e["event_id"]: e for e in events}.values())
    by_type: dict[str, list[dict[str, Any]]] = {}
    for event in unique:
        by_type.setdefault(event["type"], []).append(event)
    figures: Counter = Counter()
    _dossiers(figures, unique, start, end)
    for pay in _latest(by_type.get("payment.completed", []), "payment_id"):
        if pay.get("method") == "national_portal" and start <= moment(pay["paid_at"]) < end:
            figures[f"national_payments/{pay['department']}"] += 1
            figures[f"national_amount/{pay['department']}"] += pay.get("amount_vnd", 0)
    for survey in _latest(by_type.get("survey.submitted", []), "survey_id"):
        if start <= moment(survey["submitted_at"]) < end:
            figures[f"ratings/{survey['department']}/{survey['rating']}"] += 1
    for kind, key, name in (("feedback.received", "feedback_id", "feedback_received"),
                            ("feedback.resolved", "feedback_id", "feedback_resolved"),
                            ("account.assisted", "account_ref", "accounts_assisted"),
                            ("catalog.decision_published", "number", "decisions")):
        figures[name] = len({e[key] for e in by_type.get(kind, []) if start <= business_time(e) < end})
    figures["index766_published"] = int(any(e.get("period") == period for e in by_type.get("index766.published", [])))
    return {k: v for k, v in figures.items() if v}


def _dossiers(figures: Counter, events: list[dict[str, Any]], start: datetime, end: datetime) -> None:
    """A dossier's state from its events in any order: first receipt, first closing (resolved or
    withdrawn), the greatest department and channel named (as any order-free fold would)."""
    state: dict[str, dict[str, Any]] = {}
    for e in events:
        if not e["type"].startswith("dossier."):
            continue
        s = state.setdefault(e["dossier_id"], {"department": "", "channel": "", "received": None, "closed": None})
        s["department"] = max(s["department"], e.get("department", ""))
        at = business_time(e)
        if e["type"] == "dossier.received":
            s["channel"] = max(s["channel"], e.get("channel", ""))
            s["received"] = at if s["received"] is None else min(s["received"], at)
        elif e["type"] in ("dossier.resolved", "dossier.withdrawn"):
            s["closed"] = at if s["closed"] is None else min(s["closed"], at)
    for s in state.values():
        received, closed, department = s["received"], s["closed"], s["department"]
        if received is None or received >= end or (closed is not None and closed < start):
            continue
        figures["dossiers"] += 1
        if received >= start:
            figures[f"new/{department}/{s['channel']}"] += 1
        figures[f"{'closed' if closed is not None and closed < end else 'open'}/{department}"] += 1


def read(reader, period: str) -> Figures:
    """The same figures as reporting reads them (reporting.facts, the report model's own loading)."""
    from reporting.facts import load_month

    facts = load_month(reader, period, history_months=1)
    figures: Counter = Counter()
    for t in facts.tallies:
        figures["dossiers"] += t.dossiers
        if t.new:
            figures[f"new/{t.department}/{t.channel}"] += t.dossiers
        figures[f"{'closed' if t.resolved is not None else 'open'}/{t.department}"] += t.dossiers
    for department, _dossier, amount in facts.payments:
        figures[f"national_payments/{department}"] += 1
        figures[f"national_amount/{department}"] += amount
    for department, rating, surveys in facts.ratings:
        figures[f"ratings/{department}/{rating}"] += surveys
    figures.update(feedback_received=facts.feedback_received, feedback_resolved=facts.feedback_resolved,
                   accounts_assisted=facts.accounts_assisted, decisions=len(facts.decisions),
                   index766_published=int(facts.index766 is not None))
    return {k: v for k, v in figures.items() if v}


def differences(read_figures: Figures, tallied: Figures, period: str) -> list[str]:
    return [f"{period} {key}: the report reads {read_figures.get(key, 0):g}, the acknowledged events give "
            f"{tallied.get(key, 0):g}" for key in sorted(read_figures.keys() | tallied.keys())
            if read_figures.get(key, 0) != tallied.get(key, 0)]
