"""The suite on a local cluster, to hurt: three Kafka nodes, two ClickHouse shards, the six services
and a group of projector processes sharing the partitions, all on free loopback ports.

The faults are those a cluster meets: a partition leader SIGKILLed, projectors SIGKILLed while the
group rebalances, a shard stopped while rows arrive, brokers down under acks=all. `supervise()` plays
Kubernetes (restart what died); the suite must recover on its own.
"""
from __future__ import annotations

import dataclasses
import os
import signal
from collections import Counter
from pathlib import Path

from motcua import config
from motcua.config import SERVICE_PORTS
from motcua_tools.infra import cluster, kafka
from motcua_tools.infra.clickhouse import kill_keepalive
from motcua_tools.infra.process import ManagedProcess, free_port_pairs
from motcua_tools.stack import SERVICES, Stack, grpc_serving, metrics_answer
from motcua_tools.supervisor import Supervisor

COMMAND_SERVICES = ("intake", "processing", "payment", "survey")


class ClusterSandbox:
    """The suite's processes on a running local cluster (`cluster.start`); closing stops the suite,
    not the cluster."""

    def __init__(self, layout: cluster.Cluster, state_dir: Path, *, prefix: str, database: str,
                 projectors: int = 3) -> None:
        self.layout = layout
        base = dataclasses.replace(config.load(), state_dir=state_dir, topic_prefix=prefix,
                                   clickhouse_database=database)
        self.settings = self.layout.settings(base)
        ports = free_port_pairs(len(SERVICES))
        self.ports = {s: (p if SERVICE_PORTS[s][0] else 0, p + 1) for s, p in zip(SERVICES, ports)}
        self.env = {"MOTCUA_LIVE_PORT": "0", "MOTCUA_REPORT_DAY": "0"}
        self.stack = Stack(self.settings, env=self.env, ports=self.ports)
        # Projector replicas beyond the stack's own: each with its state folder and metrics port.
        self.replicas = {f"projector-{n}": self._replica(n, port)
                         for n, port in enumerate(free_port_pairs(projectors - 1), start=2)}
        self.restarts: Counter = Counter()
        self.supervisor = Supervisor(self.restart_dead, name="cluster-supervisor")

    def _replica(self, n: int, port: int) -> Stack:
        settings = dataclasses.replace(self.settings, state_dir=self.settings.state_dir / f"projector-{n}")
        return Stack(settings, env=self.env, services=("projector",), ports={"projector": (0, port)})

    def targets(self) -> dict[str, str]:
        return {s: f"127.0.0.1:{self.ports[s][0]}" for s in COMMAND_SERVICES}

    def start(self) -> ClusterSandbox:
        try:
            cluster.create_topics(self.settings)
            self.stack.start(timeout=120)
            for replica in self.replicas.values():
                replica.start(timeout=120)
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        self.stop_supervising()
        for replica in self.replicas.values():
            replica.stop()
        self.stack.stop()

    # Processes of the suite, by name: the six services and the projector replicas.
    def projectors(self) -> list[str]:
        return ["projector", *self.replicas]

    def pid(self, name: str) -> int | None:
        return self.replicas[name].pid("projector") if name in self.replicas else self.stack.pid(name)

    def kill(self, name: str, sig: signal.Signals = signal.SIGKILL) -> int:
        pid = self.pid(name)
        if pid is None:
            raise RuntimeError(f"{name} is not running")
        os.kill(pid, sig)
        return pid

    def health(self) -> dict[str, bool]:
        states = {s: grpc_serving(g) if g else metrics_answer(m) for s, (g, m) in self.ports.items()}
        states.update({name: metrics_answer(r.ports["projector"][1]) for name, r in self.replicas.items()})
        return states

    # The cluster's own nodes.
    def broker(self, node_id: int) -> ManagedProcess:
        return self.layout.brokers()[node_id - 1]

    def kill_broker(self, node_id: int) -> None:
        pid = self.broker(node_id).running_pid()
        if pid is not None:
            os.killpg(pid, signal.SIGKILL)

    def start_broker(self, node_id: int, timeout: float = 120.0) -> None:
        broker = self.broker(node_id)
        broker.stop(timeout=5)  # reap a killed node's pid file
        kafka.start_node(self.settings, broker, cluster_id=None, timeout=timeout)

    def stop_shard(self, index: int) -> None:
        shard = self.layout.shards()[index - 1]
        shard.stop(graceful=lambda: kill_keepalive(shard.ports[0]), timeout=15)

    def start_shard(self, index: int) -> None:
        cluster.start_shard(self.layout, self.layout.shards()[index - 1], index)

    # Supervision, as Kubernetes would restart a crashed pod.
    def restart_dead(self) -> list[str]:
        dead = [name for name in [*SERVICES, *self.replicas] if self.pid(name) is None]
        for name in dead:
            if name in self.replicas:
                self.replicas[name].start(timeout=120)
            else:
                Stack(self.settings, env=self.env, services=(name,), ports=self.ports).start(timeout=120)
            self.restarts[name] += 1
        return dead

    def supervise(self, interval: float = 0.5) -> None:
        self.supervisor.start(interval)

    def stop_supervising(self) -> None:
        self.supervisor.stop()

    def resident_mb(self) -> dict[str, float]:
        """Resident memory of every process of the cluster and the suite, in MiB."""
        procs = {p.workdir.name: p for p in [*self.layout.brokers(), *self.layout.shards()]}
        found = {name: p.running_pid() for name, p in procs.items()}
        found.update({name: self.pid(name) for name in [*SERVICES, *self.replicas]})
        return {name: _rss_mb(pid) for name, pid in found.items() if pid}


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
