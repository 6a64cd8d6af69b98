"""SQL over dossier_facts. Every query reads through a Reader, so `as_of` and the deadline apply."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from motcua.dossier import Dossier, pair_pauses
from motcua.tables import DOSSIER_FACTS, DOSSIER_PERIODS, identifier, qualified
from reporting import slices
from reporting.reader import Reader


def dossier_state_sql(database: str, as_of: datetime | None, where: str = "", source: str = "") -> str:
    """One row per dossier from its facts (see dossier_facts_sql).

    A closing, withdrawal or pause dated before the dossier's receipt is taken as happening at the
    receipt (docs/data-issues.md; motcua.dossier.state applies the same rule): here, once, so every
    figure that reads a dossier's state agrees; ListDataIssues (reporting.data_issues) names such
    dossiers with the moments as sent."""
    return f"""
        SELECT dossier_id, department, field, procedure_code, channel, received_at, due_at,
               {_at_receipt('resolved_as_sent')} AS resolved_at, outcome, {_at_receipt('withdrawn_as_sent')} AS withdrawn_at,
               {_pauses_at_receipt('requested_as_sent')} AS pauses_from, {_pauses_at_receipt('supplied_as_sent')} AS pauses_to
        FROM ({dossier_facts_sql(database, as_of, where, source)})"""


def dossier_facts_sql(database: str, as_of: datetime | None, where: str = "", source: str = "") -> str:
    """One row per dossier with its moments as sent, by motcua.dossier.state's rules: the latest
    recorded receipt wins (one argMax over the receipt's columns as a tuple, so a NULL due time is not
    skipped for an older one), the earliest result and withdrawal count, pauses are sets. FINAL keeps
    each event's first recording, as the rule says. `where` narrows the facts read before aggregation;
    `source` replaces dossier_facts FINAL by another set of its rows, each event once (reporting.slices)."""
    conditions = [c for c in ("recorded_at <= {as_of:DateTime64(3, 'UTC')}" if as_of else "", where) if c]
    known = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    return f"""
        SELECT dossier_id, receipt.1 AS department, receipt.2 AS field, receipt.3 AS procedure_code,
               receipt.4 AS channel, receipt.5 AS received_at, receipt.6 AS due_at,
               first_resolved AS resolved_as_sent, first_outcome AS outcome, first_withdrawn AS withdrawn_as_sent,
               requested_as_sent, supplied_as_sent
        FROM (SELECT dossier_id,
                     argMaxIf((toString(department), field, toString(procedure_code), toString(channel),
                               received_at, due_at), (recorded_at, event_id), received_at IS NOT NULL) AS receipt,
                     min(resolved_at) AS first_resolved,
                     argMinIf(outcome, resolved_at, resolved_at IS NOT NULL) AS first_outcome,
                     min(withdrawn_at) AS first_withdrawn,
                     arraySort(groupUniqArrayIf(supplement_requested_at, supplement_requested_at IS NOT NULL)) AS requested_as_sent,
                     arraySort(groupUniqArrayIf(supplement_received_at, supplement_received_at IS NOT NULL)) AS supplied_as_sent
              FROM {source or f"{qualified(identifier(database), DOSSIER_FACTS)} FINAL"} {known}
              GROUP BY dossier_id)"""


def candidates(database: str, as_of: datetime | None, start: str = "start", cutoff: str = "cutoff") -> str:
    """SQL condition on dossier_facts: the dossier may count in the period [{start}, {cutoff}) (the
    parameters named), found in dossier_periods without folding any fact. A superset of the dossiers
    motcua.dossier.relevant keeps, whatever the corrections and as_of: a dossier counts when its latest
    known receipt R is before the cut-off, and R or its first known closing is at or after the start
    (a closing dated before R counts at R). Every receipt of any recording lies between first_received
    and last_received, so R < cutoff implies first_received < cutoff, and R >= start implies
    last_received >= start; the dossier is left out only when its earliest closing is before the start
    and was known by as_of. Rows not merged yet each pass or fail alone: the receipt's row keeps it in."""
    since, before = f"{{{start}:DateTime64(3, 'UTC')}}", f"{{{cutoff}:DateTime64(3, 'UTC')}}"
    unknown_closing = " OR first_closing.recorded_at > {as_of:DateTime64(3, 'UTC')}" if as_of else ""
    return f"""dossier_id IN (
        SELECT dossier_id FROM {qualified(identifier(database), DOSSIER_PERIODS)}
        WHERE (first_received IS NULL OR first_received < {before})
          AND (last_received >= {since} OR first_closing.at >= {since}{unknown_closing}))"""


def _at_receipt(column: str) -> str:
    return f"if(received_at IS NOT NULL AND {column} < received_at, received_at, {column})"


