"""One private stack for the whole faults layer (its own Kafka, ClickHouse and services), so that what
the tests break touches nothing else; its ClickHouse data sits on a size-limited tmpfs when mounting
one is permitted (the full-disk test needs it)."""
from __future__ import annotations

import uuid

import pytest

from motcua.catalog import Catalog
from motcua_tools.faults import QuotaUnavailable, Sandbox
from motcua_tools.ledger import AckLog
from tests.faults.support import Layer

# tmpfs pages cost memory only once written; each small insert is a part of its own per table (tens
# of KiB on disk per event until merges), so the quota is generous and the full-disk test shrinks it.
CLICKHOUSE_QUOTA_MB = 2048


@pytest.fixture(scope="package")
def layer(tmp_path_factory):
    run = uuid.uuid4().hex[:8]
    state = tmp_path_factory.mktemp("faults")
    try:
        sandbox = Sandbox(state, prefix=f"f{run}", database=f"f_{run}", clickhouse_quota_mb=CLICKHOUSE_QUOTA_MB)
        sandbox.start()
    except QuotaUnavailable as exc:
        sandbox = Sandbox(state, prefix=f"f{run}", database=f"f_{run}")
        sandbox.quota_unavailable = str(exc)
        sandbox.start()
    acks = AckLog(state / "acks.txt")
    try:
        yield Layer(sandbox, acks, Catalog.load(sandbox.settings.reference_dir))
    finally:
        acks.close()
        sandbox.close()


@pytest.fixture
def sandbox(layer):
    """The layer's sandbox, healthy at the start of each test (a previous test may have left it hurt)."""
    from motcua_tools.stack import wait_for

    layer.sandbox.restart_dead()
    assert wait_for(lambda: all(layer.sandbox.health().values()), timeout=60, interval=1.0), layer.sandbox.health()
    return layer.sandbox
