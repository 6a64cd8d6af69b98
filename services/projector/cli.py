"""`motcua projector rebuild|lag`: projector administration."""
from __future__ import annotations

import argparse
import asyncio

from motcua import config


def _rebuild(settings: config.Settings) -> int:
    from projector.rebuild import RebuildRefused, rebuild

    try:
        done = asyncio.run(rebuild(settings))
    except RebuildRefused as exc:
        print(f"error: {exc}")
        return 2
    dead = ", ".join(f"{code} {n}" for code, n in sorted(done.replayed.dead.items())) or "none"
    print(f"rebuilt {len(done.tables)} tables from {done.replayed.records:,} records in {done.seconds:.1f}s "
          f"(dead letters skipped: {dead})")
    return 0


def _lag(settings: config.Settings) -> int:
    from kafka.admin import KafkaAdminClient

    from projector.app import group_id
    from projector.metrics import consumer_lag

    admin = KafkaAdminClient(bootstrap_servers=settings.kafka_servers, client_id="motcua-cli")
    try:
        lag = consumer_lag(admin, group_id(settings), settings.command_topics)
    finally:
        admin.close()
    for (topic, partition), behind in sorted(lag.items()):
        print(f"{topic}[{partition}] {behind:,}")
    print(f"total {sum(lag.values()):,} records not yet projected")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="motcua projector")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("rebuild", help="replay the log into fresh read-model tables and swap them in atomically")
    sub.add_parser("lag", help="records of each partition not yet committed by the projector")
    args = parser.parse_args(argv)
    settings = config.load("projector")
    return _rebuild(settings) if args.command == "rebuild" else _lag(settings)
