"""`python -m motcua_tools.infra up|down|status`: the local Kafka broker and ClickHouse, by pid."""
from __future__ import annotations

import argparse
import sys
import time

from motcua import config
from motcua_tools.infra import clickhouse, kafka
from motcua_tools.infra.process import InfraError

SERVERS = {"kafka": kafka, "clickhouse": clickhouse}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="motcua-infra")
    parser.add_argument("action", choices=["up", "down", "status"])
    parser.add_argument("servers", nargs="*", help=f"any of {', '.join(SERVERS)} (default: all)")
    args = parser.parse_args(argv)
    unknown = set(args.servers) - set(SERVERS)
    if unknown:
        parser.error(f"unknown server(s): {', '.join(sorted(unknown))}")
    settings = config.load()
    names = args.servers or list(SERVERS)
    try:
        for name in names:
            module = SERVERS[name]
            if args.action == "up":
                began = time.monotonic()
                pid = module.start(settings)
                print(f"{name}: up, pid {pid}, {time.monotonic() - began:.1f}s "
                      f"(log {module.process(settings).log_file})")
            elif args.action == "down":
                print(f"{name}: {'stopped' if module.stop(settings) else 'was not running'}")
            else:
                pid = module.process(settings).running_pid()
                print(f"{name}: {'running, pid ' + str(pid) if pid else 'not running'}")
    except InfraError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
