"""The golden month through the whole stack: JSONL → the four command services (gRPC) → Kafka →
projector → ClickHouse → Reporting API. Every figure of the published April 2023 report comes back,
and `as_of` a moment between the March and the April imports shows no April dossier."""
from __future__ import annotations

import asyncio
import dataclasses
import json
import time
import uuid
from datetime import datetime, timezone

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from motcua.auth import DEV_READER_TOKEN, with_token
from motcua.v1 import reporting_pb2 as rpb
from motcua.v1 import reporting_pb2_grpc
from motcua_tools.demo import golden_month
from motcua_tools.demo.run import GOLDEN, compare_figures
from motcua_tools.importer import Importer
from motcua_tools.stack import Stack, wait_for
from tests.e2e.conftest import free_service_ports

APRIL = datetime.fromisoformat("2023-04-01T00:00:00+07:00")
COMMAND_SERVICES = ("intake", "processing", "payment", "survey")


def business_time(line: dict) -> datetime:
    for key in ("received_at", "resolved_at", "at", "paid_at", "submitted_at"):
        if line.get(key):
            return datetime.fromisoformat(line[key])
    return APRIL  # the published index of April has no time of its own


@pytest.fixture(scope="module")
def stack(infra_settings, tmp_path_factory):
    run = uuid.uuid4().hex[:10]
    settings = dataclasses.replace(infra_settings, topic_prefix=f"g{run}", clickhouse_database=f"g_{run}",
                                   state_dir=tmp_path_factory.mktemp("golden-stack"))
    running = Stack(settings, ports=free_service_ports(), env={"MOTCUA_LIVE_PORT": "0", "MOTCUA_REPORT_DAY": "0"})
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def reporting(stack):
    with grpc.insecure_channel(f"127.0.0.1:{stack.ports['reporting'][0]}") as channel:
        yield reporting_pb2_grpc.ReportingServiceStub(with_token(channel, DEV_READER_TOKEN))


def send(stack, lines: list[str]) -> int:
    async def run():
        importer = Importer({s: f"127.0.0.1:{stack.ports[s][0]}" for s in COMMAND_SERVICES})
        try:
            return await importer.run(enumerate(lines, start=1))
        finally:
            await importer.close()

    report = asyncio.run(run())
    assert report.refused == 0, report.errors[:5]
    return report.accepted - report.duplicates


def folded(reporting) -> int:
    try:
        return reporting.GetDataStatus(rpb.DataStatusRequest(), timeout=10).events
    except grpc.RpcError:
        return -1


@pytest.fixture(scope="module")
def imported(stack, reporting, tmp_path_factory) -> datetime:
    """March (and before) first, then April; returns a moment in between (recorded time)."""
    out = tmp_path_factory.mktemp("golden") / "golden.jsonl"
    assert golden_month.main(["--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    before = [line for line in lines if business_time(json.loads(line)) < APRIL]
    after = [line for line in lines if business_time(json.loads(line)) >= APRIL]
    sent = send(stack, before)
    assert wait_for(lambda: folded(reporting) >= sent, timeout=180, interval=1)
    between = datetime.now(timezone.utc)
    time.sleep(1.0)
    sent += send(stack, after)
    assert wait_for(lambda: folded(reporting) >= sent, timeout=180, interval=1)
    return between


def model(reporting, period: str, as_of: datetime | None = None) -> dict:
    request = rpb.ReportRequest(period=period)
    if as_of is not None:
        stamp = Timestamp()
        stamp.FromDatetime(as_of)
        request.as_of.CopyFrom(stamp)
    return json.loads(reporting.GetMonthlyReport(request, timeout=60).model_json)


def test_every_figure_of_the_published_report_comes_back(reporting, imported):
    rows, notes = compare_figures(json.loads(GOLDEN.read_text(encoding="utf-8")), model(reporting, "2023-04"))
    assert len(rows) > 150
    assert [row for row in rows if not row[3]] == []
    assert set(notes) <= {"online_payments.departments: same items, listed in another order",
                          "catalog_decisions: same items, listed in another order"}


def test_as_of_between_the_imports_the_month_has_no_april_dossier(reporting, imported):
    then = model(reporting, "2023-04", as_of=imported)
    march = model(reporting, "2023-03")
    assert then["intake"]["new"] == 0 and then["resolved"]["total"] == 0
    assert then["intake"]["carried_over"] == march["in_progress"]["total"] > 0
    assert then["index_766_as_published"] is None


def test_statistics_and_every_format_through_the_api(reporting, imported):
    for group_by in (rpb.GROUPING_DEPARTMENT, rpb.GROUPING_FIELD):
        stats = reporting.GetMonthlyStatistics(rpb.StatisticsRequest(period="2023-04", group_by=group_by), timeout=60)
        assert stats.identities_hold and stats.totals.received_total == 5479
        assert (stats.totals.online, stats.totals.direct_or_postal, stats.totals.carried_over) == (3085, 1623, 771)
        assert (stats.totals.resolved_total, stats.totals.in_progress_total) == (4761, 718)
    for fmt in ("docx", "html", "xlsx"):
        enum = rpb.ReportFormat.Value(f"REPORT_FORMAT_{fmt.upper()}")
        rendered = reporting.RenderReport(rpb.RenderRequest(period="2023-04", report_format=enum), timeout=120)
        assert rendered.filename == f"report-2023-04.{fmt}" and len(rendered.content) > 10_000
