"""A department corrects a received dossier's channel and due date through the command API, the
correction recorded later than the first receipt: the month's figures from the Reporting API follow
the correction (gRPC → Kafka → projector → ClickHouse → gRPC, every service a process)."""
from __future__ import annotations

from datetime import datetime

import grpc
import pytest

from motcua.auth import DEV_READER_TOKEN, with_token
from motcua.catalog import Catalog
from motcua.deadlines import LOCAL_TZ
from motcua.v1 import events_pb2 as pb
from motcua.v1 import intake_pb2_grpc, processing_pb2_grpc, reporting_pb2, reporting_pb2_grpc
from motcua_tools.stack import wait_for

pytestmark = pytest.mark.e2e

DEPARTMENT = "TU_PHAP"
TOKEN = ((("authorization", f"Bearer dev-{DEPARTMENT}"),))  # the department's own token
OTHER = (("authorization", "Bearer dev-center"),)
RECEIVED = datetime(2023, 4, 3, 9, 0, tzinfo=LOCAL_TZ)
RESOLVED = datetime(2023, 4, 7, 10, 0, tzinfo=LOCAL_TZ)


def _receipt(procedure, channel: int, due: datetime, department: str = DEPARTMENT) -> pb.DossierReceived:
    message = pb.DossierReceived(dossier_id="HS-CORR-1", department=department, field=procedure.field,
                                 procedure_code=procedure.code, channel=channel)
    message.received_at.FromDatetime(RECEIVED)
    message.due_at.FromDatetime(due)
    return message


def _row(stack) -> reporting_pb2.StatisticsRow | None:
    with grpc.insecure_channel(f"127.0.0.1:{stack.ports['reporting'][0]}") as channel:
        stats = reporting_pb2_grpc.ReportingServiceStub(with_token(channel, DEV_READER_TOKEN)).GetMonthlyStatistics(
            reporting_pb2.StatisticsRequest(period="2023-04", by="department"), timeout=20)
    return next((row for row in stats.rows if row.department == DEPARTMENT), None)


def _figures(row) -> tuple[int, int, int, int] | None:
    return None if row is None else (row.online, row.direct_or_postal, row.overdue, row.on_time)


def test_the_months_figures_follow_a_later_recorded_correction(stack):
    procedure = next(p for p in Catalog.load().procedures if p.department == DEPARTMENT)
    intake_address = f"127.0.0.1:{stack.ports['intake'][0]}"
    with grpc.insecure_channel(intake_address) as channel:
        intake = intake_pb2_grpc.IntakeServiceStub(channel)
        intake.ReceiveDossier(_receipt(procedure, pb.CHANNEL_ONLINE, datetime(2023, 4, 5, 9, 0, tzinfo=LOCAL_TZ)),
                              metadata=TOKEN, timeout=10)
    resolved = pb.DossierResolved(dossier_id="HS-CORR-1", department=DEPARTMENT, outcome=pb.OUTCOME_APPROVED)
    resolved.resolved_at.FromDatetime(RESOLVED)
    with grpc.insecure_channel(f"127.0.0.1:{stack.ports['processing'][0]}") as channel:
        processing_pb2_grpc.ProcessingServiceStub(channel).ResolveDossier(resolved, metadata=TOKEN, timeout=10)
    # Resolved after its first due time: online and overdue, as an independent reading of the rules says.
    assert wait_for(lambda: _figures(_row(stack)) == (1, 0, 1, 0), timeout=60), _row(stack)

    with grpc.insecure_channel(intake_address) as channel:
        intake = intake_pb2_grpc.IntakeServiceStub(channel)
        # The correction: received at the counter, due at the end of the day it was resolved.
        intake.ReceiveDossier(_receipt(procedure, pb.CHANNEL_DIRECT, datetime(2023, 4, 7, 17, 0, tzinfo=LOCAL_TZ)),
                              metadata=TOKEN, timeout=10)
        with pytest.raises(grpc.RpcError) as refused:  # a correction may not move it to another department
            other = next(p for p in Catalog.load().procedures if p.department != DEPARTMENT)
            intake.ReceiveDossier(_receipt(other, pb.CHANNEL_DIRECT, RESOLVED, department=other.department),
                                  metadata=OTHER, timeout=10)
        assert refused.value.code() == grpc.StatusCode.ALREADY_EXISTS

    # Alphabetically "online" > "direct" and the first due date is the earlier one: only the latest
    # recorded receipt makes this a counter dossier resolved on time.
    assert wait_for(lambda: _figures(_row(stack)) == (0, 1, 0, 1), timeout=60), _row(stack)
    row = _row(stack)
    assert (row.received_total, row.resolved_total, row.in_progress_total) == (1, 1, 0)
