"""Report figures to protobuf messages of motcua.v1.reporting."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from motcua.catalog import Catalog
from motcua.deadlines import LOCAL_TZ
from motcua.dossier import COLUMNS, Counts, Standing
from motcua.v1 import reporting_pb2 as rpb
from reporting.figures import decimal
from reporting.live import CHANNELS, LiveFigures
from reporting.statistics import TOTAL, Identity, Row


def utc(moment: datetime) -> datetime:
    """ClickHouse may hand back naive UTC datetimes; the API speaks of instants."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def local(moment: datetime | None) -> str:
    """The instant in the Center's time with its offset: 2023-04-03T08:30:00+07:00."""
    return "" if moment is None else utc(moment).astimezone(LOCAL_TZ).isoformat(timespec="seconds")


def ts(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def counts_row(counts: Counts, **labels: Any) -> rpb.StatisticsRow:
    return rpb.StatisticsRow(**labels, **{column: getattr(counts, column) for column in COLUMNS})


def statistics_rows(rows: list[Row], catalog: Catalog) -> list[rpb.StatisticsRow]:
    return [counts_row(row.counts, number=number, department=row.department,
                       department_name=catalog.department_name(row.department), field=row.field or "")
            for number, row in enumerate(rows, start=1)]


def totals_row(counts: Counts) -> rpb.StatisticsRow:
    return counts_row(counts, department_name=TOTAL)


def identity(check: Identity) -> rpb.IdentityCheck:
    return rpb.IdentityCheck(identity=check.identity, row=check.row, left=check.left, right=check.right,
                             holds=check.holds)


def dossier_summary(standing: Standing, catalog: Catalog, at: datetime) -> rpb.DossierSummary:
    d = standing.dossier
    summary = rpb.DossierSummary(
        dossier_id=d.dossier_id, department=d.department, department_name=catalog.department_name(d.department),
        field=d.field, procedure_code=d.procedure_code, channel=d.channel, received_at=ts(d.received_at),
        due_at=ts(d.due_at), effective_due_at=ts(standing.effective_due),
        status=standing.resolved or standing.open or "", open=standing.resolved is None,
        waiting_for_supplement=standing.waiting, received_at_local=local(d.received_at),
        due_at_local=local(d.due_at), effective_due_at_local=local(standing.effective_due))
    if standing.resolved is not None:
        summary.closed_at.CopyFrom(ts(d.closed_at))
        summary.closed_at_local = local(d.closed_at)
    else:
        summary.hours_to_due = round((standing.effective_due - at).total_seconds() / 3600, 2)
    return summary


def live_metrics(figures: LiveFigures, catalog: Catalog) -> rpb.LiveMetrics:
    data = figures.as_json(catalog)
    month = data["month"]
    return rpb.LiveMetrics(
        at=ts(figures.at), period=figures.period, received_today=data["today"]["received"],
        received_today_by_channel={c: figures.received_today[c] for c in CHANNELS},
        total=month["total"], new=month["new"], new_online=month["new_online"], resolved=month["resolved"],
        resolved_overdue=month["resolved_overdue"], in_progress=month["in_progress"],
        in_progress_overdue=month["in_progress_overdue"], surveys=month["surveys"],
        online_payment_dossiers=month["online_payment_dossiers"],
        departments=[rpb.DepartmentLive(**row) for row in data["departments"]])


def index_estimate(model: dict[str, Any]) -> rpb.Index766Estimate:
    estimate, published = model["index_766_estimate"], model.get("index_766_as_published")
    reply = rpb.Index766Estimate(
        period=model["period"], estimated_total=estimate["total"], estimated_max=estimate["max"],
        estimated_components={k: rpb.IndexScore(score=v["score"], max=v["max"])
                              for k, v in estimate["components"].items()},
        note=estimate["note"],
        flags=[f["message"] for f in model["consistency"] if f["figure"].startswith("index_766")])
    if published:
        components = published["components"]
        reply.published = True
        reply.published_total = published["total"]
        reply.published_rank, reply.published_of = published.get("rank") or 0, published.get("of") or 0
        for key, value in components.items():
            reply.published_components[key].CopyFrom(rpb.IndexScore(score=value["score"], max=value["max"]))
        reply.published_components_sum = float(sum((decimal(v["score"]) for v in components.values()),
                                                   start=decimal(0)))
    return reply


def data_status(rows: list[tuple[str, int, datetime | None]]) -> rpb.DataStatus:
    reply = rpb.DataStatus(events=sum(count for _, count, _ in rows))
    for kind, count, latest in rows:
        entry = reply.by_type.add(type=kind, events=count)
        if latest is not None:
            entry.last_recorded_at.CopyFrom(ts(latest))
    return reply
