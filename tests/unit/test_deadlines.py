"""Working days, due dates, pauses and classes, around the holidays that bite in practice."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.deadlines import (
    LOCAL_TZ,
    RULES,
    classify_open,
    classify_resolved,
    due_at,
    effective_due,
    is_working_day,
    month_bounds,
    rule_for,
    waiting_for_supplement,
)

pytestmark = pytest.mark.unit


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ)


@pytest.mark.parametrize(("received", "days", "due"), [
    # Tết 2023: 20-26 January off
    (local(2023, 1, 19, 10, 0), 1, local(2023, 1, 27, 10, 0)),
    (local(2023, 1, 19, 10, 0), 3, local(2023, 1, 31, 10, 0)),
    # Tết 2024: 8-14 February off
    (local(2024, 2, 7, 9, 0), 1, local(2024, 2, 15, 9, 0)),
    # 30/4-1/5 2023: Saturday 29/4 to Wednesday 3/5 off (Hùng Kings and 30/4 observed on 2/5 and 3/5)
    (local(2023, 4, 28, 14, 0), 1, local(2023, 5, 4, 14, 0)),
    (local(2023, 4, 27, 8, 15), 2, local(2023, 5, 4, 8, 15)),
    # 30/4-1/5 2025: 30/4, 1/5 and 2/5 (swapped with Saturday 26/4, a working day) off
    (local(2025, 4, 29, 10, 0), 1, local(2025, 5, 5, 10, 0)),
    (local(2025, 4, 25, 10, 0), 1, local(2025, 4, 26, 10, 0)),
    # 2024: Monday 29/4 off, swapped with Saturday 4/5 (a working day)
    (local(2024, 4, 26, 9, 0), 1, local(2024, 5, 2, 9, 0)),
    (local(2024, 5, 3, 9, 0), 1, local(2024, 5, 4, 9, 0)),
    # 2/9: 2023 (1/9 and 4/9 off), 2024 (2/9 and 3/9), 2025 under the 2025 rule (1/9 and 2/9)
    (local(2023, 8, 31, 15, 0), 1, local(2023, 9, 5, 15, 0)),
    (local(2024, 8, 30, 9, 0), 1, local(2024, 9, 4, 9, 0)),
    (local(2025, 8, 29, 10, 0), 1, local(2025, 9, 3, 10, 0)),
    # weekends
    (local(2023, 4, 7, 10, 15), 2, local(2023, 4, 11, 10, 15)),
    (local(2023, 4, 8, 22, 0), 1, local(2023, 4, 11, 7, 30)),
    # before, after and exactly at the end of office hours; on a holiday
    (local(2023, 4, 10, 6, 0), 1, local(2023, 4, 11, 7, 30)),
    (local(2023, 4, 10, 18, 30), 2, local(2023, 4, 13, 7, 30)),
    (local(2023, 4, 10, 17, 0), 1, local(2023, 4, 12, 7, 30)),
    (local(2023, 4, 10, 16, 59), 1, local(2023, 4, 11, 16, 59)),
    (local(2023, 5, 1, 10, 0), 1, local(2023, 5, 5, 7, 30)),
    # same-day procedures are due at the end of the start day
    (local(2023, 4, 10, 9, 0), 0, local(2023, 4, 10, 17, 0)),
    (local(2023, 4, 29, 9, 0), 0, local(2023, 5, 4, 17, 0)),
])
def test_due_at(received, days, due):
    assert due_at(received, days) == due
    assert due_at(received, days).utcoffset() == timedelta(hours=7)


def test_due_at_accepts_any_offset_and_answers_in_local_time():
    received_utc = datetime(2023, 4, 10, 3, 0, tzinfo=timezone.utc)  # 10:00 in Hà Nam
    assert due_at(received_utc, 1) == local(2023, 4, 11, 10, 0)
    assert due_at(received_utc, 1).tzinfo == LOCAL_TZ


def test_the_holidays_the_package_knows():
    off = [date(2023, 1, 2), date(2023, 1, 20), date(2023, 1, 26), date(2023, 5, 2), date(2023, 5, 3),
           date(2023, 9, 1), date(2023, 9, 4), date(2024, 2, 14), date(2024, 4, 18), date(2024, 4, 29),
           date(2025, 4, 7), date(2025, 5, 2), date(2025, 9, 1), date(2026, 2, 17)]
    assert not any(is_working_day(day) for day in off)
    assert all(is_working_day(day) for day in (date(2024, 5, 4), date(2025, 4, 26), date(2023, 4, 28)))
    assert not is_working_day(date(2023, 4, 29)) and not is_working_day(date(2023, 4, 30))


@pytest.mark.parametrize("days", [-1, 1.5, True, "2"])
def test_processing_days_must_be_a_non_negative_integer(days):
    with pytest.raises(ValueError, match="processing_days"):
        due_at(local(2023, 4, 10, 9, 0), days)


def test_naive_datetimes_are_refused():
    naive, aware = datetime(2023, 4, 10, 9, 0), local(2023, 4, 10, 9, 0)
    with pytest.raises(ValueError, match="naive"):
        due_at(naive, 1)
    with pytest.raises(ValueError, match="naive"):
        effective_due(naive, [])
    with pytest.raises(ValueError, match="naive"):
        effective_due(aware, [(naive, None)])
    with pytest.raises(ValueError, match="naive"):
        classify_resolved(naive, aware)
    with pytest.raises(ValueError, match="naive"):
        classify_open(aware, naive, False)
    with pytest.raises(ValueError, match="naive"):
        waiting_for_supplement([], naive)


def test_closed_pauses_push_the_due_date_and_open_ones_do_not():
    due = local(2023, 4, 12, 10, 0)
    closed = (local(2023, 4, 5, 9, 0), local(2023, 4, 8, 15, 0))      # 3 days 6 hours
    other = (local(2023, 4, 10, 8, 0), local(2023, 4, 10, 9, 30))     # 1 hour 30
    still_open = (local(2023, 4, 11, 9, 0), None)
    assert effective_due(due, []) == due
    assert effective_due(due, [closed]) == local(2023, 4, 15, 16, 0)
    assert effective_due(due, [closed, other, still_open]) == local(2023, 4, 15, 17, 30)
    assert effective_due(due, [closed, other], as_of=local(2023, 4, 9, 0, 0)) == local(2023, 4, 15, 16, 0)
    with pytest.raises(ValueError, match="before it was requested"):
        effective_due(due, [(local(2023, 4, 8), local(2023, 4, 7))])


def test_waiting_for_a_supplement():
    end = local(2023, 5, 1)
    assert waiting_for_supplement([(local(2023, 4, 20, 9, 0), None)], end)
    assert waiting_for_supplement([(local(2023, 4, 20, 9, 0), local(2023, 5, 4, 9, 0))], end)
    assert not waiting_for_supplement([(local(2023, 4, 20, 9, 0), local(2023, 4, 25, 9, 0))], end)
    assert not waiting_for_supplement([(local(2023, 5, 2, 9, 0), None)], end)


@pytest.mark.parametrize(("resolved", "expected"), [
    (local(2023, 4, 11, 16, 59), "early"),
    (local(2023, 4, 12, 0, 0), "on_time"),
    (local(2023, 4, 12, 8, 0), "on_time"),
    (local(2023, 4, 12, 10, 0), "on_time"),
    (local(2023, 4, 12, 10, 0, 1), "overdue"),
    (local(2023, 4, 12, 16, 0), "overdue"),
    (local(2023, 4, 13, 8, 0), "overdue"),
])
def test_classify_resolved_at_the_boundaries(resolved, expected):
    assert classify_resolved(resolved, local(2023, 4, 12, 10, 0)) == expected


def test_classify_resolved_compares_local_days_not_utc_days():
    due = local(2023, 4, 12, 7, 30)                             # 00:30 UTC on the 12th
    resolved = datetime(2023, 4, 11, 23, 0, tzinfo=timezone.utc)  # 06:00 local on the 12th
    assert classify_resolved(resolved, due) == "on_time"


def test_classify_open():
    end = local(2023, 5, 1)
    assert classify_open(end, local(2023, 4, 28, 10, 0), False) == "overdue"
    assert classify_open(end, local(2023, 4, 28, 10, 0), True) == "within_deadline"
    assert classify_open(end, end, False) == "within_deadline"
    assert classify_open(end, local(2023, 5, 4, 7, 30), False) == "within_deadline"


def test_month_bounds():
    assert month_bounds("2023-04") == (local(2023, 4, 1), local(2023, 5, 1))
    assert month_bounds("2023-12") == (local(2023, 12, 1), local(2024, 1, 1))
    assert month_bounds("2023-04")[0].astimezone(timezone.utc) == datetime(2023, 3, 31, 17, tzinfo=timezone.utc)
    for bad in ("2023-13", "2023-4", "April", "2023-04-01"):
        with pytest.raises(ValueError, match="YYYY-MM"):
            month_bounds(bad)


def test_rules_are_dated():
    assert rule_for(date(2023, 4, 10)) is RULES[0]
    assert rule_for(date(2025, 6, 30)) is RULES[0]
    assert rule_for(date(2025, 7, 1)) is RULES[1]
    assert rule_for(date(2010, 1, 1)) is RULES[0]
    assert "118/2025" in RULES[1].legal_basis


@given(received=st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2026, 11, 30),
                             timezones=st.sampled_from([LOCAL_TZ, timezone.utc, timezone(timedelta(hours=-5))])),
       days=st.integers(min_value=0, max_value=40))
def test_due_is_a_working_day_in_office_hours_and_grows_with_the_days(received, days):
    due, later = due_at(received, days), due_at(received, days + 1)
    assert is_working_day(due.date()) and is_working_day(later.date())
    assert (7, 30) <= (due.hour, due.minute) and due.timetz().replace(tzinfo=None) <= rule_for(due.date()).office_close
    assert received <= due < later
