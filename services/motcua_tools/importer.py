"""`motcua import FILE.jsonl`: stream a department's export through the command services' gRPC APIs.

Lines are parsed locally (a bad line is reported with its number and the rest go on), grouped by
owning service, and sent in batches, a few in flight at once; each service's answer is mapped back
to line numbers. Retries keep event ids, so a retried batch never counts twice.

Exit statuses of `motcua import` (cli.py): 0 every line accepted; 1 some lines refused (bad lines or
refused by a service, each reported with its number); 2 the caller itself refused (token, scope) or
the file unreadable; 3 some lines never answered (a service could not be reached after retries):
run the import again, lines already accepted come back as duplicates.
"""
from __future__ import annotations

import asyncio
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

import grpc

from motcua import config
from motcua.auth import DEV_CENTER_TOKEN
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
RETRIED = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
FATAL = (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED)


class ImportAborted(RuntimeError):
    """The services refused the caller itself (bad token, read-only scope): no line can go through."""


@dataclass
class ImportReport:
    lines: int = 0
    accepted: int = 0  # re-sent lines included: accepted, and changing nothing
    duplicates: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason): refused lines
    unreached: list[tuple[int, str]] = field(default_factory=list)  # lines no service answered
    by_type: Counter = field(default_factory=Counter)             # accepted, re-sent lines included
    duplicates_by_type: Counter = field(default_factory=Counter)
    refused_by_type: Counter = field(default_factory=Counter)     # refused by a service (parsed lines)

    @property
    def refused(self) -> int:
        return len(self.errors)

    @property
    def exit_status(self) -> int:
        return 3 if self.unreached else 1 if self.errors else 0


def read_lines(stream: IO[bytes]) -> Iterator[tuple[int, str | LineError]]:
    for number, raw in enumerate(stream, start=1):
        if len(raw) > MAX_LINE_BYTES:
            yield number, LineError("", f"line longer than {MAX_LINE_BYTES} bytes")
            continue
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield number, LineError("", f"not UTF-8 (byte {exc.start})")
            continue
        if text.strip():
            yield number, text


