"""gRPC ReportingService: read-only answers from ClickHouse."""
from __future__ import annotations

import asyncio
from datetime import timezone

import grpc

from motcua.catalog import Catalog
from motcua.grpc_runtime import abort_invalid
from motcua.v1 import reporting_pb2 as rpb
from motcua.v1 import reporting_pb2_grpc
from reporting import queries
from reporting.periods import PERIOD

FULL_NAME = "motcua.v1.ReportingService"


class ReportingServicer(reporting_pb2_grpc.ReportingServiceServicer):
    def __init__(self, client, database: str, catalog: Catalog) -> None:
        self.client, self.database, self.catalog = client, database, catalog
        self._lock = asyncio.Lock()  # one clickhouse-connect client: one query at a time

    async def _query(self, fn, *args):
        async with self._lock:
            return await asyncio.to_thread(fn, self.client, self.database, *args)

    async def GetIntakeSummary(self, request: rpb.PeriodRequest, context) -> rpb.IntakeSummary:
        if not PERIOD.match(request.period):
            await abort_invalid(context, [("period", f"{request.period!r} is not YYYY-MM")])
        as_of = request.as_of.ToDatetime(tzinfo=timezone.utc) if request.HasField("as_of") else None
        rows = await self._query(queries.intake_by_department_channel, request.period, as_of)
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
