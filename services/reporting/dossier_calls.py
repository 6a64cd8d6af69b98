"""Replies about one dossier (its timeline) and about lists of dossiers, each built in a worker
thread from one Reader."""
from __future__ import annotations

from datetime import datetime

from motcua.catalog import Catalog
from motcua.dossier import stand
from motcua.v1 import reporting_pb2 as rpb
from reporting import archive, choices, compute, lists, messages, queries
from reporting.arguments import Problems, as_of
from reporting.reader import Reader

MAX_NEARLY_DUE_HOURS = 24 * 366


def timeline(reader: Reader, catalog: Catalog, dossier_id: str, now: datetime) -> rpb.DossierTimeline | None:
    """Every event of the dossier, and where it stands now (or at as_of); None when nothing is known."""
    events, dossier = archive.timeline(reader, dossier_id), queries.dossier(reader, dossier_id)
    if not events and dossier is None:
        return None
    reply = rpb.DossierTimeline(dossier_id=dossier_id, events=[rpb.TimelineEvent(
        event_id=e["event_id"], type=e["type"], occurred_at=messages.ts(e["occurred_at"]),
        recorded_at=messages.ts(e["recorded_at"]), source=e["source"], department=e["department"],
        payload_json=e["payload"], occurred_at_local=messages.local(e["occurred_at"]),
        recorded_at_local=messages.local(e["recorded_at"])) for e in events])
    at = compute.moment(reader, now)
    standing = stand(dossier, dossier.received_at, at) if dossier is not None else None
    if standing is not None:
        reply.summary.CopyFrom(messages.dossier_summary(standing, catalog, at))
    return reply


def list_query(request: rpb.ListDossiersRequest, now: datetime) -> tuple[lists.Query, int, Problems]:
    """The query a ListDossiers request asks, its page size, and what is wrong with it. Without a period,
    the open states (overdue, nearly due, in progress) are listed as they stand now (or at as_of)."""
    problems = Problems()
    status = choices.selection(request, problems)
    known = as_of(request)
    period = choices.list_period(request, status, min(now, known) if known else now, problems)
    size = request.page_size or lists.DEFAULT_PAGE_SIZE
    hours = request.nearly_due_hours or lists.DEFAULT_NEARLY_DUE_HOURS
    problems.number("page_size", size, 1, lists.MAX_PAGE_SIZE)
    problems.number("nearly_due_hours", hours, 1, MAX_NEARLY_DUE_HOURS)
    query = lists.Query(period, status, request.department, request.field, hours,
                        known.isoformat() if known else "")
    if request.page_token and not problems:
        try:
            lists.decode(request.page_token, query)
        except lists.BadPageToken as exc:
            problems.append(("page_token", str(exc)))
    return query, size, problems


def dossier_page(reader: Reader, catalog: Catalog, query: lists.Query, size: int, token: str,
                 now: datetime) -> rpb.ListDossiersResponse:
    chosen, at = lists.select(reader, query, compute.moment(reader, now))
    page = lists.page(chosen, at, query, size, token)
    return rpb.ListDossiersResponse(
        dossiers=[messages.dossier_summary(s, catalog, page.at) for s in page.items],
        next_page_token=page.next_token, total_size=page.total, at=messages.ts(page.at),
        at_local=messages.local(page.at), period=query.period)
