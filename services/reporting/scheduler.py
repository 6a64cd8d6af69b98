"""Last month's report, generated once on the configured day and hour (local time) and stored.
A run that finds the report stored does nothing, so restarts and several replicas are harmless;
a service that was down at the hour catches up at its next check that month."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from motcua.deadlines import LOCAL_TZ
from reporting.periods import containing, previous
from reporting.store import ReportStore

log = logging.getLogger("motcua.reporting.scheduler")


@dataclass(frozen=True)
class Schedule:
    day: int = 1         # 1-28: every month has it
    hour: int = 6        # local time
    check_seconds: float = 60.0


def period_due(now: datetime, schedule: Schedule) -> str | None:
    """The period whose report is due at `now`: last month, once this month's day and hour have come."""
    local = now.astimezone(LOCAL_TZ)
    if (local.day, local.hour) < (schedule.day, schedule.hour):
        return None
    return previous(containing(local))


class ReportScheduler:
    def __init__(self, generate: Callable[[str, datetime], dict[str, Any]], store: ReportStore, schedule: Schedule,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.generate, self.store, self.schedule = generate, store, schedule
        self.clock, self.sleep = clock, sleep

    async def run_once(self) -> str | None:
        """Generate and store the due report if it is not stored yet; the period stored, or None."""
        now = self.clock()
        period = period_due(now, self.schedule)
        if period is None or await asyncio.to_thread(self.store.has, period):
            return None
        model = await asyncio.to_thread(self.generate, period, now)
        await asyncio.to_thread(self.store.save, period, model, now, "scheduler")
        log.info("stored the report of %s", period)
        return period

    async def run(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:  # a failed run is retried at the next check, never kills the service
                log.exception("scheduled report generation failed; retrying in %.0fs", self.schedule.check_seconds)
            await self.sleep(self.schedule.check_seconds)
