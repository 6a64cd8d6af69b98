"""`make bench`: run every benchmark module present, one after the other, each on servers of its
own; write every figure and every goal, met or not, to out/bench.json (or --out), and exit non-zero
when a goal is missed or a bench fails. Sizes: the MOTCUA_BENCH_* variables each bench names."""
from __future__ import annotations

import argparse
import importlib
import logging
import sys
import traceback
from pathlib import Path

from motcua.config import REPO_ROOT
from motcua_tools.bench.goals import RESULTS

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
    parser = argparse.ArgumentParser(prog="python -m motcua_tools.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("benches", nargs="*", choices=[[], *BENCHES], default=[], metavar="BENCH",
                        help=f"which to run (default: all of {', '.join(BENCHES)})")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "out" / "bench.json")
    args = parser.parse_args(argv)
    quiet_clients()
    for name in args.benches or BENCHES:
        module = importlib.import_module(f"motcua_tools.bench.{name}")
        print(f"\n=== {name} ===", flush=True)
        try:
            if module.main() != 0:
                RESULTS.failures.setdefault(name, "the bench reported a failure (see its output)")
        except Exception as exc:  # noqa: BLE001 - one bench failing must not lose the others' figures
            traceback.print_exc()
            RESULTS.failures[name] = f"{type(exc).__name__}: {exc}"
    RESULTS.write(args.out)
    missed = [f"{g.bench}: {g.name}" for g in RESULTS.goals if not g.met]
    print(f"\nfigures and goals written to {args.out}: {len(RESULTS.goals) - len(missed)} of "
          f"{len(RESULTS.goals)} goals met" + (f"; missed: {'; '.join(missed)}" if missed else "")
          + (f"; failed: {', '.join(RESULTS.failures)}" if RESULTS.failures else ""))
    return 0 if RESULTS.all_met else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
