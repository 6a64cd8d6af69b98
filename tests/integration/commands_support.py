"""What the command-side tests share: a valid line of every type, services served in-process on free
ports, and reading back what reached Kafka."""
from __future__ import annotations

import dataclasses
import time
from contextlib import AsyncExitStack, asynccontextmanager

import grpc
from aiokafka import AIOKafkaConsumer

from motcua.command_server import running
from motcua.config import Settings
from motcua.events import payload_of
from motcua.interchange import parse_object
from motcua.v1 import intake_pb2_grpc, payment_pb2_grpc, processing_pb2_grpc, survey_pb2_grpc
from tests.conftest import free_port_pair

CENTER = (("authorization", "Bearer dev-center"),)
READER = (("authorization", "Bearer dev-reader"),)


def as_department(code: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer dev-{code}"),)


EXAMPLES: dict[str, dict] = {line["type"]: line for line in [
    {"type": "dossier.received", "dossier_id": "TP-20230403-0001", "department": "TU_PHAP", "field": "Hộ tịch",
     "procedure_code": "TP-003", "channel": "online", "received_at": "2023-04-03T09:15:00+07:00",
     "due_at": "2023-04-10T09:15:00+07:00"},
    {"type": "dossier.digitized", "dossier_id": "TP-20230403-0001", "department": "TU_PHAP",
     "at": "2023-04-03T10:00:00+07:00"},
    {"type": "account.assisted", "account_ref": "TK-2304-0001", "at": "2023-04-03T08:00:00+07:00"},
    {"type": "catalog.decision_published", "number": "368/QĐ-UBND", "date": "2023-04-03",
     "department": "CONG_THUONG", "fields": ["Điện"], "changes": ["amended"], "at": "2023-04-03T08:00:00+07:00"},
    {"type": "index766.published", "period": "2023-04", "total": 82.5, "rank": 1, "of": 63,
     "change_vs_same_period_pct": 16.7, "components": {"muc_do_hai_long": {"score": 18.0, "max": 18}}},
    {"type": "dossier.supplement_requested", "dossier_id": "TP-20230403-0001", "department": "TU_PHAP",
     "at": "2023-04-04T09:00:00+07:00"},
    {"type": "dossier.supplement_received", "dossier_id": "TP-20230403-0001", "department": "TU_PHAP",
     "at": "2023-04-05T09:00:00+07:00"},
    {"type": "dossier.resolved", "dossier_id": "TP-20230403-0001", "department": "TU_PHAP",
     "resolved_at": "2023-04-07T15:00:00+07:00", "outcome": "approved"},
    {"type": "dossier.withdrawn", "dossier_id": "TP-20230403-0002", "department": "TU_PHAP",
     "at": "2023-04-06T15:00:00+07:00"},
    {"type": "payment.completed", "payment_id": "PAY-0001", "dossier_id": "TP-20230403-0001",
     "department": "TU_PHAP", "amount_vnd": 8000, "method": "national_portal", "paid_at": "2023-04-03T09:20:00+07:00"},
    {"type": "survey.submitted", "survey_id": "KS-2304-0001", "department": "TU_PHAP", "rating": "very_satisfied",
     "submitted_at": "2023-04-07T16:00:00+07:00", "dossier_id": "TP-20230403-0001"},
    {"type": "feedback.received", "feedback_id": "PA-2304-001", "department": "TNMT", "at": "2023-04-03T20:00:00+07:00"},
    {"type": "feedback.resolved", "feedback_id": "PA-2304-001", "department": "TNMT", "at": "2023-04-06T10:00:00+07:00"},
]}
STUBS = {"intake": intake_pb2_grpc.IntakeServiceStub, "processing": processing_pb2_grpc.ProcessingServiceStub,
         "payment": payment_pb2_grpc.PaymentServiceStub, "survey": survey_pb2_grpc.SurveyServiceStub}


def line(type_name: str, **changes) -> dict:
    return {k: v for k, v in {**EXAMPLES[type_name], **changes}.items() if v is not ...}


def payload(type_name: str, **changes):
    return payload_of(parse_object(line(type_name, **changes)))


def event(type_name: str, **changes):
    return parse_object(line(type_name, **changes))


class Served(dict):
    """{service: stub}, and where each service listens."""

    def __init__(self) -> None:
        super().__init__()
        self.addresses: dict[str, str] = {}

    def target_args(self) -> list[str]:
        return [arg for service, address in self.addresses.items() for arg in ("--target", f"{service}={address}")]


@asynccontextmanager
async def serving(settings: Settings, *services: str):
    """The services in this event loop, each on a port of its own, with a stub on its own channel."""
    async with AsyncExitStack() as stack:
        served = Served()
        for service in services:
            own = dataclasses.replace(settings, grpc_port=free_port_pair(), metrics_port=0)
            address = await stack.enter_async_context(running(service, own))
            channel = await stack.enter_async_context(grpc.aio.insecure_channel(address))
            served[service], served.addresses[service] = STUBS[service](channel), address
        yield served


async def read_topic(settings: Settings, service: str, expected: int, timeout: float = 20.0,
                     settle: float = 1.0) -> list:
    """Every record of the service's topic: waits for `expected`, then `settle` seconds for extras."""
    consumer = AIOKafkaConsumer(settings.topic(service), bootstrap_servers=settings.kafka_bootstrap,
                                auto_offset_reset="earliest", enable_auto_commit=False, group_id=None)
    await consumer.start()
    records, deadline = [], time.monotonic() + timeout
    try:
        while len(records) < expected and time.monotonic() < deadline:
            for batch in (await consumer.getmany(timeout_ms=300)).values():
                records.extend(batch)
        settle_until = time.monotonic() + settle
        while time.monotonic() < settle_until:
            for batch in (await consumer.getmany(timeout_ms=200)).values():
                records.extend(batch)
    finally:
        await consumer.stop()
    return records
