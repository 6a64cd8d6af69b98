"""Period slices: a month's report reads the month, not the history (docs/history.md).

dossier_facts is ordered by dossier, so the dossiers of one month, and the few left open for years,
are spread over the whole table. At each month's start the slice of that month is built: a copy of
the facts of every dossier that can still count in a period from then on (schema/015). A read of a
period starting in that month takes its facts from three places, and finds every fact of every
dossier it can count, whatever arrived since:

- the slice: every fact that had arrived when it was built;
- fact_arrivals: every fact that arrived from `cut` (MARGIN before the build) on;
- dossier_facts, for the few dossiers the slice left out (closed before its start, as then known)
  that have a fact since and had facts before `cut`: a receipt corrected into a later month.

A fact in two of them is one fact: copies collapse to the first recording of each event, as FINAL
does on dossier_facts. The fold over them (reporting.queries) is the same, so are the rules.

A slice built at T answers a read "as of" A only when A is at or after T and every fact it copied was
recorded by A; else the read goes to dossier_facts as before, slower but the same figures.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from motcua.tables import (
    DOSSIER_FACTS,
    DOSSIER_FIRST_SEEN,
    DOSSIER_PERIODS,
    DOSSIER_SLICE_BUILDS,
    DOSSIER_SLICES,
    FACT_ARRIVALS,
)
from reporting.periods import bounds, containing
from reporting.reader import Reader

# An insert's rows take their arrival time (now64() in the view, on the shard) when ClickHouse writes
# them and are seen when the block is committed, milliseconds later; clocks of a cluster's nodes may
# differ by seconds. What arrived within MARGIN before a build is read from fact_arrivals too (twice
# is once, see above): a minute covers both, and keeps what a fresh slice reads again small.
MARGIN = timedelta(minutes=1)
# A slice with more arrived since its cut than OUTGROWN times what it holds (and than OUTGROWN_MIN_FACTS)
# is not read: folding every later fact costs more than the fold over dossier_facts it replaces. That
# is a month's slice long after the month: its report a year later would read a year of arrivals. The
# scheduler rebuilds the running month's slice long before (slice_build.MIN_REBUILD_FACTS).
OUTGROWN, OUTGROWN_MIN_FACTS = 4, 400_000
FACT_COLUMNS = ("dossier_id", "event_id", "recorded_at", "department", "field", "procedure_code", "channel",
                "received_at", "due_at", "resolved_at", "outcome", "withdrawn_at", "digitized_at",
                "supplement_requested_at", "supplement_received_at")
CONTENT = FACT_COLUMNS[3:]
TIME = "DateTime64(3, 'UTC')"


@dataclass(frozen=True)
class Slice:
    start: datetime          # the month's start
    built_at: datetime
    recorded_max: datetime   # the latest recorded_at among the facts it copied
    months: int              # months of the series before `start` it holds (dossier_slice_flows)
    facts: int = 0           # fact rows it copied

    @property
    def cut(self) -> datetime:
        return self.built_at - MARGIN

    def params(self) -> dict[str, datetime]:
        return {"slice_start": self.start, "slice_built": self.built_at, "slice_cut": self.cut}


def month_start(moment: datetime) -> datetime:
    return bounds(containing(moment))[0]


def find(reader: Reader, start: datetime) -> Slice | None:
    """The newest complete slice of the month `start` falls in, when it can answer this reader and
    has not been outgrown by what arrived since."""
    found = newest(reader, start)
    if found is None or arrived(reader, found) > OUTGROWN * max(found.facts, OUTGROWN_MIN_FACTS):
        return None
    return found


def newest(reader: Reader, start: datetime) -> Slice | None:
    """The newest complete slice of the month `start` falls in, when it can answer this reader's as_of."""
    rows = reader.rows(f"SELECT built_at, recorded_max, months, facts FROM {reader.table(DOSSIER_SLICE_BUILDS)} "
                       f"WHERE slice_start = {{slice_start:{TIME}}} ORDER BY built_at DESC LIMIT 1",
                       slice_start=month_start(start))
    if not rows:
        return None
    built_at, recorded_max, months, facts = rows[0]
    if reader.as_of is not None and reader.as_of < max(built_at, recorded_max):
        return None
    return Slice(month_start(start), built_at, recorded_max, int(months), int(facts))


