"""A month's standings counted together: what the report and GetMonthlyStatistics need of each standing
is a handful of labels (department, field, procedure, channel, new or carried over, how it closed or
stands), so dossiers alike are one Tally with their number.

Building a Python object per dossier was most of a report's cost, and it grew with the month's
carry-over (a month of 100,000 new dossiers counts 150,000 once earlier months exist). So ClickHouse
groups the many dossiers whose standing needs no pause arithmetic, by motcua.dossier.stand's rules
written in SQL; the rest come one row each and are stood by motcua.dossier itself:

- a dossier with a pause (its due time moves; it may be waiting for the citizen),
- one without a due time (stand decides what that means, not a second copy of the rules),
- one the series must take again (touched since the slice, reaching into earlier months: series).

`of_standings` is the same grouping from standings, pure: the property tests hold the two equal."""
from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from datetime import datetime
from typing import NamedTuple

from motcua.deadlines import LOCAL_TZ, OpenClass, ResolvedClass
from motcua.dossier import Dossier, Standing, is_nearly_due, stand
from reporting import activity, queries, slices
from reporting.reader import Reader


class Tally(NamedTuple):
    department: str
    field: str
    procedure_code: str
    channel: str
    new: bool                          # received in the period (else carried over)
    resolved: ResolvedClass | None     # closed in the period, and how
    open: OpenClass | None             # still open at the cut-off, and how
    waiting: bool                      # waiting for the citizen's supplement at the cut-off
    paid: bool                         # paid through the national portal in the period (the 766 estimate)
    nearly_due: bool                   # the live figures': is_nearly_due by the `soon` asked (else False)
    received_since: bool               # the live figures': new and received at or after `since` (else False)
    dossiers: int


def _key(standing: Standing, paid: Collection[str], soon: datetime | None, since: datetime | None) -> tuple:
    d = standing.dossier
    return (d.department, d.field, d.procedure_code, d.channel, standing.new, standing.resolved, standing.open,
            standing.waiting, d.dossier_id in paid, soon is not None and is_nearly_due(standing, soon),
            since is not None and standing.new and d.received_at >= since)


def of_standings(stood: Iterable[Standing], paid: Collection[str] = frozenset(), *, soon: datetime | None = None,
                 since: datetime | None = None) -> list[Tally]:
    """The standings grouped; `paid`, the ids of the dossiers paid through the national portal; `soon`
    and `since`, the live figures' marks (Tally)."""
    alike = Counter(_key(standing, paid, soon, since) for standing in stood)
    return [Tally(*key, dossiers) for key, dossiers in alike.items()]


def merged(tallies: Iterable[Tally]) -> Counter:
    """Labels -> dossiers: tallies compared whatever their order or split."""
    found: Counter = Counter()
    for tally in tallies:
        found[tally._replace(dossiers=0)] += tally.dossiers
    return +found


T = "DateTime64(3, 'UTC')"


def tallies_sql(state: str, paid: str, touched: str | None, soon: bool = False, since: bool = False) -> str:
    """Over `state` (one row per dossier, queries.dossier_state_sql): one row per group of dossiers alike
    (id '') and one per dossier that Python must stand itself, with its moments. `touched`, SQL of the
    dossier ids the series takes again, or None. Parameters: start, cutoff, end (= cutoff, for `paid`),
    and soon and since when asked."""
    tz = f"'{LOCAL_TZ.key}'"
    again = (f"dossier_id IN ({touched}) AND (received_at < {{slice_start:{T}}} OR closed_at < {{slice_start:{T}}})"
             if touched else "0")
    # Computed for the single rows too, where Python's answer replaces it.
    nearly_due = f"open_class = 'within_deadline' AND due_at <= {{soon:{T}}}" if soon else "0"
    received_since = f"new AND received_at >= {{since:{T}}}" if since else "0"
    return f"""
        SELECT if(single, dossier_id, '') AS id, toLowCardinality(department), toLowCardinality(field),
               toLowCardinality(procedure_code), toLowCardinality(channel), new, resolved_class, open_class, paid,
               nearly_due, received_since,
               count(), any(received_at), any(due_at), any(resolved_at), any(withdrawn_at), any(pauses_from_ms),
               any(pauses_to_ms), any(again)
        FROM (SELECT dossier_id, department, field, procedure_code, channel, received_at, due_at, resolved_at,
                     withdrawn_at, {queries.closed_sql()} AS closed_at, {again} AS again,
                     notEmpty(pauses_from) OR due_at IS NULL OR again AS single,
                     received_at >= {{start:{T}}} AS new,
                     closed_at IS NOT NULL AND closed_at < {{cutoff:{T}}} AS closed_in,
                     if(single OR NOT closed_in, '',
                        multiIf(closed_at > due_at, 'overdue',
                                toDate(closed_at, {tz}) < toDate(due_at, {tz}), 'early', 'on_time')) AS resolved_class,
                     if(single OR closed_in, '',
                        if(due_at < {{cutoff:{T}}}, 'overdue', 'within_deadline')) AS open_class,
                     dossier_id GLOBAL IN (SELECT dossier_id FROM ({paid})) AS paid,
                     {nearly_due} AS nearly_due, {received_since} AS received_since,
                     {queries.pause_times_sql('pauses_from')} AS pauses_from_ms,
                     {queries.pause_times_sql('pauses_to')} AS pauses_to_ms
              FROM ({state})
              WHERE received_at IS NOT NULL AND received_at < {{cutoff:{T}}}
                AND (closed_at IS NULL OR closed_at >= {{start:{T}}} OR again))
        GROUP BY id, department, field, procedure_code, channel, new, resolved_class, open_class, paid, nearly_due,
                 received_since"""


def fold(reader: Reader, start: datetime, cutoff: datetime, found: slices.Slice | None | str = queries.LOOK_UP,
         touched: list[Dossier] | None = None, *, soon: datetime | None = None,
         since: datetime | None = None) -> list[Tally]:
    """The tallies of the period [start, cutoff), read now. Given `touched` and read from a slice, it
    also collects there the dossiers the series takes again (series._from_slice). `soon` and `since`
    mark the nearly due and the recently received (the live figures)."""
    state, params, found = queries.period_state_sql(reader, start, found=found)
    collect = touched is not None and found is not None
    sql = tallies_sql(state, activity.national_payments_sql(reader), slices.touched_sql(reader) if collect else None,
                      soon=soon is not None, since=since is not None)
    marks = {name: moment for name, moment in (("soon", soon), ("since", since)) if moment is not None}
    alike: Counter = Counter()
    for row in reader.rows(sql, start=start, cutoff=cutoff, end=cutoff, **marks, **params):
        if not row[0]:
            alike[(*row[1:5], bool(row[5]), row[6] or None, row[7] or None, False, *map(bool, row[8:11]))] += row[11]
            continue
        dossier = queries.as_dossier((*row[:5], *row[12:18]))
        if collect and row[18]:
            touched.append(dossier)
        standing = stand(dossier, start, cutoff)
        if standing is not None:
            alike[_key(standing, (dossier.dossier_id,) if row[8] else (), soon, since)] += 1
    return [Tally(*key, dossiers) for key, dossiers in alike.items()]
