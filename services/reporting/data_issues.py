"""ListDataIssues: dossiers whose events contradict each other, named rather than silently dropped.

Today one kind: a resolution, withdrawal or supplement dated before the dossier's receipt. The
command side refuses one when it already knows the receipt, but events arrive out of order (the
result before its receipt, or a corrected receipt moved later), so the fold keeps it and every
figure takes that moment as the receipt's (reporting.queries.dossier_state_sql). This module lists
the moments as they were sent, so the department can correct its data.
"""
from __future__ import annotations

from datetime import datetime

from motcua.deadlines import LOCAL_TZ
from motcua.v1 import reporting_pb2 as rpb
from reporting import messages
from reporting.periods import bounds
from reporting.queries import candidates, dossier_facts_sql
from reporting.reader import Reader

BEFORE_RECEIPT = "before_receipt"
# (column of dossier_facts_sql, the event field it comes from, what the event says, an array of moments?)
MOMENTS = (("resolved_as_sent", "resolved_at", "resolved", False),
           ("withdrawn_as_sent", "withdrawn_at", "withdrawn", False),
           ("requested_as_sent", "supplement_requested_at", "supplement requested", True),
           ("supplied_as_sent", "supplement_received_at", "supplement received", True))


def issues_sql(reader: Reader) -> str:
    early = " OR ".join(f"arrayExists(t -> t < received_at, {column})" if many else f"{column} < received_at"
                        for column, _, _, many in MOMENTS)
    return f"""
        SELECT dossier_id, department, received_at, {', '.join(m[0] for m in MOMENTS)}
        FROM ({dossier_facts_sql(reader.database, reader.as_of, candidates(reader.database, reader.as_of, cutoff='end'))})
        WHERE received_at >= {{start:DateTime64(3, 'UTC')}} AND received_at < {{end:DateTime64(3, 'UTC')}}
          AND ({early})
        ORDER BY dossier_id"""


def before_receipt(row: tuple) -> list[rpb.DataIssue]:
    """One issue per kind of moment dated before the receipt (the earliest such moment)."""
    dossier_id, department, received_at, *moments = row
    issues = []
    for (_, field, said, _), value in zip(MOMENTS, moments):
        early = sorted(t for t in (value if isinstance(value, list) else [value]) if t is not None and t < received_at)
        if not early:
            continue
        description = (f"dossier {dossier_id} {said} at {_local(early[0])}, before its receipt at "
                       f"{_local(received_at)}; the figures count it at the receipt")
        issues.append(rpb.DataIssue(dossier_id=dossier_id, department=department, kind=BEFORE_RECEIPT, field=field,
                                    received_at=messages.ts(received_at), at=messages.ts(early[0]),
                                    description=description))
    return issues


def list_issues(reader: Reader, period: str) -> rpb.DataIssues:
    start, end = bounds(period)
    reply = rpb.DataIssues(period=period)
    for row in reader.rows(issues_sql(reader), start=start, end=end):
        reply.issues.extend(before_receipt(row))
    return reply


def _local(moment: datetime) -> str:
    return moment.astimezone(LOCAL_TZ).isoformat(timespec="minutes")
