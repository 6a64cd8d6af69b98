"""Legal deadlines of dossiers: working days, due dates, pauses, and the report's classes.

Counting rule (what `due_at` implements):
- Office hours are [07:30, 17:00) local time (Asia/Ho_Chi_Minh) on working days; working days are
  Monday to Friday minus Vietnamese public holidays, plus the Saturdays the Government declares
  working days in exchange for a bridge holiday (both from the `holidays` package, country "VN").
- The clock starts at receipt when a dossier arrives on a working day within office hours. Received
  before opening, it starts at that day's opening; received at or after closing, or on a non-working
  day (online receipts at night, weekends, Tết), it starts at the next working day's opening.
- Due = the same time of day as the start, N working days after the start day. So a dossier received
  Friday 10:15 with 2 days is due Tuesday 10:15, and one received Saturday is due N working days
  after Monday 07:30. N = 0 (same-day procedures) is due at that start day's closing time.
- Supplement requests pause the clock in calendar time: a closed pause adds its full duration.

Rules change with the law, so the calendar and the office hours form a rule dated by the day it
applies from; a dossier is counted under the rule in force on its start day. Decree 118/2025 did
not change the hours the Center keeps, so both rules carry the same parameters today.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

import holidays

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

ResolvedClass = Literal["early", "on_time", "overdue"]
OpenClass = Literal["within_deadline", "overdue"]
Pause = tuple[datetime, datetime | None]  # (supplement requested, supplement received or None)


@dataclass(frozen=True)
class WorkingTimeRule:
    applies_from: date
    legal_basis: str
    office_open: time = time(7, 30)
    office_close: time = time(17, 0)
    holiday_country: str = "VN"


RULES: tuple[WorkingTimeRule, ...] = (
    WorkingTimeRule(date(2018, 8, 21), "Nghị định 61/2018/NĐ-CP, sửa đổi bởi Nghị định 107/2021/NĐ-CP"),
    WorkingTimeRule(date(2025, 7, 1), "Nghị định 118/2025/NĐ-CP"),
)


def rule_for(day: date) -> WorkingTimeRule:
    """The rule in force on `day` (the earliest rule also covers days before it)."""
    in_force = [rule for rule in RULES if rule.applies_from <= day]
    return in_force[-1] if in_force else RULES[0]


@lru_cache(maxsize=None)
def _holiday_calendar(country: str) -> holidays.HolidayBase:
    return holidays.country_holidays(country, years=range(2015, 2041))


@lru_cache(maxsize=8192)
def is_working_day(day: date) -> bool:
    calendar = _holiday_calendar(rule_for(day).holiday_country)
    if day in calendar:  # membership also loads years beyond the preloaded range
        return False
    return day.weekday() < 5 or day in calendar.weekend_workdays


def next_working_day(day: date) -> date:
    """The first working day strictly after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def to_local(moment: datetime, name: str = "datetime") -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} {moment.isoformat()} is naive; a UTC offset is required")
    return moment.astimezone(LOCAL_TZ)


def clock_start(received_at: datetime) -> datetime:
    """When the deadline clock starts for a dossier received at `received_at` (see module doc)."""
    local = to_local(received_at, "received_at")
    day, rule = local.date(), rule_for(local.date())
    if is_working_day(day) and local.time() < rule.office_close:
        return max(local, datetime.combine(day, rule.office_open, LOCAL_TZ))
    start_day = next_working_day(day)
    return datetime.combine(start_day, rule_for(start_day).office_open, LOCAL_TZ)


def due_at(received_at: datetime, processing_days: int) -> datetime:
    """Received + `processing_days` working days, in local time (counting rule: module doc)."""
    if isinstance(processing_days, bool) or not isinstance(processing_days, int) or processing_days < 0:
        raise ValueError(f"processing_days must be a non-negative integer, not {processing_days!r}")
    start = clock_start(received_at)
    if processing_days == 0:
        return datetime.combine(start.date(), rule_for(start.date()).office_close, LOCAL_TZ)
    day = start.date()
    for _ in range(processing_days):
        day = next_working_day(day)
    return datetime.combine(day, start.time(), LOCAL_TZ)


def effective_due(due: datetime, pauses: Iterable[Pause], *, as_of: datetime | None = None) -> datetime:
    """The due time pushed back by every closed pause (closed by `as_of` when given).

    An open pause adds nothing here: while it lasts the dossier waits for the citizen, which
    `waiting_for_supplement` tells and `classify_open` honours.
    """
    result = to_local(due, "due_at")
    limit = to_local(as_of, "as_of") if as_of is not None else None
    for requested, supplemented in pauses:
        to_local(requested, "supplement requested_at")
        if supplemented is None:
            continue
        if to_local(supplemented, "supplemented_at") < requested:
            raise ValueError(f"supplement received {supplemented.isoformat()} before it was requested")
        if limit is None or supplemented <= limit:
            result += supplemented - requested
    return result


def waiting_for_supplement(pauses: Iterable[Pause], at: datetime) -> bool:
    """True when a supplement requested before `at` had not been received by `at`."""
    to_local(at, "at")
    return any(requested < at and (supplemented is None or supplemented > at)
               for requested, supplemented in pauses)


def classify_resolved(resolved_at: datetime, effective_due_at: datetime) -> ResolvedClass:
    resolved, due = to_local(resolved_at, "resolved_at"), to_local(effective_due_at, "effective_due")
    if resolved > due:
        return "overdue"
    return "early" if resolved.date() < due.date() else "on_time"


def classify_open(period_end: datetime, effective_due_at: datetime, waiting_for_supplement: bool) -> OpenClass:
    end, due = to_local(period_end, "period_end"), to_local(effective_due_at, "effective_due")
    if waiting_for_supplement:
        return "within_deadline"
    return "overdue" if due < end else "within_deadline"


def month_bounds(period: str) -> tuple[datetime, datetime]:
    """[start, end) of a "YYYY-MM" period in local time."""
    try:
        year, month = (int(part) for part in period.split("-"))
        start = datetime(year, month, 1, tzinfo=LOCAL_TZ)
    except ValueError:
        raise ValueError(f"period {period!r} is not YYYY-MM") from None
    if len(period) != 7:
        raise ValueError(f"period {period!r} is not YYYY-MM")
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=LOCAL_TZ)
    return start, end
