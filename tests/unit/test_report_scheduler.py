"""The scheduler with an injected clock: last month's report, once, on the configured day and hour."""
from __future__ import annotations

import asyncio
from datetime import datetime

from motcua.deadlines import LOCAL_TZ
from reporting.periods import bounds, containing, previous, shift
from reporting.scheduler import ReportScheduler, Schedule, period_due


def local(day: int, hour: int, month: int = 5) -> datetime:
    return datetime(2023, month, day, hour, 30, tzinfo=LOCAL_TZ)


class MemoryStore:
    def __init__(self) -> None:
        self.saved: dict[str, tuple] = {}

    def has(self, period: str) -> bool:
        return period in self.saved

    def save(self, period, model, generated_at, trigger="scheduler") -> None:
        self.saved.setdefault(period, (model, generated_at, trigger))


def test_due_from_the_day_and_hour_on():
    schedule = Schedule(day=1, hour=6)
    assert period_due(local(1, 5), schedule) is None
    assert period_due(local(1, 6), schedule) == "2023-04"
    assert period_due(local(17, 2), schedule) == "2023-04"  # a late start still catches up
    assert period_due(local(1, 6, month=1).replace(year=2024), schedule) == "2023-12"


def test_generates_once_and_skips_when_stored():
    clock = [local(1, 5)]
    store, generated = MemoryStore(), []

    def generate(period, now):
        generated.append(period)
        return {"period": period}

    scheduler = ReportScheduler(generate, store, Schedule(day=1, hour=6), clock=lambda: clock[0])
    assert asyncio.run(scheduler.run_once()) is None
    clock[0] = local(1, 7)
    assert asyncio.run(scheduler.run_once()) == "2023-04"
    assert asyncio.run(scheduler.run_once()) is None
    assert generated == ["2023-04"] and store.saved["2023-04"][2] == "scheduler"


def test_a_failed_run_is_retried_at_the_next_check():
    calls, sleeps = [], []

    def generate(period, now):
        calls.append(period)
        if len(calls) == 1:
            raise RuntimeError("ClickHouse away")
        return {"period": period}

    async def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise asyncio.CancelledError

    store = MemoryStore()
    scheduler = ReportScheduler(generate, store, Schedule(day=1, hour=0, check_seconds=7),
                                clock=lambda: local(2, 1), sleep=sleep)
    try:
        asyncio.run(scheduler.run())
    except asyncio.CancelledError:
        pass
    assert calls == ["2023-04", "2023-04"] and "2023-04" in store.saved and sleeps == [7, 7]


def test_periods():
    start, end = bounds("2023-04")
    assert (start.isoformat(), end.isoformat()) == ("2023-03-31T17:00:00+00:00", "2023-04-30T17:00:00+00:00")
    assert previous("2023-01") == "2022-12" and shift("2023-11", 3) == "2024-02"
    assert containing(start) == "2023-04"
