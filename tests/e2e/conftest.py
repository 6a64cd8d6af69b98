"""The whole stack as processes, on test ports, once per module."""
from __future__ import annotations

import dataclasses

import pytest

from motcua.config import SERVICE_PORTS
from motcua_tools.stack import Stack
from tests.conftest import free_port_pair


def free_service_ports() -> dict[str, tuple[int, int]]:
    """Random free ports per service (gRPC, metrics): parallel test sessions never collide."""
    ports = {}
    for service, (grpc_port, _) in SERVICE_PORTS.items():
        base = free_port_pair()
        ports[service] = (base if grpc_port else 0, base + 1)
    return ports


@pytest.fixture(scope="module")
def stack(infra_settings, tmp_path_factory):
    import uuid

    run = uuid.uuid4().hex[:10]
    settings = dataclasses.replace(infra_settings, topic_prefix=f"e{run}", clickhouse_database=f"e_{run}",
                                   state_dir=tmp_path_factory.mktemp("stack"))
    running = Stack(settings, ports=free_service_ports())
    running.start()
    yield running
    running.stop()
