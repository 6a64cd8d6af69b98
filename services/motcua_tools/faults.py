"""A private stack to hurt: its own Kafka, ClickHouse and six services on free loopback ports with a
state folder of its own, and the faults the fault tests and the soak inject into it.

Restarting its broker or ClickHouse, SIGKILLing or SIGSTOPping its processes and filling its disk
disturb nobody else. `supervise()` plays the part of systemd or Kubernetes (restart what died): the
services must then recover on their own, with no other help.
"""
from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

from motcua import config
from motcua.config import SERVICE_PORTS
from motcua_tools.infra import clickhouse, kafka
from motcua_tools.infra.process import free_port_pairs
from motcua_tools.stack import SERVICES, Stack, grpc_serving, metrics_answer
from motcua_tools.supervisor import Supervisor

COMMAND_SERVICES = ("intake", "processing", "payment", "survey")


class QuotaUnavailable(RuntimeError):
    """A size-limited filesystem could not be mounted here (not root, or no CAP_SYS_ADMIN)."""






class Sandbox:
    def __init__(self, state_dir: Path, *, prefix: str = "sandbox", database: str = "sandbox",
                 clickhouse_quota_mb: int | None = None, env: dict[str, str] | None = None) -> None:
        kafka_port, clickhouse_port, *service_ports = free_port_pairs(2 + len(SERVICES))
        self.settings = dataclasses.replace(
            config.load(), kafka_bootstrap=f"127.0.0.1:{kafka_port}",
            clickhouse_url=f"http://127.0.0.1:{clickhouse_port}", state_dir=state_dir,
            topic_prefix=prefix, clickhouse_database=database)
        self.ports = {s: (base if SERVICE_PORTS[s][0] else 0, base + 1) for s, base in zip(SERVICES, service_ports)}
        self.env = env or {}
        self.stack = Stack(self.settings, env=self.env, ports=self.ports)
        self.quota_mb, self.mounted = clickhouse_quota_mb, None
        self.quota_unavailable: str | None = None  # why a quota could not be had, when it could not
        self.restarts: Counter = Counter()
        self.supervisor = Supervisor(self.restart_dead)

    @property
    def clickhouse_data(self) -> Path:
        return clickhouse.process(self.settings).workdir / "data"

    def targets(self) -> dict[str, str]:
        return {s: f"127.0.0.1:{self.ports[s][0]}" for s in COMMAND_SERVICES}

    def start(self) -> Sandbox:
        try:
            if self.quota_mb:
                self._mount_quota()
            kafka.start(self.settings)
            clickhouse.start(self.settings)
            self.stack.start(timeout=90)
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        self.stop_supervising()
        self.stack.stop()
        clickhouse.stop(self.settings)
        kafka.stop(self.settings)
        if self.mounted is not None:
            subprocess.run(["umount", "-l", str(self.mounted)], capture_output=True)
            self.mounted = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def _mount_quota(self) -> None:
        target = self.clickhouse_data
        target.mkdir(parents=True, exist_ok=True)
        try:
            done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={self.quota_mb}m", "tmpfs", str(target)],
                                  capture_output=True, text=True)
        except OSError as exc:  # no mount command at all
            raise QuotaUnavailable(f"cannot run mount: {exc}") from None
        if done.returncode != 0:
            raise QuotaUnavailable(f"cannot mount a {self.quota_mb} MiB tmpfs on {target}: "
                                   f"{done.stderr.strip() or done.returncode} (needs root with CAP_SYS_ADMIN)")
        self.mounted = target

    # The faults.
    def restart(self, server: str, down_seconds: float = 0.0) -> None:
        """Stop the sandbox's "kafka" or "clickhouse" (data kept), wait, start it again on its ports."""
        module = {"kafka": kafka, "clickhouse": clickhouse}[server]
        module.stop(self.settings)
        time.sleep(down_seconds)
        module.start(self.settings)

    def send_signal(self, service: str, sig: signal.Signals) -> int:
        """SIGKILL (or SIGSTOP, SIGCONT...) the service's process itself; its pid."""
        pid = self.stack.pid(service)
        if pid is None:
            raise RuntimeError(f"{service} is not running")
        os.kill(pid, sig)
        return pid

    def limit_clickhouse_disk(self, headroom_mb: float | None = None) -> None:
        """Shrink the quota to what is used plus `headroom_mb` (the disk is then full at the next
        inserts), or with None give the whole quota back. tmpfs resizes in place, data kept."""
        if self.mounted is None:
            raise QuotaUnavailable(self.quota_unavailable or "ClickHouse's data folder has no quota")
        if headroom_mb is None:
            size = f"{self.quota_mb}m"
        else:
            stat = os.statvfs(self.mounted)
            size = f"{(stat.f_blocks - stat.f_bfree) * stat.f_frsize // 1024 + int(headroom_mb * 1024)}k"
        done = subprocess.run(["mount", "-o", f"remount,size={size}", str(self.mounted)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise QuotaUnavailable(f"cannot resize the tmpfs on {self.mounted}: {done.stderr.strip()}")

    # Supervision and health.
    def restart_dead(self) -> list[str]:
        dead = [s for s, alive in self.stack.alive().items() if not alive]
        for service in dead:
            Stack(self.settings, env=self.env, services=(service,), ports=self.ports).start(timeout=90)
            self.restarts[service] += 1
        return dead

    def supervise(self, interval: float = 0.5) -> None:
        self.supervisor.start(interval)

    def stop_supervising(self) -> None:
        self.supervisor.stop()

    def health(self) -> dict[str, bool]:
        return {s: grpc_serving(g) if g else metrics_answer(m) for s, (g, m) in self.ports.items()}
