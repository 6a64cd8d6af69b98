"""Lists of dossiers a supervisor acts on: overdue, nearly due, in progress, resolved late; filtered
and cut into pages with an opaque cursor (the last dossier's due time and id)."""
from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from motcua.dossier import Standing, is_nearly_due, standings
from reporting import queries
from reporting.bulk import collector_paused
from reporting.periods import bounds
from reporting.reader import Reader

STATUSES = ("overdue", "nearly_due", "in_progress", "resolved_overdue")
DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 100, 1000
DEFAULT_NEARLY_DUE_HOURS = 48


class BadPageToken(ValueError):
    pass


@dataclass(frozen=True)
class Query:
    period: str
    status: str
    department: str = ""
    field: str = ""
    nearly_due_hours: int = DEFAULT_NEARLY_DUE_HOURS
    as_of: str = ""

    def fingerprint(self) -> str:
        """A token is only good for the query that issued it."""
        return hashlib.sha256(repr(self).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Page:
    items: list[Standing]
    next_token: str
    total: int
    at: datetime


def sort_key(standing: Standing) -> tuple[float, str]:
    return standing.effective_due.timestamp(), standing.dossier.dossier_id


def select(reader: Reader, query: Query, now: datetime) -> tuple[list[Standing], datetime]:
    """The dossiers the query asks for, by effective due time, and the moment their status refers to."""
    start, end = bounds(query.period)
    at = min(end, now)
    filters = {"department": query.department, "field": query.field}
    since = start if query.status == "resolved_overdue" else at  # else the dossiers open at `at`, classified then
    with collector_paused():
        stood = standings(queries.dossiers_of_period(reader, since, at, **filters), since, at)
    if query.status == "resolved_overdue":
        chosen = [s for s in stood if s.resolved == "overdue"]
    else:
        soon = at + timedelta(hours=query.nearly_due_hours)
        chosen = [s for s in stood if query.status == "in_progress"
                  or (query.status == "overdue" and s.open == "overdue")
                  or (query.status == "nearly_due" and is_nearly_due(s, soon))]
    return sorted(chosen, key=sort_key), at


def page(chosen: list[Standing], at: datetime, query: Query, size: int, token: str) -> Page:
    after = decode(token, query) if token else None
    rest = [s for s in chosen if after is None or sort_key(s) > after]
    items = rest[:size]
    more = len(rest) > size
    return Page(items, encode(sort_key(items[-1]), query) if more else "", len(chosen), at)


def encode(after: tuple[float, str], query: Query) -> str:
    raw = json.dumps({"after": list(after), "q": query.fingerprint()}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token: str, query: Query) -> tuple[float, str]:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        after, fingerprint = data["after"], data["q"]
        if not (isinstance(after, list) and len(after) == 2 and isinstance(after[0], (int, float))
                and isinstance(after[1], str)):
            raise ValueError
    except (ValueError, KeyError, TypeError):
        raise BadPageToken("is not a token this API issued") from None
    if fingerprint != query.fingerprint():
        raise BadPageToken("belongs to a different query (period, status, filters or as_of changed)")
    return float(after[0]), after[1]
