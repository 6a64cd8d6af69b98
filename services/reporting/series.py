"""The month-by-month series of the report (new, new online, closed, closed late per month and
department) in one light pass over the window's dossiers: only what a flow needs is folded (the
latest receipt's department, channel, received and due time; the first closing; whether a pause was
asked), by motcua.dossier's rules as reporting.queries states them. A dossier closed after its due
time with no pause is late by the deadline rules alone (pauses only push a due time back); only the
few paused ones are read in full and classified by motcua.deadlines.

When the report's month has a slice (reporting.slices), the months before it come from the slice's
stored contributions instead, each dossier's taken again from its facts if one arrived since, and
the month itself from its own dossiers: the cost follows the month, not the window. Both ways
apply flows_of's rules; tests hold them equal."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from motcua.deadlines import classify_resolved, effective_due
from motcua.dossier import Dossier
from motcua.tables import DOSSIER_FACTS, DOSSIER_SLICE_FLOWS
from reporting import queries, slices
from reporting.periods import bounds, containing, shift
from reporting.reader import Reader
from reporting.tallies import Tally

SERIES_MONTHS = 6  # the report's month and the five before it


def flows_of(dossier: Dossier) -> list[tuple[str, str, bool]]:
    """(kind, month, late) of where a dossier counts in the series: new in the month of its receipt;
    closed in the month of its first closing (resolution or withdrawal, taken at the receipt when
    dated before it), late when after its due time pushed back by its pauses."""
    flows = [("new", containing(dossier.received_at), False)]
    closed = dossier.closed_at
    if closed is not None:
        late = dossier.due_at is not None and classify_resolved(
            closed, effective_due(dossier.due_at, dossier.pauses, as_of=closed)) == "overdue"
        flows.append(("closed", containing(closed), late))
    return flows


def _closing(received: str) -> str:
    """The first of the earliest resolution and withdrawal, taken at the receipt when dated before it."""
    first = queries.closed_sql("resolved", "withdrawn")
    return f"if({first} < {received}, {received}, {first})"


def flows_sql(reader: Reader) -> str:
    known = f"WHERE {reader.known()} AND {queries.candidates(reader.database, reader.as_of, cutoff='end')}"
    return f"""
        SELECT formatDateTime(moment, '%Y-%m', 'Asia/Ho_Chi_Minh') AS month, department,
               countIf(kind = 'new') AS new, countIf(kind = 'new' AND channel = 'online') AS new_online,
               countIf(kind = 'closed') AS closed, countIf(kind = 'closed' AND is_late AND NOT paused) AS closed_late
        FROM (SELECT dossier_id, receipt.1 AS department, receipt.2 AS channel, receipt.3 AS received_at,
                     {_closing('received_at')} AS closed_at, ifNull(closed_at > receipt.4, 0) AS is_late, paused,
                     arrayJoin([('new', received_at), ('closed', closed_at)]) AS dated, dated.1 AS kind,
                     dated.2 AS moment
              FROM (SELECT dossier_id,
                           argMaxIf((toString(department), toString(channel), received_at, due_at),
                                    (recorded_at, event_id), received_at IS NOT NULL) AS receipt,
                           min(resolved_at) AS resolved, min(withdrawn_at) AS withdrawn,
                           countIf(supplement_requested_at IS NOT NULL) > 0 AS paused
                    FROM {reader.table(DOSSIER_FACTS)} FINAL {known} GROUP BY dossier_id)
              WHERE receipt.3 IS NOT NULL)
        WHERE moment >= {{start:DateTime64(3, 'UTC')}} AND moment < {{end:DateTime64(3, 'UTC')}}
        GROUP BY month, department ORDER BY month, department"""


def paused_closed_after_due(reader: Reader, start: datetime, end: datetime) -> list:
    """Dossiers with a pause closed in [start, end) after their nominal due time, in full: the pauses
    decide whether they were late."""
    paused = f"dossier_id IN (SELECT dossier_id FROM {reader.table(DOSSIER_FACTS)} WHERE supplement_requested_at IS NOT NULL)"
    narrowed = f"{queries.candidates(reader.database, reader.as_of, cutoff='end')} AND {paused}"
    sql = f"""
        SELECT {queries.STATE_COLUMNS} FROM (
            SELECT *, {queries.closed_sql()} AS closed_at
            FROM ({queries.dossier_state_sql(reader.database, reader.as_of, narrowed)}))
        WHERE received_at IS NOT NULL AND notEmpty(pauses_from) AND closed_at > due_at
          AND closed_at >= {{start:DateTime64(3, 'UTC')}} AND closed_at < {{end:DateTime64(3, 'UTC')}}"""
    return [queries.as_dossier(row) for row in reader.rows(sql, start=start, end=end)]


def load_history(reader: Reader, periods: list[str], cutoff: datetime,
                 period_tallies: list[Tally] | None = None, *, found: slices.Slice | None | str = queries.LOOK_UP,
                 touched: list[Dossier] | None = None) -> dict[str, dict]:
    """period -> department -> Flow, for `periods` (consecutive months) up to `cutoff`.
    `period_tallies`, the last month's when the caller has them, let a slice answer; `found`, the
    slice they were read from, and `touched`, the dossiers that read collected (reporting.tallies.fold)."""
    if period_tallies is not None:
        if found == queries.LOOK_UP:
            found = slices.find(reader, bounds(periods[-1])[0])
        if found is not None and found.months >= len(periods) - 1 and periods[0] == shift(periods[-1], 1 - len(periods)):
            return _from_slice(reader, found, periods, period_tallies, touched)
    return _from_facts(reader, periods, cutoff)


def _from_slice(reader: Reader, found: slices.Slice, periods: list[str], period_tallies: list[Tally],
                touched: list[Dossier] | None) -> dict[str, dict]:
    """The months before the last from the slice (a touched dossier from its facts); the last month
    from its tallies, which say the same by the same rules (new; closed in the month, and how)."""
    from reporting.facts import Flow

    history: dict[str, dict[str, Flow]] = {p: defaultdict(Flow) for p in periods}
    before, month = set(periods[:-1]), periods[-1]

    def add(department: str, kind: str, period: str, online: bool, late: bool, count: int = 1) -> None:
        flow = history[period][department]
        if kind == "new":
            flow.new, flow.online = flow.new + count, flow.online + count * online
        else:
            flow.resolved, flow.overdue = flow.resolved + count, flow.overdue + count * late

    # The stored totals, less the stored places of the dossiers touched since (taken again below).
    stored = f"""
        SELECT month, department, channel, kind, late, sumIf(dossiers, dossier_id = '') - countIf(dossier_id != '')
        FROM {reader.table(DOSSIER_SLICE_FLOWS)}
        WHERE slice_start = {{slice_start:DateTime64(3, 'UTC')}} AND built_at = {{slice_built:DateTime64(3, 'UTC')}}
          AND (dossier_id = '' OR dossier_id IN ({slices.touched_sql(reader)}))
        GROUP BY month, department, channel, kind, late"""
    for period, department, channel, kind, late, count in reader.rows(stored, **found.params()):
        if period in before and count:  # every place of the group touched: nothing is left of it here
            add(department, kind, period, channel == "online", bool(late), int(count))
    # A touched dossier received and closed (if at all) in the last month counts there only: its
    # tally says how. The others are taken again from their facts.
    if touched is None:
        sql = f"""
            SELECT {queries.STATE_COLUMNS} FROM ({queries.dossier_state_sql(reader.database, reader.as_of,
                                                                            source=f"({slices.facts_sql(reader)})")})
            WHERE received_at IS NOT NULL AND dossier_id IN ({slices.touched_sql(reader)})
              AND (received_at < {{slice_start:DateTime64(3, 'UTC')}} OR resolved_at < {{slice_start:DateTime64(3, 'UTC')}}
                   OR withdrawn_at < {{slice_start:DateTime64(3, 'UTC')}})"""
        touched = [queries.as_dossier(row) for row in reader.rows(sql, **found.params())]
    for dossier in touched:
        closed = dossier.closed_at
        if dossier.received_at >= found.start and (closed is None or closed >= found.start):
            continue
        for kind, period, late in flows_of(dossier):
            if period in before:
                add(dossier.department, kind, period, dossier.channel == "online", late)
    for t in period_tallies:
        if t.new:
            add(t.department, "new", month, t.channel == "online", False, t.dossiers)
        if t.resolved is not None:
            add(t.department, "closed", month, False, t.resolved == "overdue", t.dossiers)
    return {p: dict(flows) for p, flows in history.items()}


def _from_facts(reader: Reader, periods: list[str], cutoff: datetime) -> dict[str, dict]:
    from reporting.facts import Flow

    start, end = bounds(periods[0])[0], min(bounds(periods[-1])[1], cutoff)
    history: dict[str, dict[str, Flow]] = {p: defaultdict(Flow) for p in periods}
    for month, department, new, online, closed, late in reader.rows(flows_sql(reader), start=start, end=end):
        flow = history[month][department]
        flow.new, flow.online, flow.resolved, flow.overdue = int(new), int(online), int(closed), int(late)
    for dossier in paused_closed_after_due(reader, start, end):
        closed = dossier.closed_at
        if classify_resolved(closed, effective_due(dossier.due_at, dossier.pauses, as_of=closed)) == "overdue":
            history[containing(closed)][dossier.department].overdue += 1
    return {p: dict(flows) for p, flows in history.items()}
