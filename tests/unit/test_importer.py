"""The importer without a network: reading lines, mapping answers back to line numbers, retries."""
from __future__ import annotations

import io
import json

import grpc
import pytest

from motcua.v1 import commands_pb2 as cmd
from motcua_tools.importer import ImportAborted, Importer, print_report, read_lines
from tests.integration.commands_support import EXAMPLES


def rpc_error(code: grpc.StatusCode) -> grpc.aio.AioRpcError:
    return grpc.aio.AioRpcError(code, grpc.aio.Metadata(), grpc.aio.Metadata(), details=code.name.lower())


class FakeService:
    """Accepts every item except those whose index is listed; fails the first calls as told."""

    def __init__(self, refuse: set[int] = frozenset(), failures: list[grpc.StatusCode] = (),
                 known: set[int] = frozenset()) -> None:
        self.refuse, self.failures, self.calls, self.known = set(refuse), list(failures), [], set(known)

    async def SubmitBatch(self, batch, metadata, timeout):
        self.calls.append((len(batch.events), dict(metadata)))
        if self.failures:
            raise rpc_error(self.failures.pop(0))
        offset = sum(n for n, _ in self.calls[:-1])
        results = [cmd.ItemResult(index=i, accepted=True, event_id=f"e{i}", duplicate=offset + i in self.known)
                   if offset + i not in self.refuse else
                   cmd.ItemResult(index=i, accepted=False, code="INVALID_ARGUMENT", field="department",
                                  message="'X' is not a department of the catalog")
                   for i in range(len(batch.events))]
        return cmd.BatchResult(results=results)


def importer(service: FakeService, **options) -> Importer:
    made = Importer({"intake": "127.0.0.1:1"}, **options)
    made.stubs = {"intake": service}
    return made


def lines(*objects) -> list[tuple[int, str]]:
    return [(n, o if isinstance(o, str) else json.dumps(o)) for n, o in enumerate(objects, start=1)]


def test_read_lines_numbers_every_line_and_reports_undecodable_ones():
    data = b"\xef\xbb\xbf{}\n\n\xff\xfe\n" + b"x" * (1024 * 1024 + 1) + b"\n{}\n"
    got = list(read_lines(io.BytesIO(data)))
    assert [n for n, _ in got] == [1, 3, 4, 5]
    assert got[0][1] == "{}\n" and "UTF-8" in str(got[1][1]) and "longer" in str(got[2][1])


async def test_bad_lines_are_reported_by_number_and_the_good_ones_around_them_go_through():
    service = FakeService(refuse={1})  # the service refuses the second line it is sent (line 4)
    received = EXAMPLES["dossier.received"]
    report = await importer(service, batch_size=2).run(lines(
        received, "{not json", {**received, "channel": "fax"}, {**received, "dossier_id": "X-2"},
        {**received, "dossier_id": "X-3"}, {**EXAMPLES["payment.completed"]}))
    assert report.accepted == 2 and report.lines == 6
    assert [n for n, _ in report.errors] == [2, 3, 4, 6]
    assert "channel" in dict(report.errors)[3] and "department" in dict(report.errors)[4]
    assert "no payment service" in dict(report.errors)[6]
    out = io.StringIO()
    print_report(report, out=out)
    assert "line 2: " in out.getvalue() and "6 lines: 2 accepted, 4 refused" in out.getvalue()


async def test_unavailable_is_retried_with_the_same_events_and_the_token_is_sent():
    service = FakeService(failures=[grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED])
    report = await importer(service, token="secret").run(lines(EXAMPLES["dossier.received"]))
    assert report.accepted == 1 and report.refused == 0 and len(service.calls) == 3
    assert service.calls[-1][1]["authorization"] == "Bearer secret"


async def test_the_development_center_token_is_the_default():
    service = FakeService()
    await importer(service).run(lines(EXAMPLES["dossier.received"]))
    assert service.calls[0][1]["authorization"] == "Bearer dev-center"


async def test_an_unknown_token_stops_the_import_at_once():
    service = FakeService(failures=[grpc.StatusCode.UNAUTHENTICATED])
    with pytest.raises(ImportAborted, match="UNAUTHENTICATED"):
        await importer(service, batch_size=1).run(lines(*[EXAMPLES["dossier.received"]] * 5))


async def test_a_batch_that_never_gets_through_reports_each_of_its_lines():
    service = FakeService(failures=[grpc.StatusCode.INTERNAL])
    report = await importer(service).run(lines(EXAMPLES["dossier.received"], EXAMPLES["dossier.digitized"]))
    assert [n for n, _ in report.errors] == [1, 2] and "INTERNAL" in report.errors[0][1]


async def test_counts_by_type_say_what_was_new_known_and_refused():
    service = FakeService(refuse={2}, known={1, 3})
    received, digitized = EXAMPLES["dossier.received"], EXAMPLES["dossier.digitized"]
    report = await importer(service).run(lines(received, received, {**received, "dossier_id": "X-2"}, digitized,
                                               "{not json"))
    assert (report.accepted, report.duplicates, report.refused) == (3, 2, 2)
    assert report.by_type == {"dossier.received": 2, "dossier.digitized": 1}
    assert report.duplicates_by_type == {"dossier.received": 1, "dossier.digitized": 1}
    assert report.refused_by_type == {"dossier.received": 1}  # the unparsable line has no type
    assert report.exit_status == 1
    out = io.StringIO()
    print_report(report, out=out)
    assert "dossier.received: 2 accepted (1 already known), 1 refused" in out.getvalue()


async def test_lines_no_service_answered_are_told_apart_from_refused_ones(monkeypatch):
    monkeypatch.setattr("asyncio.sleep", _no_wait)
    service = FakeService(failures=[grpc.StatusCode.UNAVAILABLE] * 5)
    report = await importer(service).run(lines(EXAMPLES["dossier.received"], "{not json"))
    assert [n for n, _ in report.unreached] == [1] and [n for n, _ in report.errors] == [2]
    assert report.exit_status == 3  # "could not reach" wins over "some refused": the import is incomplete
    out = io.StringIO()
    print_report(report, out=out)
    assert "1 lines not delivered" in out.getvalue() and "line 1: intake not reached: UNAVAILABLE" in out.getvalue()


async def test_an_import_with_every_line_accepted_exits_zero():
    report = await importer(FakeService()).run(lines(EXAMPLES["dossier.received"]))
    assert report.exit_status == 0


async def _no_wait(_seconds):
    return None
