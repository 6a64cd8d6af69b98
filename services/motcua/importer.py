"""`motcua import FILE.jsonl`: stream a department's export through the command services' gRPC APIs.

Lines are parsed locally (a bad line is reported with its number and the rest go on), grouped by
owning service, and sent in batches; each service's answer is mapped back to line numbers.
"""
from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

import grpc

from motcua.config import SERVICE_PORTS
from motcua.events import event_type_of
from motcua.interchange import LineError, parse_line
from motcua.v1 import commands_pb2 as cmd
from motcua.v1 import events_pb2 as pb
from motcua.v1 import intake_pb2_grpc, payment_pb2_grpc, processing_pb2_grpc, survey_pb2_grpc

STUBS = {
    "intake": intake_pb2_grpc.IntakeServiceStub,
    "processing": processing_pb2_grpc.ProcessingServiceStub,
    "payment": payment_pb2_grpc.PaymentServiceStub,
    "survey": survey_pb2_grpc.SurveyServiceStub,
}
MAX_LINE_BYTES = 1024 * 1024


@dataclass
class ImportReport:
    lines: int = 0
    accepted: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)
    by_type: dict[str, int] = field(default_factory=dict)

    @property
    def refused(self) -> int:
        return len(self.errors)


def read_lines(stream: IO[bytes]) -> Iterator[tuple[int, str | LineError]]:
    for number, raw in enumerate(stream, start=1):
        if len(raw) > MAX_LINE_BYTES:
            yield number, LineError("", f"line longer than {MAX_LINE_BYTES} bytes")
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, LineError("", f"not UTF-8 (byte {exc.start})")
            continue
        if text.strip():
            yield number, text


class Importer:
    def __init__(self, targets: dict[str, str] | None = None, *, batch_size: int = 1000,
                 credentials: grpc.ChannelCredentials | None = None,
                 metadata: tuple[tuple[str, str], ...] = ()) -> None:
        targets = targets or {s: f"127.0.0.1:{SERVICE_PORTS[s][0]}" for s in STUBS}
        opts = [("grpc.max_send_message_length", 8 * 1024 * 1024)]
        self.channels = {s: (grpc.aio.secure_channel(t, credentials, options=opts) if credentials
                             else grpc.aio.insecure_channel(t, options=opts)) for s, t in targets.items()}
        self.stubs = {s: STUBS[s](ch) for s, ch in self.channels.items()}
        self.batch_size, self.metadata = batch_size, metadata

    async def close(self) -> None:
        await asyncio.gather(*(ch.close() for ch in self.channels.values()))

    async def _send(self, service: str, items: list[tuple[int, pb.Event]], report: ImportReport) -> None:
        batch = cmd.EventBatch(events=[e for _, e in items])
        for attempt in range(5):
            try:
                result = await self.stubs[service].SubmitBatch(batch, metadata=self.metadata, timeout=60)
                break
            except grpc.aio.AioRpcError as exc:
                if exc.code() != grpc.StatusCode.UNAVAILABLE or attempt == 4:
                    for number, _ in items:
                        report.errors.append((number, f"{exc.code().name}: {exc.details()}"))
                    return
                await asyncio.sleep(0.5 * 2 ** attempt)  # same event ids: a retry cannot double-count
        for item in result.results:
            number, event = items[item.index]
            if item.accepted:
                report.accepted += 1
                name = event_type_of(event).name
                report.by_type[name] = report.by_type.get(name, 0) + 1
            else:
                where = f"{item.field}: " if item.field else ""
                report.errors.append((number, f"{item.code}: {where}{item.message}"))

    async def run(self, lines: Iterable[tuple[int, str | LineError]], progress=None) -> ImportReport:
        report = ImportReport()
        pending: dict[str, list[tuple[int, pb.Event]]] = {s: [] for s in self.stubs}
        for number, line in lines:
            report.lines = number
            try:
                if isinstance(line, LineError):
                    raise line
                event = parse_line(line)
                service = event_type_of(event).service
            except LineError as exc:
                report.errors.append((number, str(exc)))
                continue
            pending[service].append((number, event))
            if len(pending[service]) >= self.batch_size:
                await self._send(service, pending[service], report)
                pending[service] = []
            if progress is not None:
                progress(number)
        for service, items in pending.items():
            if items:
                await self._send(service, items, report)
        report.errors.sort()
        return report


def print_report(report: ImportReport, out: IO[str] = sys.stderr, limit: int = 50) -> None:
    for number, reason in report.errors[:limit]:
        print(f"line {number}: {reason}", file=out)
    if report.refused > limit:
        print(f"... and {report.refused - limit} more refused lines", file=out)
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(report.by_type.items()))
    print(f"{report.lines} lines: {report.accepted} accepted, {report.refused} refused ({kinds})", file=out)
