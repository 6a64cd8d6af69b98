"""Everything a month's report is computed from, read from ClickHouse in one go. Building the model
from these facts is pure (reporting.model), so it is tested without a database."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from motcua.dossier import Dossier
from reporting import activity, queries, series, slices, tallies
from reporting.bulk import collector_paused
from reporting.cache import TalliesCache
from reporting.periods import bounds, previous, recent
from reporting.reader import Reader
from reporting.tallies import Tally

HISTORY_MONTHS = series.SERIES_MONTHS


@dataclass
class Flow:
    """One department's month: new, new online, closed, closed late."""
    new: int = 0
    online: int = 0
    resolved: int = 0
    overdue: int = 0


@dataclass
class MonthFacts:
    period: str
    start: datetime
    end: datetime
    cutoff: datetime                     # the period's end, or "now" while the month is running
    tallies: list[Tally]                 # the month's standings, alike ones counted together
    payments: list[tuple[str, str, int]] = field(default_factory=list)  # (department, dossier, amount)
    previous_payment_dossiers: int = 0
    ratings: list[tuple[str, str, int]] = field(default_factory=list)   # (department, rating, surveys)
    feedback_received: int = 0
    feedback_resolved: int = 0
    accounts_assisted: int = 0
    decisions: list[dict[str, Any]] = field(default_factory=list)
    index766: dict[str, Any] | None = None
    history: dict[str, dict[str, Flow]] = field(default_factory=dict)   # period -> department -> flow


def cut(period: str, now: datetime | None) -> tuple[datetime, datetime, datetime]:
    """(start, end, cutoff): a running month is counted up to `now`."""
    start, end = bounds(period)
    return start, end, min(end, now) if now is not None and now > start else end


def fold_tallies(reader: Reader, start: datetime, cutoff: datetime, found: slices.Slice | None | str = queries.LOOK_UP,
                 touched: list[Dossier] | None = None, **marks: datetime) -> list[Tally]:
    with collector_paused():
        return tallies.fold(reader, start, cutoff, found=found, touched=touched, **marks)


def load_tallies(reader: Reader, period: str, now: datetime | None = None, cache: TalliesCache | None = None
                 ) -> tuple[datetime, datetime, datetime, list[Tally]]:
    """The period's standings counted together (reporting.tallies): all the official table needs."""
    start, end, cutoff = cut(period, now)

    def load() -> list[Tally]:
        return fold_tallies(reader, start, cutoff)

    return start, end, cutoff, (cache.get(reader, period, cutoff >= end, load) if cache else load())


def load_month(reader: Reader, period: str, *, now: datetime | None = None, history_months: int = HISTORY_MONTHS,
               cache: TalliesCache | None = None) -> MonthFacts:
    """The dossiers are read and classified while the smaller queries run alongside (they mostly
    wait on ClickHouse, so threads overlap them well)."""
    start, end, cutoff = cut(period, now)
    previous_start, previous_end = bounds(previous(period))
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="report") as pool:
        jobs = {
            "payments": pool.submit(activity.national_payments, reader, start, cutoff),
            "previous_payment_dossiers": pool.submit(activity.national_payment_dossiers, reader,
                                                     previous_start, previous_end),
            "ratings": pool.submit(activity.survey_ratings, reader, start, cutoff),
            "feedback": pool.submit(activity.feedback_counts, reader, start, cutoff),
            "accounts_assisted": pool.submit(activity.accounts_assisted, reader, start, cutoff),
            "decisions": pool.submit(activity.catalog_decisions, reader, start, cutoff),
            "index766": pool.submit(activity.index766, reader, period),
        }
        # One slice for both the standings and the series: what "touched since" means is its own.
        found = slices.find(reader, start)
        touched: list[Dossier] = []
        read: list[Tally] = []  # the tallies as read now, not from the cache

        def fold() -> list[Tally]:
            read.extend(fold_tallies(reader, start, cutoff, found, touched))
            return read

        counted = cache.get(reader, period, cutoff >= end, fold) if cache else fold()
        facts = MonthFacts(period, start, end, cutoff, counted)
        # The series after the tallies: with a slice, the month's own flows come from them.
        facts.history = series.load_history(reader, recent(period, history_months), cutoff, counted, found=found,
                                            touched=touched if read else None)
        feedback = jobs.pop("feedback")  # one query, two figures
        for name, job in jobs.items():
            setattr(facts, name, job.result())
        facts.feedback_received, facts.feedback_resolved = feedback.result()
    return facts
