"""Ports come from MOTCUA_* variables (a taken one names its variable); the descriptor set decodes
records without our generated code."""
from __future__ import annotations

import dataclasses
import socket
from pathlib import Path

import pytest
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

from motcua import config
from motcua_tools.infra.process import InfraError, ManagedProcess
from motcua_tools.stack import Stack

pytestmark = pytest.mark.unit

DESCRIPTOR_SET = Path(__file__).resolve().parents[2] / "proto" / "motcua" / "v1" / "motcua.desc"


def test_every_service_port_moves_by_its_own_variable(monkeypatch):
    monkeypatch.setenv("MOTCUA_INTAKE_GRPC_PORT", "41051")
    monkeypatch.setenv("MOTCUA_PROJECTOR_METRICS_PORT", "41105")
    ports = config.service_ports()
    assert ports["intake"] == (41051, 9101)
    assert ports["projector"] == (0, 41105)
    assert ports["reporting"] == (50055, 9106)  # untouched: today's default
    assert config.service_address("intake") == "127.0.0.1:41051"
    assert config.load("intake").grpc_port == 41051
    monkeypatch.setenv("MOTCUA_GRPC_PORT", "7000")  # one process in a container: wins
    assert config.load("intake").grpc_port == 7000


def test_a_port_out_of_range_is_refused_with_its_variable(monkeypatch):
    monkeypatch.setenv("MOTCUA_SURVEY_METRICS_PORT", "70000")
    with pytest.raises(config.ConfigError, match="MOTCUA_SURVEY_METRICS_PORT"):
        config.service_ports()


def test_a_taken_port_is_one_line_naming_the_variable(tmp_path, monkeypatch):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        monkeypatch.setenv("MOTCUA_PAYMENT_METRICS_PORT", str(taken))
        stack = Stack(dataclasses.replace(config.load(), state_dir=tmp_path), services=("payment",))
        with pytest.raises(InfraError) as refused:
            stack.process("payment").start(["true"], ready=lambda: True, timeout=1)
    message = str(refused.value)
    assert "\n" not in message and f"port {taken}" in message and "MOTCUA_PAYMENT_METRICS_PORT" in message


def test_the_live_page_port_is_checked_with_the_reporting_ports(tmp_path):
    process = Stack(config.load(), live_port=41080).process("reporting")
    assert process.ports == (50055, 9106, 41080)
    assert process.variables[-1] == "MOTCUA_LIVE_PORT"


def test_a_process_without_named_variables_still_says_the_port_is_taken(tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        process = ManagedProcess("x", tmp_path, (holder.getsockname()[1],))
        with pytest.raises(InfraError, match="is taken by another process"):
            process.start(["true"], ready=lambda: True, timeout=1)


def test_the_descriptor_set_decodes_an_event_in_a_pool_of_its_own():
    files = descriptor_pb2.FileDescriptorSet.FromString(DESCRIPTOR_SET.read_bytes())
    pool = descriptor_pool.DescriptorPool()
    for file in files.file:  # --include_imports: dependencies come first
        pool.Add(file)
    event_class = message_factory.GetMessageClass(pool.FindMessageTypeByName("motcua.v1.Event"))
    from motcua.v1 import events_pb2  # only to make the bytes a producer would send

    sent = events_pb2.Event(event_id="e-1", type="dossier.received", dossier_id="TP-1")
    sent.dossier_received.department = "TU_PHAP"
    decoded = event_class.FromString(sent.SerializeToString())
    assert (decoded.event_id, decoded.type) == ("e-1", "dossier.received")
    assert decoded.dossier_received.department == "TU_PHAP"
    assert {f.name for f in files.file} >= {"motcua/v1/intake.proto", "motcua/v1/reporting.proto",
                                            "google/protobuf/timestamp.proto"}


def test_stopping_clickhouse_aims_at_the_port_it_was_started_on(tmp_path):
    from motcua_tools.infra import clickhouse
    from motcua_tools.infra.clickhouse_server import write_config

    settings = dataclasses.replace(config.load(), state_dir=tmp_path, clickhouse_url="http://127.0.0.1:41123")
    process = clickhouse.process(settings)
    assert clickhouse._running_port(process) == 41123  # nothing started yet: the settings' port
    process.workdir.mkdir(parents=True)
    write_config(process.workdir, 42123, 42124)
    assert clickhouse._running_port(process) == 42123
