"""Plausible moments for synthetic events: office hours on working days, or any time online.

All bounds are whole seconds, so every moment drawn is too (the JSONL writes seconds).
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from functools import lru_cache

from motcua.deadlines import LOCAL_TZ, is_working_day, rule_for

ONLINE_OFF_HOURS_SHARE = 0.2  # citizens file online at night and on weekends too


def local_midnight(moment: datetime) -> datetime:
    return datetime.combine(moment.astimezone(LOCAL_TZ).date(), datetime.min.time(), LOCAL_TZ)


@lru_cache(maxsize=4096)  # receipt windows repeat for every draw of a slot
def office_segments(lo: datetime, hi: datetime) -> tuple[tuple[datetime, int], ...]:
    """The office-hour intervals of working days inside [lo, hi), as (start, length in seconds)."""
    segments = []
    day, last = lo.astimezone(LOCAL_TZ).date(), hi.astimezone(LOCAL_TZ).date()
    while day <= last:
        if is_working_day(day):
            rule = rule_for(day)
            start = max(lo, datetime.combine(day, rule.office_open, LOCAL_TZ))
            end = min(hi, datetime.combine(day, rule.office_close, LOCAL_TZ))
            if end - start >= timedelta(seconds=1):
                segments.append((start, int((end - start).total_seconds())))
        day += timedelta(days=1)
    return tuple(segments)


def office_moment(rng: random.Random, lo: datetime, hi: datetime) -> datetime | None:
    """A moment in office hours within [lo, hi), uniformly; None when there is none."""
    segments = office_segments(lo, hi)
    total = sum(length for _, length in segments)
    if total <= 0:
        return None
    offset = rng.randrange(total)
    for start, length in segments:
        if offset < length:
            return start + timedelta(seconds=offset)
        offset -= length
    raise AssertionError("offset beyond the segments")


def any_moment(rng: random.Random, lo: datetime, hi: datetime) -> datetime | None:
    seconds = int((hi - lo).total_seconds())
    if seconds <= 0:
        return None
    return lo.astimezone(LOCAL_TZ) + timedelta(seconds=rng.randrange(seconds))


def receipt_moment(rng: random.Random, channel: str, lo: datetime, hi: datetime) -> datetime | None:
    """Counters and the post office receive in office hours; the portal at any time."""
    if channel == "online" and rng.random() < ONLINE_OFF_HOURS_SHARE:
        return any_moment(rng, lo, hi)
    moment = office_moment(rng, lo, hi)
    if moment is None and channel == "online":
        return any_moment(rng, lo, hi)
    return moment

