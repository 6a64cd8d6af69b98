"""A local cluster on loopback, as production runs it at small scale: three KRaft Kafka nodes
(combined broker+controller, a quorum of 3, replication factor 3, min.insync.replicas 2) and
two ClickHouse shards that know each other through <remote_servers>, for Distributed tables.

`python -m motcua_tools.infra.cluster up|down|status` (make cluster-up / cluster-down). `up` writes
`cluster.env` with the MOTCUA_* settings that point services and tools at the cluster.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from motcua import config
from motcua_tools.infra import clickhouse, kafka
from motcua_tools.infra.process import InfraError, ManagedProcess

CLUSTER_NAME = "motcua"
PARTITIONS = 6


@dataclass(frozen=True)
class Cluster:
    """Where each node listens: Kafka client ports (controller = port + 1) and ClickHouse HTTP ports
    (native = port + 1); state under `root`."""
    root: Path
    broker_ports: tuple[int, ...]
    shard_ports: tuple[int, ...]
    name: str = CLUSTER_NAME

    @property
    def bootstrap(self) -> str:
        return ",".join(f"127.0.0.1:{port}" for port in self.broker_ports)

    @property
    def clickhouse_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.shard_ports]

    def brokers(self) -> list[ManagedProcess]:
        return [ManagedProcess("kafka", self.root / f"kafka-{i}", (p, p + 1))
                for i, p in enumerate(self.broker_ports, start=1)]

    def shards(self) -> list[ManagedProcess]:
        return [ManagedProcess("clickhouse", self.root / f"clickhouse-{i}", (p, p + 1))
                for i, p in enumerate(self.shard_ports, start=1)]

    def settings(self, base: config.Settings) -> config.Settings:
        """`base` pointed at the cluster: every broker as bootstrap, the first shard as the node
        clients talk to (any node would do: Distributed tables route reads and writes)."""
        return dataclasses.replace(base, kafka_bootstrap=self.bootstrap, clickhouse_url=self.clickhouse_urls[0],
                                   clickhouse_cluster=self.name, clickhouse_shard_urls=tuple(self.clickhouse_urls))

    def env(self) -> str:
        return (f"MOTCUA_KAFKA_BOOTSTRAP={self.bootstrap}\nMOTCUA_CLICKHOUSE_URL={self.clickhouse_urls[0]}\n"
                f"MOTCUA_CLICKHOUSE_CLUSTER={self.name}\nMOTCUA_CLICKHOUSE_SHARD_URLS={','.join(self.clickhouse_urls)}\n")


def from_settings(settings: config.Settings) -> Cluster:
    return Cluster(settings.state_dir / "cluster", settings.cluster_kafka_ports, settings.cluster_clickhouse_ports)


def start(settings: config.Settings, cluster: Cluster, timeout: float = 120.0) -> None:
    """Start every node, then wait for all: a quorum member cannot finish starting alone."""
    brokers = cluster.brokers()
    voters = ",".join(f"{i}@127.0.0.1:{b.ports[1]}" for i, b in enumerate(brokers, start=1))
    cluster_id = kafka._kafka_uuid()
    try:
        for node_id, broker in enumerate(brokers, start=1):
            broker.workdir.mkdir(parents=True, exist_ok=True)
            kafka.write_config(broker.workdir, node_id=node_id, port=broker.ports[0],
                               controller=broker.ports[1], voters=voters, replication=3,
                               partitions=PARTITIONS)
            kafka.start_node(settings, broker, cluster_id, wait=False)
        for index, shard in enumerate(cluster.shards(), start=1):
            start_shard(cluster, shard, index)
        deadline = time.monotonic() + timeout
        for broker in brokers:
            while not kafka.is_ready(broker):
                if broker.running_pid() is None:
                    raise InfraError(f"Kafka node in {broker.workdir} exited; see {broker.log_file}")
                if time.monotonic() > deadline:
                    raise InfraError(f"Kafka node in {broker.workdir} not ready after {timeout:.0f}s")
                time.sleep(0.5)
    except Exception:
        stop(cluster)
        raise
    (cluster.root / "cluster.env").write_text(cluster.env())


def create_topics(settings: config.Settings) -> list[str]:
    """The suite's topics, as production creates them before anything runs (Strimzi KafkaTopic,
    docker-compose.cluster.yml's kafka-topics): 6 partitions, 3 replicas, min.insync.replicas 2,
    kept forever. Left to auto-creation, a topic first written while a broker is down cannot get its
    3 replicas and stays leaderless until the broker is back."""
    from kafka.admin import KafkaAdminClient, NewTopic
    from kafka.errors import TopicAlreadyExistsError

    names = [*settings.command_topics, settings.dead_letter_topic]
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka_servers, client_id="motcua-cluster")
    try:
        for name in names:
            try:
                admin.create_topics([NewTopic(name, PARTITIONS, 3, topic_configs={
                    "min.insync.replicas": "2", "retention.ms": "-1"})])
            except TopicAlreadyExistsError:
                pass
    finally:
        admin.close()
    return names


def start_shard(cluster: Cluster, shard: ManagedProcess, index: int) -> int:
    http, tcp = shard.ports
    argv = [sys.executable, "-m", "motcua_tools.infra.clickhouse_server", "--workdir", str(shard.workdir),
            "--http-port", str(http), "--tcp-port", str(tcp), "--cluster", cluster.name,
            "--shard-tcp-ports", ",".join(str(p + 1) for p in cluster.shard_ports), "--shard", str(index)]
    return shard.start(argv, ready=lambda: clickhouse.ping(http), timeout=60)


def stop(cluster: Cluster) -> None:
    for shard in cluster.shards():
        shard.stop(graceful=lambda port=shard.ports[0]: clickhouse.kill_keepalive(port), timeout=15)
    for broker in cluster.brokers():
        broker.stop(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="motcua-cluster")
    parser.add_argument("action", choices=["up", "down", "status"])
    args = parser.parse_args(argv)
    settings = config.load()
    cluster = from_settings(settings)
    try:
        if args.action == "up":
            began = time.monotonic()
            start(settings, cluster)
            print(f"cluster: 3 Kafka nodes ({cluster.bootstrap}) and {len(cluster.shard_ports)} ClickHouse "
                  f"shards ({', '.join(cluster.clickhouse_urls)}) up in {time.monotonic() - began:.1f}s")
            print(f"point services at it with: set -a; . {cluster.root / 'cluster.env'}; set +a")
        elif args.action == "down":
            stop(cluster)
            print("cluster: stopped")
        else:
            for proc in [*cluster.brokers(), *cluster.shards()]:
                pid = proc.running_pid()
                print(f"{proc.workdir.name}: {'running, pid ' + str(pid) if pid else 'not running'}"
                      f" (port {proc.ports[0]})")
    except InfraError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
