"""One local cluster per test session: three KRaft Kafka nodes and two ClickHouse shards, on free
ports, stopped at the end. `make cluster-test` runs this layer (marker `cluster`)."""
from __future__ import annotations

import dataclasses
import uuid

import pytest

from motcua import config
from motcua_tools.infra import cluster
from motcua_tools.infra.process import free_port_pairs


@pytest.fixture(scope="session")
def local_cluster(tmp_path_factory) -> cluster.Cluster:
    layout = cluster.Cluster(tmp_path_factory.mktemp("cluster"), tuple(free_port_pairs(3)), tuple(free_port_pairs(2)))
    base = dataclasses.replace(config.load(), state_dir=layout.root)
    cluster.start(base, layout)
    yield layout
    cluster.stop(layout)


@pytest.fixture
def cluster_settings(local_cluster) -> config.Settings:
    """The cluster, with a topic prefix and database of the test's own."""
    run = uuid.uuid4().hex[:10]
    base = dataclasses.replace(config.load(), state_dir=local_cluster.root / f"run-{run}",
                               topic_prefix=f"c{run}", clickhouse_database=f"c_{run}")
    return local_cluster.settings(base)
