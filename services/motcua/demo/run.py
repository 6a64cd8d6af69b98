"""`make demo`: start Kafka, ClickHouse and the six services, send a month through the command
side, read it back through the Reporting API, compare, and stop everything it started."""
from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter

import grpc

from motcua import config
from motcua.catalog import Catalog
from motcua.demo.sample import received_dossiers
from motcua.importer import Importer, print_report
from motcua.infra import clickhouse, kafka
from motcua.stack import Stack, wait_for
from motcua.v1 import reporting_pb2, reporting_pb2_grpc

PERIOD = "2023-04"
DOSSIERS = 400


def intake_summary(port: int) -> reporting_pb2.IntakeSummary:
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        return reporting_pb2_grpc.ReportingServiceStub(channel).GetIntakeSummary(
            reporting_pb2.PeriodRequest(period=PERIOD), timeout=10)


def compare(lines: list[dict], summary: reporting_pb2.IntakeSummary) -> list[str]:
    sent = Counter((l["department"], l["channel"]) for l in lines)
    got = Counter({(d.department, c): getattr(d, c) for d in summary.departments
                   for c in ("online", "direct", "postal") if getattr(d, c)})
    return [f"{dept} {channel}: sent {sent[(dept, channel)]}, reported {got[(dept, channel)]}"
            for dept, channel in sorted(set(sent) | set(got)) if sent[(dept, channel)] != got[(dept, channel)]]


def main() -> int:
    settings = config.load()
    began = time.monotonic()
    started = []
    stack = Stack(settings)
    try:
        for name, server in (("kafka", kafka), ("clickhouse", clickhouse)):
            if server.process(settings).running_pid() is None:
                server.start(settings)
                started.append(server)
            print(f"{name}: ready")
        stack.start()
        print(f"services: {', '.join(stack.services)} running ({time.monotonic() - began:.1f}s)")
        lines = received_dossiers(Catalog.load(settings.reference_dir), PERIOD, DOSSIERS, seed=int(time.time()),
                                  prefix=f"DEMO{int(time.time())}")
        before = intake_summary(stack.ports["reporting"][0]).received

        async def send():
            importer = Importer()
            try:
                return await importer.run((n, json.dumps(l)) for n, l in enumerate(lines, start=1))
            finally:
                await importer.close()

        report = asyncio.run(send())
        print_report(report, out=sys.stdout)
        port = stack.ports["reporting"][0]
        wait_for(lambda: intake_summary(port).received >= before + len(lines), timeout=60)
        summary = intake_summary(port)
        print(f"\nIntake {PERIOD} from the Reporting API (all runs so far: {summary.received} dossiers)")
        print(f"{'department':<40}{'received':>9}{'online':>8}{'direct':>8}{'postal':>8}")
        for d in summary.departments:
            print(f"{d.name:<40}{d.received:>9}{d.online:>8}{d.direct:>8}{d.postal:>8}")
        mismatches = compare(lines, summary) if before == 0 else []
        if before == 0:
            print("\n" + ("every figure equals what was sent" if not mismatches else "\n".join(mismatches)))
        else:
            ok = summary.received == before + len(lines)
            mismatches = [] if ok else [f"expected {before + len(lines)}, reported {summary.received}"]
            print(f"\nsent {len(lines)} more dossiers; total {'matches' if ok else 'DOES NOT match'}")
        print(f"demo finished in {time.monotonic() - began:.1f}s")
        return 1 if mismatches or report.refused else 0
    finally:
        stack.stop()
        for server in reversed(started):
            server.stop(settings)


if __name__ == "__main__":
    sys.exit(main())
