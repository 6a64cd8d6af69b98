"""Periods are calendar months "YYYY-MM" in local time (Asia/Ho_Chi_Minh); deadlines.month_bounds
defines them, ClickHouse is given their bounds in UTC."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from motcua.deadlines import LOCAL_TZ, month_bounds

PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def period_error(period: str) -> str | None:
    """Why `period` is not a usable period, or None."""
    if not PERIOD.match(period or ""):
        return f"{period!r} is not a period YYYY-MM"
    if not 2000 <= int(period[:4]) <= 2099:
        return f"{period!r} is outside the years 2000-2099"
    return None


def bounds(period: str) -> tuple[datetime, datetime]:
    """[start, end) of the month, as UTC datetimes."""
    if period_error(period):
        raise ValueError(period_error(period))
    start, end = month_bounds(period)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def shift(period: str, months: int) -> str:
    year, month = int(period[:4]), int(period[5:7])
    index = year * 12 + month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def previous(period: str) -> str:
    return shift(period, -1)


def recent(period: str, count: int) -> list[str]:
    """`count` months ending with `period`, oldest first."""
    return [shift(period, offset) for offset in range(1 - count, 1)]


def containing(moment: datetime) -> str:
    """The period a moment falls in, in local time."""
    return f"{moment.astimezone(LOCAL_TZ):%Y-%m}"
