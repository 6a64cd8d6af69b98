"""A dossier whose closing (or pause) is dated before its receipt: every figure of the period counts it
the same way (docs/data-issues.md: such a moment is taken as the receipt's), and ListDataIssues names
it. The events go through the real fold and writer into a real ClickHouse."""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone

import grpc
import pytest

from motcua.catalog import Catalog
from motcua.chschema import connect, migrate
from motcua.deadlines import LOCAL_TZ
from motcua.v1 import reporting_pb2 as rpb
from motcua.v1 import reporting_pb2_grpc
from motcua_tools.bench.reporting_data import fold_into, interchange_events
from reporting import gauges
from reporting.live import live_figures
from reporting.reader import Reader
from reporting.service import ReportingServicer
from tests.integration.commands_support import line

PERIOD = "2024-02"
NOW = datetime(2024, 2, 5, 18, 0, tzinfo=LOCAL_TZ)  # the day every dossier below is received


def received(dossier_id: str, hour: int, channel: str = "direct") -> dict:
    return line("dossier.received", dossier_id=dossier_id, channel=channel,
                received_at=f"2024-02-05T{hour:02d}:00:00+07:00", due_at="2024-02-20T17:00:00+07:00")


STORY = [
    received("FEB-OK", 8), line("dossier.resolved", dossier_id="FEB-OK", resolved_at="2024-02-05T15:00:00+07:00"),
    # folded before its receipt, as when the result reaches Kafka first
    line("dossier.resolved", dossier_id="FEB-2020", resolved_at="2020-05-01T10:00:00+07:00"), received("FEB-2020", 9),
    received("FEB-OPEN", 10, "online"),
    received("FEB-WD", 11), line("dossier.withdrawn", dossier_id="FEB-WD", at="2023-12-01T10:00:00+07:00"),
    received("FEB-PAUSE", 12), line("dossier.supplement_requested", dossier_id="FEB-PAUSE", at="2024-01-02T10:00:00+07:00"),
]
# The independent tally: what the story says, counted by hand.
RECEIVED = 5                      # all five received on 5 February
CLOSED_BY_NOW = {"FEB-OK", "FEB-2020", "FEB-WD"}  # two taken as closed at their receipt
CONFLICTS = {("FEB-2020", "resolved_at"), ("FEB-WD", "withdrawn_at"), ("FEB-PAUSE", "supplement_requested_at")}


@pytest.fixture(scope="module")
def reader(infra_settings):
    database = f"di_{uuid.uuid4().hex[:10]}"
    client = connect(infra_settings)
    migrate(client, database)
    fold_into(client, database, interchange_events([json.dumps(e) for e in STORY], datetime.now(timezone.utc)), "di")
    return Reader(client, database)


@pytest.fixture(scope="module")
async def stub(reader):
    server = grpc.aio.server()
    reporting_pb2_grpc.add_ReportingServiceServicer_to_server(
        ReportingServicer(reader.client, reader.database, Catalog.load(), clock=lambda: NOW), server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield reporting_pb2_grpc.ReportingServiceStub(channel)
    await server.stop(0)


async def test_every_figure_of_the_period_counts_a_dossier_closed_before_its_receipt(stub, reader):
    intake = await stub.GetIntakeSummary(rpb.PeriodRequest(period=PERIOD), timeout=30)
    stats = await stub.GetMonthlyStatistics(rpb.StatisticsRequest(period=PERIOD), timeout=30)
    figures = live_figures(reader, Catalog.load(), NOW.astimezone(timezone.utc), PERIOD)
    gauges.update(figures, Catalog.load())
    received_today_gauge = sum(gauges.RECEIVED_TODAY.labels(c)._value.get() for c in ("online", "direct", "postal"))
    assert intake.received == RECEIVED
    assert stats.totals.received_total == RECEIVED and stats.identities_hold
    assert figures.month.online + figures.month.direct_or_postal == RECEIVED
    assert sum(figures.received_today.values()) == received_today_gauge == RECEIVED
    assert stats.totals.resolved_total == figures.month.resolved_total == len(CLOSED_BY_NOW)
    assert figures.month.in_progress_total == RECEIVED - len(CLOSED_BY_NOW)


async def test_a_closing_before_receipt_counts_as_closed_at_the_receipt_in_the_timeline(stub):
    reply = await stub.GetDossierTimeline(rpb.TimelineRequest(dossier_id="FEB-2020"), timeout=30)
    assert reply.summary.dossier_id == "FEB-2020" and not reply.summary.open
    assert reply.summary.closed_at == reply.summary.received_at
    assert len(reply.events) == 2  # the archive keeps the resolution as it was sent


async def test_list_data_issues_names_each_dossier_and_what_conflicts(stub):
    reply = await stub.ListDataIssues(rpb.DataIssuesRequest(period=PERIOD), timeout=30)
    assert {(i.dossier_id, i.field) for i in reply.issues} == CONFLICTS
    issue = next(i for i in reply.issues if i.dossier_id == "FEB-2020")
    assert issue.kind == "before_receipt" and "2020-05-01" in issue.description and issue.department == "TU_PHAP"
    assert issue.received_at.ToDatetime(tzinfo=timezone.utc) == datetime(2024, 2, 5, 2, 0, tzinfo=timezone.utc)
    other = await stub.ListDataIssues(rpb.DataIssuesRequest(period="2024-03"), timeout=30)
    assert list(other.issues) == []


async def test_list_data_issues_checks_its_period_and_reads_as_of(stub):
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await stub.ListDataIssues(rpb.DataIssuesRequest(period="2024-13"), timeout=30)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "period" in info.value.details()
    before_loading = rpb.DataIssuesRequest(period=PERIOD)
    before_loading.as_of.FromDatetime(datetime(2024, 1, 1, tzinfo=timezone.utc))  # nothing recorded yet then
    assert list((await stub.ListDataIssues(before_loading, timeout=30)).issues) == []