def arrived(reader: Reader, found: Slice) -> int:
    """Facts arrived since the slice's cut: a range of fact_arrivals' key, counted from its index."""
    (count,), = reader.rows(f"SELECT count() FROM {reader.table(FACT_ARRIVALS)} WHERE inserted_at > {{slice_cut:{TIME}}}",
                            **found.params())
    return int(count)


def _this_slice(reader: Reader) -> str:
    return (f"{reader.table(DOSSIER_SLICES)} WHERE slice_start = {{slice_start:{TIME}}} "
            f"AND built_at = {{slice_built:{TIME}}}")


def touched_sql(reader: Reader) -> str:
    """Dossiers with a fact that arrived since the slice's cut."""
    return f"SELECT dossier_id FROM {reader.table(FACT_ARRIVALS)} WHERE inserted_at > {{slice_cut:{TIME}}}"


def facts_sql(reader: Reader) -> str:
    """The facts of every dossier the slice's periods can count, each event once at its first
    recording, with dossier_facts' columns (parameters: Slice.params). The slice holds each event once
    (built with FINAL), so only the dossiers touched since need their copies collapsed."""
    columns = ", ".join(FACT_COLUMNS)
    touched = touched_sql(reader)
    in_slice = f"SELECT dossier_id FROM {_this_slice(reader)} AND dossier_id IN ({touched})"
    # Looked up by the touched dossiers the slice does not hold, a set usually far smaller than the
    # touched ones: dossier_first_seen is ordered by id, so its index skips what no id of the set is in.
    outside = f"SELECT dossier_id FROM ({touched}) WHERE dossier_id NOT IN ({in_slice})"
    revived = f"""
        SELECT dossier_id FROM {reader.table(DOSSIER_FIRST_SEEN)} WHERE dossier_id IN ({outside})
        GROUP BY dossier_id HAVING min(first_inserted) <= {{slice_cut:{TIME}}}"""
    renamed = ", ".join(("dossier_id", "event_id", "recorded_at AS recorded", *CONTENT))
    first = ", ".join(f"first.{n + 1} AS {name}" for n, name in enumerate(CONTENT))
    return f"""
        SELECT {columns} FROM {_this_slice(reader)} AND dossier_id NOT IN ({touched})
        UNION ALL
        SELECT dossier_id, event_id, recorded_at, {first}
        FROM (SELECT dossier_id, event_id, min(recorded) AS recorded_at, argMin(({", ".join(CONTENT)}), recorded) AS first
              FROM (SELECT {renamed} FROM {_this_slice(reader)} AND dossier_id IN ({touched})
                    UNION ALL
                    SELECT {renamed} FROM {reader.table(FACT_ARRIVALS)} WHERE inserted_at > {{slice_cut:{TIME}}}
                    UNION ALL
                    SELECT {renamed} FROM {reader.table(DOSSIER_FACTS)} WHERE dossier_id IN ({revived}))
              GROUP BY dossier_id, event_id)"""


def kept_sql(reader: Reader) -> str:
    """SQL condition on dossier_periods' aggregates: the dossier can still count in a period from
    {slice_start} on (its latest receipt, or its first closing, is not before it); see queries.candidates."""
    return f"(max(last_received) >= {{slice_start:{TIME}}} OR min(first_closing).at >= {{slice_start:{TIME}}})"


def kept_dossiers_sql(reader: Reader) -> str:
    return (f"SELECT dossier_id FROM {reader.table(DOSSIER_PERIODS)} GROUP BY dossier_id "
            f"HAVING {kept_sql(reader)}")