def _pauses_at_receipt(column: str) -> str:
    return (f"arraySort(if(received_at IS NULL, {column}, "
            f"arrayDistinct(arrayMap(t -> greatest(t, assumeNotNull(received_at)), {column}))))")


def closed_sql(resolved: str = "resolved_at", withdrawn: str = "withdrawn_at") -> str:
    """SQL of Dossier.closed_at: the first of the resolution and the withdrawal, either may be NULL."""
    return f"if({resolved} IS NULL, {withdrawn}, if({withdrawn} IS NULL, {resolved}, least({resolved}, {withdrawn})))"


def pause_times_sql(column: str) -> str:
    """Pause times travel as "ms,ms" text (as_dossier reads them): most dossiers have none, and an
    empty string costs far less to read than an empty array (about a third of the fetch, at 100,000
    dossiers)."""
    return f"arrayStringConcat(arrayMap(t -> toString(toUnixTimestamp64Milli(t)), {column}), ',')"


STATE_COLUMNS = ("dossier_id, toLowCardinality(department), toLowCardinality(field), toLowCardinality(procedure_code), "
                 "toLowCardinality(channel), received_at, due_at, resolved_at, withdrawn_at, "
                 f"{pause_times_sql('pauses_from')}, {pause_times_sql('pauses_to')}")


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _moments(text: str) -> list[datetime]:
    return [EPOCH + timedelta(milliseconds=int(ms)) for ms in text.split(",") if ms]


def as_dossier(row: tuple, _new=tuple.__new__) -> Dossier:
    """The row's first nine columns are the Dossier's; the last two are its pauses as text."""
    pauses = pair_pauses(_moments(row[9]), _moments(row[10])) if row[9] else ()
    return _new(Dossier, (*row[:9], pauses))


LOOK_UP = "look up"  # period_state_sql's `found` when the caller has not looked for the slice itself


def period_state_sql(reader: Reader, start: datetime, cutoff: str = "cutoff", found: slices.Slice | None | str = LOOK_UP
                     ) -> tuple[str, dict, slices.Slice | None]:
    """(SQL of one row per dossier that may count in periods from `start` to the parameter `cutoff`,
    its parameters, the slice read): from the slice of `start`'s month when there is one
    (reporting.slices), else from dossier_facts narrowed by dossier_periods."""
    if found == LOOK_UP:
        found = slices.find(reader, start)
    if found is not None:
        state = dossier_state_sql(reader.database, reader.as_of, source=f"({slices.facts_sql(reader)})")
        return state, found.params(), found
    return dossier_state_sql(reader.database, reader.as_of, candidates(reader.database, reader.as_of, cutoff=cutoff)), {}, None


def dossiers_of_period(reader: Reader, start: datetime, cutoff: datetime, *, department: str = "",
                       field: str = "") -> list[Dossier]:
    """Dossiers received before the cut-off and not closed before the start: everything the
    period's table counts (the exact classes are standing.stand's), one by one (the lists; the
    report counts them together, reporting.tallies)."""
    filters = "".join(f" AND {name} = {{{name}:String}}" for name, value in
                      (("department", department), ("field", field)) if value)
    state, params, _ = period_state_sql(reader, start)
    open_at_start = """(resolved_at IS NULL OR resolved_at >= {start:DateTime64(3, 'UTC')})
          AND (withdrawn_at IS NULL OR withdrawn_at >= {start:DateTime64(3, 'UTC')})"""
    sql = f"""
        SELECT {STATE_COLUMNS} FROM ({state})
        WHERE received_at IS NOT NULL AND received_at < {{cutoff:DateTime64(3, 'UTC')}}
          AND {open_at_start}{filters}"""
    return [as_dossier(row) for row in reader.rows(sql, start=start, cutoff=cutoff, department=department,
                                                   field=field, **params)]


def dossier(reader: Reader, dossier_id: str) -> Dossier | None:
    state = dossier_state_sql(reader.database, reader.as_of, where="dossier_id = {dossier_id:String}")
    rows = reader.rows(f"SELECT {STATE_COLUMNS} FROM ({state}) WHERE received_at IS NOT NULL", dossier_id=dossier_id)
    return as_dossier(rows[0]) if rows else None


def intake_by_department_channel(reader: Reader, start: datetime, end: datetime) -> list[tuple[str, str, int]]:
    state, params, _ = period_state_sql(reader, start, cutoff="end")
    sql = f"""
        SELECT department, channel, count() AS dossiers
        FROM ({state})
        WHERE received_at >= {{start:DateTime64(3, 'UTC')}} AND received_at < {{end:DateTime64(3, 'UTC')}}
        GROUP BY department, channel ORDER BY department, channel"""
    return [tuple(row) for row in reader.rows(sql, start=start, end=end, **params)]
