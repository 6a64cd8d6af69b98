"""Shared fixtures. Servers start once per test session, on ports of their own, and stop at its end.

Markers follow the folder (unit, integration, e2e), so `pytest -m unit` never touches the network.
"""
from __future__ import annotations

import dataclasses
import os
import uuid
from pathlib import Path

import pytest

from motcua import config
from motcua_tools.infra import clickhouse, kafka
from motcua_tools.infra.process import free_port_pair  # noqa: F401 - tests import it from here
from tests.strict_skips import (  # noqa: F401 - pytest finds its hooks here
    pytest_collectreport,
    pytest_runtest_logreport,
    pytest_sessionfinish,
    pytest_terminal_summary,
)

ROOT = Path(__file__).resolve().parents[1]
# The tests run a development stack with the public tokens of dev.json (refused in production); set
# before anything reads the settings, and inherited by the services the tests start as processes.
os.environ.setdefault("MOTCUA_ENV", "development")


def run_seed() -> int:
    """A random test's seed: MOTCUA_TEST_SEED when set (to replay a failure), else a fresh one.
    Printed now, so a failing run's captured output names it; tests put it in their messages too."""
    seed = int(os.environ.get("MOTCUA_TEST_SEED") or int.from_bytes(os.urandom(4), "big"))
    print(f"random seed {seed} (replay with MOTCUA_TEST_SEED={seed})")
    return seed


def pytest_collection_modifyitems(items):
    for item in items:
        layer = Path(str(item.fspath)).relative_to(ROOT / "tests").parts[0]
        if layer in ("unit", "integration", "e2e", "faults", "cluster"):
            item.add_marker(getattr(pytest.mark, layer))


@pytest.fixture(scope="session")
def infra_settings(tmp_path_factory) -> config.Settings:
    """Kafka and ClickHouse for the whole session, in a scratch state folder."""
    state = tmp_path_factory.mktemp("state")
    kafka_address = os.environ.get("MOTCUA_TEST_KAFKA_BOOTSTRAP") or f"127.0.0.1:{free_port_pair()}"
    clickhouse_url = os.environ.get("MOTCUA_TEST_CLICKHOUSE_URL") or f"http://127.0.0.1:{free_port_pair()}"
    settings = dataclasses.replace(config.load(), kafka_bootstrap=kafka_address,
                                   clickhouse_url=clickhouse_url, state_dir=state)
    kafka.start(settings)
    try:
        clickhouse.start(settings)
    except Exception:
        kafka.stop(settings)
        raise
    yield settings
    clickhouse.stop(settings)
    kafka.stop(settings)


@pytest.fixture
def settings(infra_settings) -> config.Settings:
    """A unique topic prefix and database per test: tests never see each other's events."""
    run = uuid.uuid4().hex[:10]
    return dataclasses.replace(infra_settings, topic_prefix=f"t{run}", clickhouse_database=f"t_{run}")
