"""`make demo`: start Kafka, ClickHouse and the six services; generate the golden month (April 2023
and the months before it), import it through the command services, let the projector fold it, write
out/report-2023-04.{json,docx,html,xlsx} through the Reporting API, and compare every figure with the
published report (motcua_tools/demo/data/golden-2023-04.json). Only this demo reads the golden file; the
report comes from ClickHouse alone. Exit status 1 on any mismatch."""
from __future__ import annotations

import asyncio
import dataclasses
import json
import sys
import time
from pathlib import Path
from typing import Any

import grpc

from motcua import config
from motcua.auth import DEV_READER_TOKEN, with_token
from motcua.v1 import reporting_pb2, reporting_pb2_grpc
from motcua_tools.importer import Importer, print_report, read_lines
from motcua_tools.infra import clickhouse, kafka
from motcua_tools.stack import Stack, wait_for

PERIOD = "2023-04"
GOLDEN = Path(__file__).resolve().parent / "data" / f"golden-{PERIOD}.json"  # see data/README.md
OUT = Path("out")
FORMATS = ("json", "docx", "html", "xlsx", "checks_docx")  # the report, and its checking annex
IDENTITY_KEYS = ("department", "number")  # how the items of a list of records are told apart
MISSING = "<missing>"


def compare_figures(golden: Any, model: Any, path: str = "") -> tuple[list[tuple[str, Any, Any, bool]], list[str]]:
    """Every figure of `golden` against `model` at the same key path: (path, expected, got, equal) rows,
    and notes on lists whose items match but come in another order (the report lists departments in
    catalog order and decisions by date; the published report sometimes does not)."""
    rows: list[tuple[str, Any, Any, bool]] = []
    notes: list[str] = []
    if isinstance(golden, dict):
        for key, value in golden.items():
            if key.startswith("_") or key == "note":
                continue
            got = model.get(key, MISSING) if isinstance(model, dict) else MISSING
            sub_rows, sub_notes = compare_figures(value, got, f"{path}.{key}" if path else key)
            rows, notes = rows + sub_rows, notes + sub_notes
    elif isinstance(golden, list) and golden and all(isinstance(item, dict) for item in golden):
        key = next((k for k in IDENTITY_KEYS if all(k in item for item in golden)), None)
        got_items = model if isinstance(model, list) else []
        by_key = {item.get(key): item for item in got_items if isinstance(item, dict)} if key else {}
        for index, item in enumerate(golden):
            label = f"{path}[{item[key]}]" if key else f"{path}[{index}]"
            match = by_key.get(item[key], MISSING) if key else (got_items[index] if index < len(got_items) else MISSING)
            sub_rows, sub_notes = compare_figures(item, match, label)
            rows, notes = rows + sub_rows, notes + sub_notes
        rows.append((f"{path} (number of items)", len(golden), len(got_items), len(golden) == len(got_items)))
        if key and [i[key] for i in golden] != [i.get(key) for i in got_items if isinstance(i, dict)]:
            notes.append(f"{path}: same items, listed in another order")
    elif isinstance(golden, list):
        same = isinstance(model, list) and sorted(map(str, golden)) == sorted(map(str, model))
        rows.append((path, golden, model, same))
        if same and golden != model:
            notes.append(f"{path}: same items, listed in another order")
    else:
        rows.append((path, golden, model, golden == model and isinstance(golden, bool) == isinstance(model, bool)))
    return rows, notes


def stub(port: int) -> reporting_pb2_grpc.ReportingServiceStub:
    channel = with_token(grpc.insecure_channel(f"127.0.0.1:{port}"), DEV_READER_TOKEN)
    return reporting_pb2_grpc.ReportingServiceStub(channel)


def folded(reporting: reporting_pb2_grpc.ReportingServiceStub) -> int:
    """Distinct events in the archive: the projector writes it last, so the read models have them too."""
    try:
        return reporting.GetDataStatus(reporting_pb2.DataStatusRequest(), timeout=10).events
    except grpc.RpcError:
        return -1


def import_month(path: Path):
    async def send():
        importer = Importer()
        try:
            with path.open("rb") as stream:
                return await importer.run(read_lines(stream))
        finally:
            await importer.close()
    return asyncio.run(send())


def print_comparison(rows: list[tuple[str, Any, Any, bool]], notes: list[str]) -> None:
    width = max(len(path) for path, *_ in rows)
    print(f"\nFigure by figure, the report from ClickHouse against {GOLDEN.name}:")
    for path, expected, got, equal in rows:
        print(f"{'ok  ' if equal else 'DIFF'} {path:<{width}}  golden {json.dumps(expected, ensure_ascii=False)}"
              + ("" if equal else f"  report {json.dumps(got, ensure_ascii=False)}"))
    for note in notes:
        print(f"note {note}")
    bad = sum(not equal for *_, equal in rows)
    print(f"\n{len(rows) - bad} of {len(rows)} figures equal the published report; {bad} differ.")


def main() -> int:
    from motcua_tools.demo import golden_month

    run = time.strftime("%Y%m%d%H%M%S")
    settings = dataclasses.replace(config.load(), clickhouse_database=f"demo_{run}", topic_prefix=f"demo{run}")
    began, started = time.monotonic(), []
    stack = Stack(settings, live_port=config.load_reporting().live_port)
    try:
        for name, server in (("kafka", kafka), ("clickhouse", clickhouse)):
            if server.process(settings).running_pid() is None:
                server.start(settings)
                started.append(server)
            print(f"{name}: ready")
        stack.start()
        print(f"services running ({time.monotonic() - began:.1f}s); database {settings.clickhouse_database}, "
              f"topics {settings.topic_prefix}.*")
        source = OUT / f"golden-{PERIOD}.jsonl"
        golden_month.main(["--out", str(source)])
        report = import_month(source)
        print_report(report, out=sys.stdout)
        expected = report.accepted - report.duplicates
        reporting = stub(stack.ports["reporting"][0])
        if not wait_for(lambda: folded(reporting) >= expected, timeout=180, interval=1):
            print(f"the projector did not fold all {expected} events within 180s")
            return 1
        print(f"all {expected:,} events folded into ClickHouse ({time.monotonic() - began:.1f}s)")
        for fmt in FORMATS:
            enum = reporting_pb2.ReportFormat.Value(f"REPORT_FORMAT_{fmt.upper()}")
            rendered = reporting.RenderReport(reporting_pb2.RenderRequest(period=PERIOD, report_format=enum),
                                              timeout=120)
            (OUT / rendered.filename).write_bytes(rendered.content)
            print(f"wrote {OUT / rendered.filename} ({len(rendered.content):,} bytes, {rendered.content_type})")
        model = json.loads((OUT / f"report-{PERIOD}.json").read_text(encoding="utf-8"))
        rows, notes = compare_figures(json.loads(GOLDEN.read_text(encoding="utf-8")), model)
        print_comparison(rows, notes)
        print(f"demo finished in {time.monotonic() - began:.1f}s")
        return 1 if report.exit_status or not all(equal for *_, equal in rows) else 0
    finally:
        stack.stop()
        for server in reversed(started):
            server.stop(settings)


if __name__ == "__main__":
    sys.exit(main())
