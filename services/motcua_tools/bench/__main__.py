"""`make bench`: run every benchmark module present, one after the other, on one local stack."""
from __future__ import annotations

import importlib
import logging
import sys

BENCHES = ["commands", "projector", "reporting"]


def quiet_clients() -> None:
    """Keep the figures readable: FastStream's brokers log partition assignments at INFO on a logger
    of their own (whose level each new broker resets, so a filter, not a level), and aiokafka logs
    as ERRORs what a fresh broker answers while it creates a topic or the offsets topic, then serves."""
    logging.getLogger("faststream.access.kafka").addFilter(lambda record: record.levelno >= logging.WARNING)
    logging.getLogger("aiokafka.cluster").addFilter(
        lambda record: "not found in cluster metadata" not in record.getMessage())
    logging.getLogger("aiokafka.consumer.group_coordinator").addFilter(
        lambda record: "GroupCoordinatorNotAvailableError" not in record.getMessage())


def main(argv: list[str]) -> int:
    chosen = argv or BENCHES
    quiet_clients()
    failed = 0
    for name in chosen:
        try:
            module = importlib.import_module(f"motcua_tools.bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"motcua_tools.bench.{name}":
                raise
            print(f"[{name}] no benchmark yet")
            continue
        print(f"\n=== {name} ===", flush=True)
        failed |= module.main() != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
