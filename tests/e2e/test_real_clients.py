"""Clients without our code: the real `grpcurl` binary learns every service through server reflection
alone (no proto files), calls each, and decodes the error details; a plain Kafka consumer reads the
record headers and `protoc --decode` reads the value with the committed descriptor set."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kafka import KafkaConsumer

ROOT = Path(__file__).resolve().parents[2]
DESCRIPTOR_SET = ROOT / "proto" / "motcua" / "v1" / "motcua.desc"
GRPCURL = shutil.which("grpcurl")
pytestmark = pytest.mark.skipif(GRPCURL is None, reason="grpcurl is not installed (.ci/run installs it)")

DOSSIER = "TP-20240205-9001"
RECEIVED = {"dossier_id": DOSSIER, "department": "TU_PHAP", "field": "Lý lịch tư pháp", "procedure_code": "TP-001",
            "channel": "CHANNEL_ONLINE", "received_at": "2024-02-05T02:15:00Z", "processing_days": 10}
CALLS = {  # service: (full name, method, request, token)
    "intake": ("motcua.v1.IntakeService", "ReceiveDossier", RECEIVED, "dev-center"),
    "processing": ("motcua.v1.ProcessingService", "ResolveDossier",
                   {"dossier_id": DOSSIER, "department": "TU_PHAP", "resolved_at": "2024-02-07T03:00:00Z",
                    "outcome": "OUTCOME_APPROVED"}, "dev-center"),
    "payment": ("motcua.v1.PaymentService", "CompletePayment",
                {"payment_id": "PAY-9001", "dossier_id": DOSSIER, "department": "TU_PHAP", "amount_vnd": "200000",
                 "method": "PAYMENT_METHOD_NATIONAL_PORTAL", "paid_at": "2024-02-05T02:20:00Z"}, "dev-center"),
    "survey": ("motcua.v1.SurveyService", "SubmitSurvey",
               {"survey_id": "KS-9001", "department": "TU_PHAP", "rating": "RATING_SATISFIED",
                "submitted_at": "2024-02-07T04:00:00Z", "dossier_id": DOSSIER}, "dev-center"),
}


def grpcurl(address: str, *args: str, token: str = "", data: dict | None = None) -> subprocess.CompletedProcess:
    argv = [GRPCURL, "-plaintext", "-max-time", "30"]
    if token:
        argv += ["-H", f"authorization: Bearer {token}"]
    if data is not None:
        argv += ["-d", json.dumps(data, ensure_ascii=False)]
    return subprocess.run([*argv, address, *args], capture_output=True, text=True, timeout=60)


def address(stack, service: str) -> str:
    return f"127.0.0.1:{stack.ports[service][0]}"


@pytest.mark.parametrize("service", ["intake", "processing", "payment", "survey", "reporting"])
def test_reflection_lists_and_describes_each_service(stack, service):
    full_name = CALLS[service][0] if service in CALLS else "motcua.v1.ReportingService"
    listed = grpcurl(address(stack, service), "list")
    assert listed.returncode == 0, listed.stderr
    assert full_name in listed.stdout.split()
    described = grpcurl(address(stack, service), "describe", full_name)
    assert described.returncode == 0, described.stderr
    assert f"service {full_name.rsplit('.', 1)[1]} {{" in described.stdout
    assert "rpc SubmitBatch" in described.stdout or "rpc RenderReport" in described.stdout


@pytest.fixture(scope="module")
def sent(stack) -> dict[str, subprocess.CompletedProcess]:
    """One call on each command service, made once for the module."""
    return {service: grpcurl(address(stack, service), f"{full_name}/{method}", token=token, data=request)
            for service, (full_name, method, request, token) in CALLS.items()}


def test_each_command_service_accepts_a_call_made_from_reflection_alone(sent):
    for service, reply in sent.items():
        assert reply.returncode == 0, f"{service}: {reply.stderr}"
        answer = json.loads(reply.stdout)
        assert answer["event_id"] and not answer.get("duplicate"), (service, answer)


def test_the_reporting_service_answers_with_the_dossier_sent_through_grpcurl(stack, sent):
    deadline, summary = time.monotonic() + 90, {}
    while time.monotonic() < deadline:
        reply = grpcurl(address(stack, "reporting"), "motcua.v1.ReportingService/GetIntakeSummary",
                        token="dev-reader", data={"period": "2024-02"})
        assert reply.returncode == 0, reply.stderr
        summary = json.loads(reply.stdout)
        if summary.get("received"):
            break
        time.sleep(1)
    # One dossier was sent, online: the independent tally of this module's calls.
    assert summary.get("received") == "1" and summary.get("online") == "1", summary


def test_error_details_decode_through_reflection(stack):
    bad = {key: value for key, value in RECEIVED.items() if key != "received_at"}
    reply = grpcurl(address(stack, "intake"), "motcua.v1.IntakeService/ReceiveDossier", token="dev-center", data=bad)
    assert reply.returncode != 0
    assert "InvalidArgument" in reply.stdout + reply.stderr
    out = reply.stdout + reply.stderr
    assert "type.googleapis.com/google.rpc.BadRequest" in out and '"field": "received_at"' in out, out


def test_kafka_records_name_their_content_and_decode_with_the_descriptor_set(stack, sent):
    consumer = KafkaConsumer(stack.settings.topic("intake"), bootstrap_servers=stack.settings.kafka_bootstrap,
                             auto_offset_reset="earliest", consumer_timeout_ms=15000)
    try:
        record = next(iter(consumer))
    finally:
        consumer.close()
    headers = {key: value.decode() for key, value in record.headers}
    assert headers["content-type"] == "application/x-protobuf"
    assert headers["motcua-message"] == "motcua.v1.Event"
    assert headers["motcua-event-type"] == "dossier.received"
    decoded = subprocess.run([sys.executable, "-m", "grpc_tools.protoc", f"--decode={headers['motcua-message']}",
                              f"--descriptor_set_in={DESCRIPTOR_SET}", "motcua/v1/events.proto"],
                             input=record.value, capture_output=True, timeout=60)
    assert decoded.returncode == 0, decoded.stderr
    text = decoded.stdout.decode()
    assert f'dossier_id: "{DOSSIER}"' in text and 'type: "dossier.received"' in text
