"""The Reporting gRPC API in-process over a real ClickHouse holding a synthetic month: every call's
answer, its argument checks (INVALID_ARGUMENT + BadRequest field), deadlines, pages, the stream,
the scheduler's stored reports, the live page and the business gauges."""
from __future__ import annotations

import asyncio
import json
import time
import urllib.request
import uuid
from collections import Counter
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal

import grpc
import pytest
from google.protobuf import json_format
from google.protobuf.timestamp_pb2 import Timestamp
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from prometheus_client import REGISTRY

from motcua.catalog import Catalog
from motcua.chschema import connect, migrate
from motcua.deadlines import LOCAL_TZ
from motcua.interchange import to_object
from motcua.v1 import reporting_pb2 as rpb
from motcua.v1 import reporting_pb2_grpc
from motcua_tools.bench.reporting_data import fold_into, synthetic_month
from motcua_tools.ledger_figures import tally
from reporting import compute, gauges, lists
from reporting.live import live_figures
from reporting.livepage import serve_page
from reporting.reader import Reader
from reporting.scheduler import ReportScheduler, Schedule
from reporting.service import ReportingServicer
from reporting.store import ReportStore

PERIOD = "2023-04"


@pytest.fixture(scope="module")
def loaded(infra_settings):
    database = f"ra_{uuid.uuid4().hex[:10]}"
    client = connect(infra_settings)
    migrate(client, database)
    sent = list(synthetic_month(Catalog.load(), 1500, seed=7))
    fold_into(client, database, sent, "api")
    return Reader(client, database), sent


@pytest.fixture(scope="module")
def expected(loaded) -> dict:
    """The month's figures tallied here from the events sent (motcua_tools.ledger_figures, no
    reporting code): what the answers below must agree with."""
    return tally([{**to_object(e), "event_id": e.event_id} for e in loaded[1]], PERIOD)


COLUMNS = ("received_total", "online", "direct_or_postal", "carried_over", "resolved_total", "in_progress_total")


def per_department(figures: dict) -> dict[str, dict[str, int]]:
    """Statistics columns 3-7 and 11 per department, from the tally's figures."""
    rows: dict[str, dict[str, int]] = {}
    for key, value in figures.items():
        kind, *parts = key.split("/")
        if kind in ("new", "closed", "open"):
            row = rows.setdefault(parts[0], dict.fromkeys(COLUMNS, 0))
            if kind == "new":
                row["online" if parts[1] == "online" else "direct_or_postal"] += value
            else:
                row["received_total"] += value
                row["resolved_total" if kind == "closed" else "in_progress_total"] += value
    for row in rows.values():
        row["carried_over"] = row["received_total"] - row["online"] - row["direct_or_postal"]
    return rows


