"""`make run|status|stop` (`python -m motcua_tools.suite run|status|stop`): the whole suite in the
background, on the ports of motcua.config: Kafka, ClickHouse and the six services, each by its pid file
in MOTCUA_STATE_DIR (.motcua), all logs in its logs/ folder. `run` returns once every part answers
health; running it again leaves running parts alone."""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from typing import Callable

from motcua import config
from motcua_tools.infra import clickhouse, kafka
from motcua_tools.infra.process import InfraError, ManagedProcess, port_answers
from motcua_tools.stack import Stack, grpc_serving, metrics_answer


@dataclass(frozen=True)
class Part:
    name: str
    process: ManagedProcess
    address: str
    healthy: Callable[[], bool]


def stack(settings: config.Settings) -> Stack:
    return Stack(settings, live_port=config.load_reporting().live_port)


def parts(settings: config.Settings) -> list[Part]:
    kafka_port = int(settings.kafka_bootstrap.split(",")[0].rpartition(":")[2])
    clickhouse_port = clickhouse.process(settings).ports[0]
    found = [Part("kafka", kafka.process(settings), settings.kafka_bootstrap, lambda: port_answers(kafka_port)),
             Part("clickhouse", clickhouse.process(settings), settings.clickhouse_url,
                  lambda: clickhouse.ping(clickhouse_port))]
    services = stack(settings)
    for name in services.services:
        grpc_port, metrics_port = services.ports[name]
        if grpc_port:
            found.append(Part(name, services.process(name), f"grpc 127.0.0.1:{grpc_port}, metrics :{metrics_port}",
                              lambda p=grpc_port: grpc_serving(p)))
        else:
            found.append(Part(name, services.process(name), f"metrics 127.0.0.1:{metrics_port}",
                              lambda p=metrics_port: metrics_answer(p)))
    return found


def run(settings: config.Settings) -> int:
    began = time.monotonic()
    for name, server in (("kafka", kafka), ("clickhouse", clickhouse)):
        pid = server.start(settings)
        print(f"{name}: pid {pid}, healthy ({time.monotonic() - began:.1f}s)", flush=True)
    services = stack(settings)
    services.start()
    for name in services.services:
        print(f"{name}: pid {services.pid(name)}, healthy", flush=True)
    live = config.load_reporting().live_port
    print(f"suite running ({time.monotonic() - began:.1f}s); logs in {settings.state_dir / 'logs'}"
          + (f"; live page http://127.0.0.1:{live}" if live else "") + "; `make stop` stops it")
    return 0


def status(settings: config.Settings) -> int:
    rows = [(p.name, p.process.running_pid(), p.address, p) for p in parts(settings)]
    print(f"{'part':<11} {'pid':>7}  {'health':<8} address")
    for name, pid, address, part in rows:
        health = ("healthy" if part.healthy() else "UNHEALTHY") if pid else "stopped"
        print(f"{name:<11} {pid or '-':>7}  {health:<8} {address}")
    print(f"logs: {settings.state_dir / 'logs'}")
    return 0 if all(pid and part.healthy() for _, pid, _, part in rows) else 1


def stop(settings: config.Settings) -> int:
    """Services first (they flush to Kafka and ClickHouse), then the servers; only what has a live pid."""
    stack(settings).stop()
    for name, server in (("clickhouse", clickhouse), ("kafka", kafka)):
        print(f"{name}: {'stopped' if server.stop(settings) else 'was not running'}")
    print("services: stopped")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m motcua_tools.suite")
    parser.add_argument("action", choices=["run", "status", "stop"])
    args = parser.parse_args(argv)
    try:
        settings = config.load()
        return {"run": run, "status": status, "stop": stop}[args.action](settings)
    except (InfraError, config.ConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
