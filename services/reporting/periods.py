"""Periods are calendar months in local time (Asia/Ho_Chi_Minh)."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def bounds(period: str) -> tuple[datetime, datetime]:
    """[start, end) of the month in UTC."""
    match = PERIOD.match(period)
    if not match:
        raise ValueError(f"{period!r} is not a period YYYY-MM")
    year, month = int(match.group(1)), int(match.group(2))
    start = datetime(year, month, 1, tzinfo=LOCAL_TZ)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=LOCAL_TZ)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def previous(period: str) -> str:
    year, month = map(int, period.split("-"))
    return f"{year - (month == 1)}-{12 if month == 1 else month - 1:02d}"