@pytest.fixture(scope="module")
async def stub(loaded):
    reader, _ = loaded
    server = grpc.aio.server()
    reporting_pb2_grpc.add_ReportingServiceServicer_to_server(
        ReportingServicer(reader.client, reader.database, Catalog.load()), server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    yield reporting_pb2_grpc.ReportingServiceStub(channel)
    await channel.close()
    await server.stop(0)


async def violations(call) -> tuple[grpc.StatusCode, list[str]]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    status = rpc_status.from_call(info.value)
    fields = []
    for detail in status.details if status else []:
        bad = error_details_pb2.BadRequest()
        detail.Unpack(bad)
        fields += [v.field for v in bad.field_violations]
    return info.value.code(), fields


async def test_statistics_by_department_and_field_equal_the_tally_of_the_events_sent(stub, expected):
    tallied = per_department(expected)
    for by, group_by in (("department", rpb.GROUPING_DEPARTMENT), ("field", rpb.GROUPING_FIELD)):
        reply = await stub.GetMonthlyStatistics(rpb.StatisticsRequest(period=PERIOD, group_by=group_by), timeout=30)
        assert reply.group_by == group_by and reply.by == by
        assert reply.identities_hold and reply.complete and len(reply.checks) == 4 * (len(reply.rows) + 1)
        assert reply.totals.received_total == expected["dossiers"] > 1500
        got: dict[str, Counter] = {}
        for row in reply.rows:
            got.setdefault(row.department, Counter()).update({c: getattr(row, c) for c in COLUMNS})
        assert {code: {c: counts[c] for c in COLUMNS} for code, counts in got.items()} == tallied
        assert {c: getattr(reply.totals, c) for c in COLUMNS} == {
            c: sum(row[c] for row in tallied.values()) for c in COLUMNS}
        assert [r.number for r in reply.rows] == list(range(1, len(reply.rows) + 1))
        assert all(r.field for r in reply.rows) == (by == "field")


async def test_bad_arguments_name_their_fields(stub):
    assert await violations(stub.GetMonthlyStatistics(rpb.StatisticsRequest(period="2023-13"), timeout=5)) == (
        grpc.StatusCode.INVALID_ARGUMENT, ["period"])
    assert (await violations(stub.RenderReport(rpb.RenderRequest(period=PERIOD), timeout=5)))[1] == ["report_format"]
    assert (await violations(stub.RenderReport(rpb.RenderRequest(period=PERIOD, report_format=99), timeout=5)))[1] == [
        "report_format"]
    code, fields = await violations(stub.ListDossiers(rpb.ListDossiersRequest(
        period=PERIOD, selection=42, page_size=5000), timeout=5))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and set(fields) == {"selection", "page_size"}
    assert (await violations(stub.ListDossiers(rpb.ListDossiersRequest(
        selection=rpb.DOSSIER_SELECTION_RESOLVED_OVERDUE), timeout=5)))[1] == ["period"]
    assert (await violations(stub.ListDossiers(rpb.ListDossiersRequest(
        period=PERIOD, selection=rpb.DOSSIER_SELECTION_OVERDUE, page_token="xyz"), timeout=5)))[1] == ["page_token"]
    assert (await violations(stub.GetDossierTimeline(rpb.TimelineRequest(), timeout=5)))[1] == ["dossier_id"]
    assert (await violations(stub.WatchLiveMetrics(rpb.LiveRequest(interval_seconds=0 - 1), timeout=5).read()))[1] \
        == ["interval_seconds"]


class Aborted(Exception):
    def __init__(self, code: grpc.StatusCode, details: str) -> None:
        super().__init__(details)
        self.code = code


class CallerWithADeadline:
    """Just enough of a servicer context: the time the caller gives, and how the call ends."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def time_remaining(self) -> float:
        return self.seconds

    def invocation_metadata(self):
        return ()

    async def abort(self, code, details=""):
        raise Aborted(code, details)


async def test_the_server_stops_at_the_callers_deadline(loaded, monkeypatch):
    # The server itself must give up (and answer DEADLINE_EXCEEDED) when the caller's time is up,
    # not keep computing: a month that takes 3 s, asked with 0.3 s left.
    reader, _ = loaded
    servicer = ReportingServicer(reader.client, reader.database, Catalog.load())
    def slow_month(*args, **kwargs):
        time.sleep(3)
        return {}

    monkeypatch.setattr(compute, "report_model", slow_month)
    began = asyncio.get_running_loop().time()
    with pytest.raises(Aborted) as info:
        await servicer.GetMonthlyReport(rpb.ReportRequest(period=PERIOD), CallerWithADeadline(0.3))
    assert info.value.code == grpc.StatusCode.DEADLINE_EXCEEDED
    assert asyncio.get_running_loop().time() - began < 1.5


async def test_overdue_dossiers_page_by_page(stub):
    stats = await stub.GetMonthlyStatistics(rpb.StatisticsRequest(period=PERIOD), timeout=30)
    seen, token = [], ""
    while True:
        page = await stub.ListDossiers(rpb.ListDossiersRequest(
            period=PERIOD, selection=rpb.DOSSIER_SELECTION_OVERDUE, page_size=7, page_token=token), timeout=30)
        seen += list(page.dossiers)
        token = page.next_page_token
        if not token:
            break
    assert len(seen) == page.total_size == stats.totals.in_progress_overdue > 0
    assert all(d.status == "overdue" and d.open and d.hours_to_due < 0 for d in seen)
    dues = [d.effective_due_at.ToDatetime() for d in seen]
    assert dues == sorted(dues) and len({d.dossier_id for d in seen}) == len(seen)
    one = await stub.ListDossiers(rpb.ListDossiersRequest(period=PERIOD, selection=rpb.DOSSIER_SELECTION_OVERDUE,
                                                          department=seen[0].department), timeout=30)
    assert {d.department for d in one.dossiers} == {seen[0].department}


async def test_a_dossiers_timeline_in_business_time_order(stub, loaded):
    reader, _ = loaded
    paused = reader.rows(f"SELECT dossier_id FROM {reader.database}.dossier_facts "
                         "WHERE supplement_received_at IS NOT NULL ORDER BY dossier_id LIMIT 1")[0][0]
    timeline = await stub.GetDossierTimeline(rpb.TimelineRequest(dossier_id=paused), timeout=10)
    kinds = [e.type for e in timeline.events]
    assert kinds[:3] == ["dossier.received", "dossier.supplement_requested", "dossier.supplement_received"]
    times = [e.occurred_at.ToDatetime() for e in timeline.events]
    assert times == sorted(times) and json.loads(timeline.events[0].payload_json)["dossier_id"] == paused
    for event in timeline.events:  # the same instants, in the Center's time with its offset
        local = datetime.fromisoformat(event.occurred_at_local)
        assert event.occurred_at_local.endswith("+07:00") and event.recorded_at_local.endswith("+07:00")
        assert local == event.occurred_at.ToDatetime(tzinfo=timezone.utc)
    summary = timeline.summary
    assert datetime.fromisoformat(summary.received_at_local) == summary.received_at.ToDatetime(tzinfo=timezone.utc)
    assert summary.received_at_local.endswith("+07:00") and summary.effective_due_at_local.endswith("+07:00")
    assert summary.effective_due_at.ToDatetime() > summary.due_at.ToDatetime()
    code, _ = await violations(stub.GetDossierTimeline(rpb.TimelineRequest(dossier_id="NOPE"), timeout=10))
    assert code == grpc.StatusCode.NOT_FOUND


async def test_render_every_format_and_the_json_is_the_model(stub):
    reply = await stub.GetMonthlyReport(rpb.ReportRequest(period=PERIOD), timeout=30)
    model = json.loads(reply.model_json)
    structured = json_format.MessageToDict(reply.model)  # the same model as a structured message
    assert structured["intake"]["total"] == model["intake"]["total"] and structured["period"] == PERIOD
    assert structured["table_by_department"][0]["department"] == model["table_by_department"][0]["department"]
    assert structured["as_of"] is None and model["as_of"] is None
    for fmt, media, name in (("json", "application/json", "json"), ("docx", "wordprocessingml", "docx"),
                             ("html", "text/html", "html"), ("xlsx", "spreadsheetml", "xlsx"),
                             ("checks_docx", "wordprocessingml", "kiem-tra.docx"),
                             ("checks_html", "text/html", "kiem-tra.html")):
        enum = rpb.ReportFormat.Value(f"REPORT_FORMAT_{fmt.upper()}")
        rendered = await stub.RenderReport(rpb.RenderRequest(period=PERIOD, report_format=enum), timeout=60)
        assert rendered.report_format == enum and rendered.format == fmt
        assert media in rendered.content_type and rendered.filename.endswith(name)
        assert len(rendered.content) > 1000
        if fmt == "json":
            again = json.loads(rendered.content)
            assert {k: v for k, v in again.items() if k != "generated_at"} == \
                {k: v for k, v in model.items() if k != "generated_at"}


async def test_as_of_before_anything_was_recorded_is_an_empty_month(stub):
    before = Timestamp()
    before.FromDatetime(datetime(2001, 1, 1, tzinfo=timezone.utc))
    reply = await stub.GetMonthlyStatistics(rpb.StatisticsRequest(period=PERIOD, as_of=before), timeout=30)
    assert reply.totals.received_total == 0 and not reply.rows


async def test_index_estimate_and_data_status(stub, loaded, expected):
    estimate = await stub.GetIndex766Estimate(rpb.ReportRequest(period=PERIOD), timeout=30)
    assert not estimate.published and estimate.estimated_max == 36
    # The satisfaction group by the domain's formula, min(6, 6 x satisfied share / 0.9), from the ratings sent.
    ratings = Counter()
    for key, value in expected.items():
        if key.startswith("ratings/"):
            ratings[key.rsplit("/", 1)[1]] += value
    share = Decimal(ratings["very_satisfied"] + ratings["satisfied"]) / sum(ratings.values())
    score = min(Decimal(6), 6 * share / Decimal("0.9")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert estimate.estimated_components["muc_do_hai_long"].score == pytest.approx(float(score))
    status = await stub.GetDataStatus(rpb.DataStatusRequest(), timeout=10)
    assert status.events == len({e.event_id for e in loaded[1]})


async def test_live_metrics_stream(stub, expected):
    stream = stub.WatchLiveMetrics(rpb.LiveRequest(period=PERIOD, interval_seconds=1), timeout=30)
    first, second = await stream.read(), await stream.read()
    stream.cancel()
    assert first.total == second.total == expected["dossiers"]
    assert second.at.ToDatetime() > first.at.ToDatetime()
    open_by_department = {k.split("/")[1]: v for k, v in expected.items() if k.startswith("open/")}
    assert {d.department: d.in_progress for d in first.departments if d.in_progress} == open_by_department
    assert first.in_progress == sum(open_by_department.values())


async def test_the_scheduler_stores_last_months_report_once(stub, loaded):
    reader, _ = loaded
    store = ReportStore(reader.client, reader.database)
    clock = datetime(2023, 5, 1, 7, tzinfo=LOCAL_TZ)
    scheduler = ReportScheduler(lambda period, now: compute.report_model(reader, Catalog.load(), period, now=now),
                                store, Schedule(day=1, hour=6), clock=lambda: clock)
    assert await scheduler.run_once() == PERIOD
    assert await scheduler.run_once() is None
    listed = await stub.ListStoredReports(rpb.ListStoredReportsRequest(), timeout=10)
    assert [(r.period, r.trigger) for r in listed.reports] == [(PERIOD, "scheduler")]
    stored = await stub.GetStoredReport(rpb.StoredReportRequest(period=PERIOD, report_format=rpb.REPORT_FORMAT_JSON),
                                        timeout=30)
    assert json.loads(stored.content)["generated_at"].startswith("2023-05-01T07:00")
    # A caller built before the enums still names the format as text.
    legacy = await stub.GetStoredReport(rpb.StoredReportRequest(period=PERIOD, format="json"), timeout=30)
    assert legacy.content == stored.content
    assert (await violations(stub.GetStoredReport(rpb.StoredReportRequest(
        period="2023-02", report_format=rpb.REPORT_FORMAT_DOCX), timeout=10)))[0] == grpc.StatusCode.NOT_FOUND


async def test_live_page_and_gauges(loaded):
    reader, _ = loaded
    catalog = Catalog.load()
    figures = live_figures(reader, catalog, datetime(2023, 4, 20, 10, tzinfo=LOCAL_TZ), PERIOD)
    gauges.update(figures, catalog)
    assert REGISTRY.get_sample_value("motcua_dossiers_in_progress", {"department": "TU_PHAP"}) == \
        figures.departments["TU_PHAP"].in_progress_total
    assert REGISTRY.get_sample_value("motcua_dossiers_received_today", {"channel": "online"}) == \
        figures.received_today["online"]
    # The nearly-due gauge counts what ListDossiers(status=nearly_due) lists at the same moment.
    moment = datetime(2023, 4, 20, 10, tzinfo=LOCAL_TZ)
    listed, _ = lists.select(reader, lists.Query(period=PERIOD, status="nearly_due"), moment)
    per_department = Counter(s.dossier.department for s in listed)
    assert listed and sum(per_department.values()) == sum(figures.nearly_due_by_department.values())
    for code in per_department:
        assert REGISTRY.get_sample_value("motcua_dossiers_nearly_due", {"department": code}) == per_department[code]
    server = await serve_page("127.0.0.1", 0, lambda: figures.as_json(catalog))
    port = server.sockets[0].getsockname()[1]
    try:
        page = await asyncio.to_thread(lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read())
        data = await asyncio.to_thread(
            lambda: json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/live.json", timeout=5).read()))
    finally:
        server.close()
        await server.wait_closed()
    assert b"live.json" in page and b"<script src" not in page
    assert data["period"] == PERIOD and data["today"]["received"] == sum(figures.received_today.values())


async def test_overdue_and_nearly_due_now_need_no_period(loaded):
    """Without a period, the open states are listed as they stand at the server's now."""
    reader, _ = loaded
    now = datetime(2023, 4, 20, 10, tzinfo=LOCAL_TZ)
    servicer = ReportingServicer(reader.client, reader.database, Catalog.load(), clock=lambda: now)
    for selection in (rpb.DOSSIER_SELECTION_OVERDUE, rpb.DOSSIER_SELECTION_NEARLY_DUE):
        bare = await servicer.ListDossiers(rpb.ListDossiersRequest(selection=selection, page_size=1000),
                                           CallerWithADeadline(30))
        dated = await servicer.ListDossiers(rpb.ListDossiersRequest(period=PERIOD, selection=selection, page_size=1000),
                                            CallerWithADeadline(30))
        assert bare.period == PERIOD and bare.total_size == dated.total_size > 0
        assert [d.dossier_id for d in bare.dossiers] == [d.dossier_id for d in dated.dossiers]
        assert bare.at_local == "2023-04-20T10:00:00+07:00"
        if selection == rpb.DOSSIER_SELECTION_OVERDUE:
            assert all(datetime.fromisoformat(d.effective_due_at_local) < now for d in bare.dossiers)
