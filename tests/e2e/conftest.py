"""The whole stack as processes, on test ports, once per module."""
from __future__ import annotations

import dataclasses

import pytest

from motcua.config import SERVICE_PORTS
from motcua.stack import Stack

TEST_PORTS = {s: (g + 1000 if g else 0, m + 1000) for s, (g, m) in SERVICE_PORTS.items()}


@pytest.fixture(scope="module")
def stack(infra_settings, tmp_path_factory):
    import uuid

    run = uuid.uuid4().hex[:10]
    settings = dataclasses.replace(infra_settings, topic_prefix=f"e{run}", clickhouse_database=f"e_{run}",
                                   state_dir=tmp_path_factory.mktemp("stack"))
    running = Stack(settings, ports=TEST_PORTS)
    running.start()
    yield running
    running.stop()
