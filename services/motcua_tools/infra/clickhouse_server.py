"""Runs ClickHouse (the engine inside the chdb-core wheel) as an HTTP server until killed.

clickhouse-local only listens while a query runs, so a query that never ends keeps the listeners
open; `stop` kills that query over HTTP and the process exits. Started by motcua_tools.infra.clickhouse.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

KEEPALIVE_MARK = "motcua-keepalive"
KEEPALIVE = (
    f"SELECT /* {KEEPALIVE_MARK} */ sleepEachRow(1) FROM numbers(1000000000000) "
    "SETTINGS max_execution_time=0, max_block_size=1 FORMAT Null"
)


def write_config(workdir: Path, http_port: int, tcp_port: int, cluster: str = "",
                 shard_tcp_ports: tuple[int, ...] = (), shard: int = 0) -> None:
    # TabSeparated is the keep-alive's format and so the HTTP default: clickhouse-connect expects it.
    (workdir / "config.xml").write_text(f"""<clickhouse>
  <path>{workdir / 'data'}/</path>
  <listen_host>127.0.0.1</listen_host>
  <http_port>{http_port}</http_port>
  <tcp_port>{tcp_port}</tcp_port>
  <max_server_memory_usage_to_ram_ratio>0.3</max_server_memory_usage_to_ram_ratio>
{_cluster_xml(cluster, shard_tcp_ports, shard)}</clickhouse>
""")


def _cluster_xml(cluster: str, shard_tcp_ports: tuple[int, ...], shard: int) -> str:
    """Every node of a local cluster carries the same <remote_servers>: one shard per node, one
    replica each (Keeper does not run inside chdb-core, so there are no replicated shards here).
    The macros let the same DDL name its shard, as a Replicated deployment would."""
    if not cluster:
        return ""
    shards = "".join(
        f"      <shard><internal_replication>true</internal_replication><replica><host>127.0.0.1</host>"
        f"<port>{port}</port></replica></shard>\n" for port in shard_tcp_ports)
    return (f"  <remote_servers>\n    <{cluster}>\n{shards}    </{cluster}>\n  </remote_servers>\n"
            f"  <macros><cluster>{cluster}</cluster><shard>{shard}</shard><replica>r1</replica></macros>\n")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--tcp-port", type=int, required=True)
    parser.add_argument("--cluster", default="", help="the cluster's name, for a node of a local cluster")
    parser.add_argument("--shard-tcp-ports", default="", help="every shard's native port, comma-separated")
    parser.add_argument("--shard", type=int, default=0)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    ports = tuple(int(p) for p in args.shard_tcp_ports.split(",") if p)
    write_config(args.workdir, args.http_port, args.tcp_port, args.cluster, ports, args.shard)
    os.chdir(args.workdir)  # clickhouse-local reads ./config.xml
    from chdb import _chdb

    try:
        _chdb.query(f"SYSTEM START LISTEN HTTP; SYSTEM START LISTEN TCP; {KEEPALIVE}", "TabSeparated")
    except Exception as exc:  # the keep-alive ends only by KILL QUERY: anything else is a failure
        if "QUERY_WAS_CANCELLED" in str(exc) or "cancelled" in str(exc).lower():
            print("clickhouse: stopped", flush=True)
            return 0
        print(f"clickhouse: server query failed: {exc}", file=sys.stderr, flush=True)
        return 1
    print("clickhouse: keep-alive query returned; exiting", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
