"""gRPC ReportingService: each call checks its arguments, then runs the shared report code in a
worker thread within the caller's deadline (ClickHouse is told the same limit)."""
from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import grpc
from clickhouse_connect.driver.exceptions import DatabaseError, OperationalError

from motcua.catalog import Catalog
from motcua.v1 import reporting_pb2 as rpb
from motcua.v1 import reporting_pb2_grpc
from reporting import archive, choices, compute, data_issues, dossier_calls, messages, queries
from reporting.arguments import Problems, as_of, seconds_left
from reporting.cache import TalliesCache
from reporting.live import live_figures
from reporting.periods import bounds
from reporting.reader import DeadlineExceeded, Reader
from reporting.store import ReportStore

FULL_NAME = "motcua.v1.ReportingService"


class ReportingServicer(reporting_pb2_grpc.ReportingServiceServicer):
    def __init__(self, client, database: str, catalog: Catalog, *, store: ReportStore | None = None,
                 agency: dict[str, str] | None = None, clock: Callable[[], datetime] | None = None) -> None:
        self.reader, self.catalog = Reader(client, database), catalog
        self.store = store or ReportStore(client, database)
        self.agency = agency
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.cache = TalliesCache()

    async def _work(self, context, as_of_moment: datetime | None, fn: Callable[[Reader], Any]) -> Any:
        """fn(reader) in a thread, reading as of `as_of_moment`, within the caller's deadline."""
        seconds = seconds_left(context)
        reader = self.reader.with_deadline(seconds).with_as_of(as_of_moment)
        try:
            return await asyncio.wait_for(asyncio.to_thread(fn, reader), timeout=seconds)
        except (asyncio.TimeoutError, DeadlineExceeded):
            await context.abort(grpc.StatusCode.DEADLINE_EXCEEDED, "the deadline passed before the answer was ready")
        except OperationalError as exc:
            await context.abort(grpc.StatusCode.UNAVAILABLE, f"ClickHouse is not reachable: {exc.__class__.__name__}")
        except DatabaseError as exc:
            if "TIMEOUT_EXCEEDED" not in str(exc):  # ClickHouse stopped at max_execution_time: the deadline
                raise
            await context.abort(grpc.StatusCode.DEADLINE_EXCEEDED, "the deadline passed before the answer was ready")

    def _model(self, reader: Reader, period: str) -> dict[str, Any]:
        return compute.report_model(reader, self.catalog, period, now=self.clock(), agency=self.agency,
                                    cache=self.cache)

    async def _checked(self, request, context, problems: Problems) -> datetime | None:
        """Refuse a bad request; else the as_of it asks for (None: as known now)."""
        await problems.refuse(context)
        return as_of(request) if "as_of" in request.DESCRIPTOR.fields_by_name else None

    async def GetIntakeSummary(self, request: rpb.PeriodRequest, context) -> rpb.IntakeSummary:
        problems = Problems()
        problems.period(request.period)
        known = await self._checked(request, context, problems)
        rows = await self._work(context, known,
                                lambda r: queries.intake_by_department_channel(r, *bounds(request.period)))
        summary = rpb.IntakeSummary(period=request.period)
        by_dept: dict[str, rpb.DepartmentIntake] = {}
        for department, channel, count in rows:
            dept = by_dept.setdefault(department, rpb.DepartmentIntake(
                department=department, name=self.catalog.department_name(department)))
            dept.received += count
            summary.received += count
            if channel in ("online", "direct", "postal"):
                setattr(dept, channel, getattr(dept, channel) + count)
                setattr(summary, channel, getattr(summary, channel) + count)
        summary.departments.extend(by_dept[k] for k in sorted(by_dept))
        return summary

    async def GetMonthlyStatistics(self, request: rpb.StatisticsRequest, context) -> rpb.MonthlyStatistics:
        problems = Problems()
        problems.period(request.period)
        by = choices.grouping(request, problems)
        known = await self._checked(request, context, problems)
        stats = await self._work(context, known, lambda r: compute.statistics(
            r, self.catalog, request.period, by, now=self.clock(), cache=self.cache))
        return rpb.MonthlyStatistics(
            period=request.period, by=by, group_by=choices.enum_of(choices.GROUPINGS, by),
            rows=messages.statistics_rows(stats.rows, self.catalog),
            totals=messages.totals_row(stats.totals), checks=[messages.identity(c) for c in stats.checks],
            identities_hold=all(c.holds for c in stats.checks), complete=stats.complete)

    async def GetMonthlyReport(self, request: rpb.ReportRequest, context) -> rpb.MonthlyReport:
        problems = Problems()
        problems.period(request.period)
        known = await self._checked(request, context, problems)
        model = await self._work(context, known, lambda r: self._model(r, request.period))
        return rpb.MonthlyReport(period=request.period, model_json=json.dumps(model, ensure_ascii=False),
                                 model=choices.struct(model))

    async def RenderReport(self, request: rpb.RenderRequest, context) -> rpb.RenderedReport:
        problems = Problems()
        problems.period(request.period)
        fmt = choices.report_format(request, problems)
        known = await self._checked(request, context, problems)
        model = await self._work(context, known, lambda r: self._model(r, request.period))
        return await self._rendered(context, model, fmt)

    async def _rendered(self, context, model: dict[str, Any], fmt: str) -> rpb.RenderedReport:
        content, content_type, filename = await self._work(context, None, lambda _: compute.render(model, fmt))
        generated = datetime.fromisoformat(model["generated_at"])
        return rpb.RenderedReport(period=model["period"], format=fmt, content_type=content_type, filename=filename,
                                  content=content, generated_at=messages.ts(generated),
                                  report_format=choices.enum_of(choices.FORMATS, fmt))

    async def GetDossierTimeline(self, request: rpb.TimelineRequest, context) -> rpb.DossierTimeline:
        problems = Problems()
        problems.text("dossier_id", request.dossier_id)
        known = await self._checked(request, context, problems)
        reply = await self._work(context, known, lambda r: dossier_calls.timeline(
            r, self.catalog, request.dossier_id, self.clock()))
        if reply is None:
            await context.abort(grpc.StatusCode.NOT_FOUND, f"no events of dossier {request.dossier_id!r}")
        return reply

    async def ListDossiers(self, request: rpb.ListDossiersRequest, context) -> rpb.ListDossiersResponse:
        query, size, problems = dossier_calls.list_query(request, self.clock())
        known = await self._checked(request, context, problems)
        return await self._work(context, known, lambda r: dossier_calls.dossier_page(
            r, self.catalog, query, size, request.page_token, self.clock()))

    async def WatchLiveMetrics(self, request: rpb.LiveRequest, context):
        problems, interval = Problems(), request.interval_seconds or 15
        problems.period(request.period, optional=True)
        problems.number("interval_seconds", interval, 1, 3600)
        await self._checked(request, context, problems)
        while True:
            figures = await self._work(context, None,
                                       lambda r: live_figures(r, self.catalog, self.clock(), request.period))
            yield messages.live_metrics(figures, self.catalog)
            await asyncio.sleep(interval)

    async def GetIndex766Estimate(self, request: rpb.ReportRequest, context) -> rpb.Index766Estimate:
        problems = Problems()
        problems.period(request.period)
        known = await self._checked(request, context, problems)
        return messages.index_estimate(await self._work(context, known, lambda r: self._model(r, request.period)))

    async def GetDataStatus(self, request: rpb.DataStatusRequest, context) -> rpb.DataStatus:
        known = await self._checked(request, context, Problems())
        return messages.data_status(await self._work(context, known, archive.data_status))

    async def GetStoredReport(self, request: rpb.StoredReportRequest, context) -> rpb.RenderedReport:
        problems = Problems()
        problems.period(request.period)
        fmt = choices.report_format(request, problems)
        await self._checked(request, context, problems)
        stored = await self._work(context, None, lambda _: self.store.load(request.period))
        if stored is None:
            await context.abort(grpc.StatusCode.NOT_FOUND, f"no stored report for {request.period}")
        return await self._rendered(context, stored[0], fmt)

    async def ListStoredReports(self, request: rpb.ListStoredReportsRequest, context) -> rpb.StoredReports:
        problems, limit = Problems(), request.limit or 24
        problems.number("limit", limit, 1, 1000)
        await self._checked(request, context, problems)
        rows = await self._work(context, None, lambda _: self.store.list(limit))
        return rpb.StoredReports(reports=[rpb.StoredReportInfo(period=p, generated_at=messages.ts(at), trigger=t)
                                          for p, at, t in rows])

    async def ListDataIssues(self, request: rpb.DataIssuesRequest, context) -> rpb.DataIssues:
        problems = Problems()
        problems.period(request.period)
        known = await self._checked(request, context, problems)
        return await self._work(context, known, lambda r: data_issues.list_issues(r, request.period))
