"""The month-by-month series of the report (new, new online, closed, closed late per month and
department) in one light pass over the window's dossiers: only what a flow needs is folded (the
latest receipt's department, channel, received and due time; the first closing; whether a pause was
asked), by motcua.dossier's rules as reporting.queries states them. A dossier closed after its due
time with no pause is late by the deadline rules alone (pauses only push a due time back); only the
few paused ones are read in full and classified by motcua.deadlines."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from motcua.deadlines import classify_resolved, effective_due
from motcua.tables import DOSSIER_FACTS
from reporting import queries
from reporting.periods import bounds, containing
from reporting.reader import Reader


def _closing(received: str) -> str:
    """The first of the earliest resolution and withdrawal, taken at the receipt when dated before it."""
    first = "if(resolved IS NULL, withdrawn, if(withdrawn IS NULL, resolved, least(resolved, withdrawn)))"
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
            SELECT *, if(resolved_at IS NULL, withdrawn_at,
                         if(withdrawn_at IS NULL, resolved_at, least(resolved_at, withdrawn_at))) AS closed_at
            FROM ({queries.dossier_state_sql(reader.database, reader.as_of, narrowed)}))
        WHERE received_at IS NOT NULL AND notEmpty(pauses_from) AND closed_at > due_at
          AND closed_at >= {{start:DateTime64(3, 'UTC')}} AND closed_at < {{end:DateTime64(3, 'UTC')}}"""
    return [queries.as_dossier(row) for row in reader.rows(sql, start=start, end=end)]


def load_history(reader: Reader, periods: list[str], cutoff: datetime) -> dict[str, dict]:
    """period -> department -> Flow, for `periods` (consecutive months) up to `cutoff`."""
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
