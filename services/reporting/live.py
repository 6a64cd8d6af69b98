"""Today's and this month's figures per department, for the live page, the gauges and the
WatchLiveMetrics stream; counted with the same tallies as the monthly report (reporting.tallies)."""
from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from typing import Any

from motcua.catalog import Catalog
from motcua.deadlines import LOCAL_TZ
from motcua.dossier import Counts
from reporting import activity
from reporting.facts import cut, fold_tallies
from reporting.lists import DEFAULT_NEARLY_DUE_HOURS
from reporting.model import local_iso
from reporting.periods import containing
from reporting.reader import Reader
from reporting.render.vn_format import vn_datetime, vn_int, vn_month
from reporting.statistics import tabulate, totals

CHANNELS = ("online", "direct", "postal")
LAG_WARNING_RECORDS = 100  # fewer records behind is one batch in flight, not a projector in trouble
log = logging.getLogger("motcua.reporting.live")


@dataclass
class LiveFigures:
    at: datetime
    period: str
    month: Counts
    departments: dict[str, Counts]                    # code -> the month's 13 columns so far
    received_today: Counter = field(default_factory=Counter)           # by channel
    received_today_by_department: Counter = field(default_factory=Counter)
    nearly_due_by_department: Counter = field(default_factory=Counter)  # due within NEARLY_DUE_HOURS
    ratings: Counter = field(default_factory=Counter)                  # the month's surveys by rating
    online_payment_dossiers: int = 0
    newest_event_at: datetime | None = None  # recorded time of the newest event folded into the read models
    projector_lag: int | None = None         # records in Kafka not yet folded; None when not asked or unknown

    def warnings(self, stale_seconds: int) -> list[str]:
        """What an operator must know before trusting the figures: the projector behind, or no new event."""
        found = []
        if self.projector_lag is not None and self.projector_lag >= LAG_WARNING_RECORDS:
            found.append(f"Bộ tổng hợp dữ liệu (projector) đang chậm: còn {vn_int(self.projector_lag)} sự kiện chưa "
                         "được tổng hợp, số liệu dưới đây chưa đầy đủ.")
        if self.newest_event_at is None:
            found.append("Chưa có sự kiện nào được tổng hợp.")
        elif (self.at - self.newest_event_at).total_seconds() > stale_seconds:
            minutes = int((self.at - self.newest_event_at).total_seconds() // 60)
            found.append(f"Sự kiện mới nhất được tổng hợp lúc {vn_datetime(self.newest_event_at)}, cách đây {minutes} "
                         "phút: nếu đang trong giờ làm việc, cần kiểm tra bộ tổng hợp dữ liệu (projector).")
        return found

    def as_json(self, catalog: Catalog, stale_seconds: int = 900) -> dict[str, Any]:
        month = self.month
        return {
            "at": local_iso(self.at), "period": self.period, "period_label": f"tháng {vn_month(self.period)}",
            "newest_event_at": local_iso(self.newest_event_at), "projector_lag": self.projector_lag,
            "stale_after_seconds": stale_seconds, "warnings": self.warnings(stale_seconds),
            "today": {"received": sum(self.received_today.values()),
                      "by_channel": {c: self.received_today[c] for c in CHANNELS}},
            "month": {"total": month.received_total, "new": month.online + month.direct_or_postal,
                      "new_online": month.online, "resolved": month.resolved_total, "resolved_overdue": month.overdue,
                      "in_progress": month.in_progress_total, "in_progress_overdue": month.in_progress_overdue,
                      "surveys": sum(self.ratings.values()), "online_payment_dossiers": self.online_payment_dossiers},
            "departments": [{"department": code, "name": catalog.department_name(code),
                             "received_today": self.received_today_by_department[code],
                             "new": c.online + c.direct_or_postal, "resolved": c.resolved_total,
                             "resolved_overdue": c.overdue, "in_progress": c.in_progress_total,
                             "in_progress_overdue": c.in_progress_overdue} for code, c in self.departments.items()],
        }


def live_figures(reader: Reader, catalog: Catalog, now: datetime, period: str = "") -> LiveFigures:
    period = period or containing(now)
    start, _, cutoff = cut(period, now)
    today = datetime.combine(now.astimezone(LOCAL_TZ).date(), time(0), LOCAL_TZ)
    soon = now + timedelta(hours=DEFAULT_NEARLY_DUE_HOURS)
    counted = fold_tallies(reader, start, cutoff, soon=soon, since=today)
    rows = tabulate(counted, catalog, "department")
    figures = LiveFigures(now, period, totals(rows), {row.department: row.counts for row in rows})
    for t in counted:
        if t.nearly_due:
            figures.nearly_due_by_department[t.department] += t.dossiers
        if t.received_since:
            figures.received_today[t.channel] += t.dossiers
            figures.received_today_by_department[t.department] += t.dossiers
    for _, rating, count in activity.survey_ratings(reader, start, cutoff):
        figures.ratings[rating] += count
    figures.online_payment_dossiers = activity.national_payment_dossiers(reader, start, cutoff)
    figures.newest_event_at = newest_event(reader)
    return figures


def newest_event(reader: Reader) -> datetime | None:
    """When the newest event the projector has folded was recorded (None: the archive is empty)."""
    rows = reader.rows(f"SELECT count(), max(recorded_at) FROM {reader.database}.events WHERE {reader.known()}")
    return rows[0][1].replace(tzinfo=rows[0][1].tzinfo or timezone.utc) if rows and rows[0][0] else None


class LiveRefresher:
    """Recomputes the current month's live figures every `interval` seconds for the page and gauges."""

    def __init__(self, compute: Callable[[], LiveFigures], publish: list[Callable[[LiveFigures], None]],
                 interval: float = 15.0, lag: Callable[[], int] | None = None) -> None:
        self.compute, self.publish, self.interval, self.lag = compute, publish, interval, lag
        self.latest: LiveFigures | None = None

    async def refresh(self) -> None:
        figures = await asyncio.to_thread(self.compute)
        if self.lag is not None:
            try:
                figures.projector_lag = await asyncio.to_thread(self.lag)
            except Exception as exc:  # Kafka away: the figures still show, without the lag
                log.warning("projector lag not measured: %s", exc)
        self.latest = figures
        for callback in self.publish:
            callback(self.latest)

    async def run(self) -> None:
        while True:
            try:
                await self.refresh()
            except Exception:  # ClickHouse away for a while: keep the last figures, try again
                log.exception("live figures not refreshed")
            await asyncio.sleep(self.interval)
