"""Run the six services as processes (as production does), watch them, stop them by pid."""
from __future__ import annotations

import os
import sys
import time
import urllib.request
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from motcua import config
from motcua.config import Settings
from motcua_tools.infra.process import InfraError, ManagedProcess

SERVICES = ("intake", "processing", "payment", "survey", "projector", "reporting")


def grpc_serving(port: int) -> bool:
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=1)
            return reply.status == health_pb2.HealthCheckResponse.SERVING
    except grpc.RpcError:
        return False


def metrics_answer(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=1) as resp:
            return resp.status == 200
    except OSError:
        return False


class Stack:
    def __init__(self, settings: Settings, env: dict[str, str] | None = None,
                 services: tuple[str, ...] = SERVICES, ports: dict[str, tuple[int, int]] | None = None,
                 live_port: int | None = None) -> None:
        """`ports`: (gRPC, metrics) per service, by default config.service_ports(). `live_port`, when
        given, is the reporting's live page port: checked free before the start like the others."""
        self.settings = settings
        self.services = services
        self.ports = ports or {s: p for s, p in config.service_ports().items() if s in services}
        self.live_port = live_port
        # A local stack is a development one (dev.json's public tokens) unless the caller says otherwise.
        self.env = {"MOTCUA_ENV": "development", **os.environ, **(env or {}),
                    "MOTCUA_KAFKA_BOOTSTRAP": settings.kafka_bootstrap,
                    "MOTCUA_CLICKHOUSE_URL": settings.clickhouse_url,
                    "MOTCUA_CLICKHOUSE_DATABASE": settings.clickhouse_database,
                    "MOTCUA_TOPIC_PREFIX": settings.topic_prefix,
                    "MOTCUA_STATE_DIR": str(settings.state_dir),
                    "MOTCUA_CLICKHOUSE_CLUSTER": settings.clickhouse_cluster,
                    "MOTCUA_CLICKHOUSE_SHARD_URLS": ",".join(settings.clickhouse_shard_urls)}

    def process(self, service: str) -> ManagedProcess:
        grpc_port, metrics_port = self.ports[service]
        named = [(grpc_port, config.port_variable(service, "grpc")),
                 (metrics_port, config.port_variable(service, "metrics"))]
        if service == "reporting" and self.live_port:
            named.append((self.live_port, "MOTCUA_LIVE_PORT"))
        named = [(port, variable) for port, variable in named if port]
        return ManagedProcess(service, self.settings.state_dir / "services", tuple(p for p, _ in named),
                              tuple(v for _, v in named), self.settings.state_dir / "logs")

    def start(self, timeout: float = 60.0) -> None:
        for service in self.services:
            grpc_port, metrics_port = self.ports[service]
            env = {**self.env, "MOTCUA_GRPC_PORT": str(grpc_port), "MOTCUA_METRICS_PORT": str(metrics_port)}
            if self.live_port is not None:
                env["MOTCUA_LIVE_PORT"] = str(self.live_port)
            ready = (lambda p=grpc_port: grpc_serving(p)) if grpc_port else (lambda p=metrics_port: metrics_answer(p))
            try:
                self.process(service).start([sys.executable, "-m", service], ready=ready,
                                            timeout=timeout, env=env, cwd=Path.cwd())
            except InfraError:
                self.stop()
                raise

    def stop(self) -> None:
        for service in reversed(self.services):
            self.process(service).stop(timeout=20)

    def pid(self, service: str) -> int | None:
        return self.process(service).running_pid()

    def alive(self) -> dict[str, bool]:
        return {s: self.pid(s) is not None for s in self.services}


def wait_for(predicate, timeout: float, interval: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