class Importer:
    def __init__(self, targets: dict[str, str] | None = None, *, batch_size: int = 1000,
                 credentials: grpc.ChannelCredentials | None = None, token: str | None = None,
                 metadata: tuple[tuple[str, str], ...] = (), in_flight: int = 4,
                 on_accepted: Callable[[list[tuple[str, pb.Event]]], None] | None = None) -> None:
        targets = targets or {s: config.service_address(s) for s in STUBS}
        opts = [("grpc.max_send_message_length", 8 * 1024 * 1024)]
        self.channels = {s: (grpc.aio.secure_channel(t, credentials, options=opts) if credentials
                             else grpc.aio.insecure_channel(t, options=opts)) for s, t in targets.items()}
        self.stubs = {s: STUBS[s](ch) for s, ch in self.channels.items()}
        # Without a token of its own the importer speaks as the development Center (deploy/credentials).
        self.metadata = (("authorization", f"Bearer {token or DEV_CENTER_TOKEN}"), *metadata)
        self.batch_size, self.in_flight = batch_size, in_flight
        self.on_accepted = on_accepted  # (event id, event) of each accepted line, e.g. into a ledger's ack log

    async def close(self) -> None:
        await asyncio.gather(*(ch.close() for ch in self.channels.values()))

    async def _call(self, service: str, batch: cmd.EventBatch) -> cmd.BatchResult:
        for attempt in range(5):
            try:
                return await self.stubs[service].SubmitBatch(batch, metadata=self.metadata, timeout=60)
            except grpc.aio.AioRpcError as exc:
                if exc.code() in FATAL:
                    raise ImportAborted(f"{service}: {exc.code().name}: {exc.details()}") from None
                if exc.code() not in RETRIED or attempt == 4:
                    raise
                await asyncio.sleep(0.5 * 2 ** attempt)  # same event ids: a retry cannot double-count
        raise AssertionError("unreachable")

    async def _send(self, service: str, items: list[tuple[int, pb.Event]], report: ImportReport) -> None:
        try:
            result = await self._call(service, cmd.EventBatch(events=[e for _, e in items]))
        except grpc.aio.AioRpcError as exc:
            reason = f"{exc.code().name}: {exc.details()}"
            if exc.code() in RETRIED:  # never answered: not a verdict on the lines
                report.unreached.extend((number, f"{service} not reached: {reason}") for number, _ in items)
            else:
                report.errors.extend((number, reason) for number, _ in items)
                report.refused_by_type.update(event_type_of(event).name for _, event in items)
            return
        if self.on_accepted is not None:
            self.on_accepted([(item.event_id, items[item.index][1]) for item in result.results if item.accepted])
        for item in result.results:
            number, event = items[item.index]
            name = event_type_of(event).name
            if item.accepted:
                report.accepted += 1
                report.duplicates += item.duplicate
                report.by_type[name] += 1
                report.duplicates_by_type[name] += item.duplicate
            else:
                where = f"{item.field}: " if item.field else ""
                report.errors.append((number, f"{item.code}: {where}{item.message}"))
                report.refused_by_type[name] += 1

    async def run(self, lines: Iterable[tuple[int, str | LineError]],
                  progress: Callable[[int], None] | None = None) -> ImportReport:
        report = ImportReport()
        pending: dict[str, list[tuple[int, pb.Event]]] = {s: [] for s in self.stubs}
        slots, sending = asyncio.Semaphore(self.in_flight), set()

        async def send(service: str, items: list[tuple[int, pb.Event]]) -> None:
            try:
                await self._send(service, items, report)
            finally:
                slots.release()

        async def flush(service: str) -> None:
            items, pending[service] = pending[service], []
            await slots.acquire()
            _raise_first_failure(sending)
            task = asyncio.create_task(send(service, items))
            sending.add(task)

        try:
            for number, line in lines:
                report.lines = number
                self._take(number, line, pending, report)
                for service, items in pending.items():
                    if len(items) >= self.batch_size:
                        await flush(service)
                if progress is not None:
                    progress(number)
            for service, items in pending.items():
                if items:
                    await flush(service)
            await asyncio.gather(*sending)
        finally:
            for task in sending:
                task.cancel()
        report.errors.sort()
        report.unreached.sort()
        return report

    def _take(self, number: int, line: str | LineError, pending: dict, report: ImportReport) -> None:
        try:
            if isinstance(line, LineError):
                raise line
            event = parse_line(line)
            service = event_type_of(event).service
        except LineError as exc:
            report.errors.append((number, str(exc)))
            return
        if service not in pending:
            report.errors.append((number, f"{event.type}: no {service} service to send it to"))
        else:
            pending[service].append((number, event))


def _raise_first_failure(tasks: set[asyncio.Task]) -> None:
    for task in [t for t in tasks if t.done()]:
        tasks.discard(task)
        task.result()  # an ImportAborted stops the import at once


def print_report(report: ImportReport, out: IO[str] = sys.stderr, limit: int = 50) -> None:
    for number, reason in report.errors[:limit]:
        print(f"line {number}: {reason}", file=out)
    if report.refused > limit:
        print(f"... and {report.refused - limit} more refused lines", file=out)
    for number, reason in report.unreached[:limit]:
        print(f"line {number}: {reason}", file=out)
    again = f", {report.duplicates} of them already known" if report.duplicates else ""
    print(f"{report.lines} lines: {report.accepted} accepted{again}, {report.refused} refused", file=out)
    for name in sorted(report.by_type.keys() | report.refused_by_type.keys()):
        known = report.duplicates_by_type[name]
        print(f"  {name}: {report.by_type[name]} accepted" + (f" ({known} already known)" if known else "")
              + (f", {report.refused_by_type[name]} refused" if report.refused_by_type[name] else ""), file=out)
    if report.unreached:
        print(f"{len(report.unreached)} lines not delivered: the services could not be reached. Run the "
              f"import again; lines already accepted come back as duplicates", file=out)
