"""The ledger's comparison, its ack files and its verdict, without servers."""
from __future__ import annotations

import io
import json

import pytest

from motcua.v1 import events_pb2 as pb
from motcua_tools import ledger
from motcua_tools.ledger import AckLog, compare, read_acks, wait_until_exact, with_figures
from motcua_tools.ledger_tables import READ_MODELS, ReadModel, RowCounts

RECEIVED = {"type": "dossier.received", "dossier_id": "D1", "department": "TU_PHAP", "channel": "online",
            "received_at": "2023-04-03T09:00:00+07:00", "due_at": "2023-04-10T09:00:00+07:00"}


def rows(raw: dict[str, int], keys: dict[str, int] | None = None, final: dict[str, int] | None = None) -> RowCounts:
    return RowCounts(raw, keys or dict.fromkeys(raw, 1), dict.fromkeys(raw, 1) if final is None else final)


def tables(**given: RowCounts) -> dict[str, RowCounts]:
    return {m.table: given.get(m.table, rows({})) for m in READ_MODELS}


def acked(*ids: str, event: dict | None = None) -> dict:
    return {i: None if event is None else {**event, "event_id": i} for i in ids}


def test_every_acknowledged_event_once_in_its_tables_is_exact():
    report = compare(acked("a", event=RECEIVED), tables(events=rows({"a": 1}), dossier_facts=rows({"a": 1})))
    assert report.exact and report.archived == 1 and not report.unexpected
    assert report.table("dossier_facts").expected == 1 and report.table("payments").expected == 0


def test_an_acknowledged_event_not_archived_is_missing():
    report = compare(acked("a", "b"), tables(events=rows({"a": 1})))
    assert not report.exact and report.missing == ["b"]


def test_an_event_archived_but_absent_from_its_read_model_is_missing_there():
    report = compare(acked("a", event=RECEIVED), tables(events=rows({"a": 1})))
    assert not report.exact and report.table("dossier_facts").missing == ["a"]
    assert "dossier_facts: 1 expected, 0 rows, missing 1 (a)" in report.summary()


def test_an_event_under_two_reader_keys_is_doubled_even_where_final_would_leave_two_rows():
    report = compare(acked("a", event=RECEIVED), tables(
        events=rows({"a": 1}), dossier_facts=rows({"a": 2}, keys={"a": 2}, final={"a": 2})))
    assert not report.exact and report.doubled == {"a": 2}
    assert report.table("dossier_facts").doubled_final == {"a": 2}


def test_unmerged_copies_are_reported_and_harmless_to_a_reader_that_dedupes():
    report = compare(acked("a"), tables(events=rows({"a": 3}, final={"a": 1})))
    assert report.exact and report.table("events").copies == {"a": 3}
    assert "copies without FINAL 1 (a)" in report.summary()


def test_unmerged_copies_are_doubles_for_a_reader_that_counts_rows_as_they_are():
    counting = (ReadModel("events", "event_id", ("*",), dedupes=False),)
    report = compare(acked("a"), {"events": rows({"a": 2}, final={"a": 1})}, counting)
    assert not report.exact and report.doubled == {"a": 2}


def test_a_version_replaced_by_a_later_one_of_its_key_is_superseded_not_missing():
    payment = {"type": "payment.completed", "payment_id": "P1"}
    report = compare({**acked("a", event=payment), **acked("b", event=payment)},
                     tables(events=rows({"a": 1, "b": 1}), payments=rows({"a": 1, "b": 1}, final={"b": 1})))
    assert report.exact and report.table("payments").superseded == ["a"]


def test_a_version_merged_away_by_a_later_one_of_its_key_is_superseded_but_a_lost_key_is_missing():
    first, later, other = ({"type": "payment.completed", "payment_id": key} for key in ("P1", "P1", "P2"))
    events = {**acked("a", event=first), **acked("b", event=later), **acked("c", event=other)}
    merged = RowCounts({"b": 1}, {"b": 1}, {"b": 1}, frozenset({"P1"}))
    report = compare(events, tables(events=rows({"a": 1, "b": 1, "c": 1}), payments=merged))
    assert report.table("payments").superseded == ["a"] and report.table("payments").missing == ["c"]
    assert not report.exact


def test_archived_ids_nobody_acknowledged_are_unexpected_not_a_loss():
    report = compare(acked("a"), tables(events=rows({"a": 1, "z": 1})))
    assert report.exact and report.unexpected == ["z"]


def test_figures_differing_from_the_tally_make_it_inexact_and_are_named():
    events = acked("a", event=RECEIVED)
    report = compare(events, tables(events=rows({"a": 1}), dossier_facts=rows({"a": 1})))
    doubled_read = with_figures(report, events, lambda period: {"dossiers": 2, "new/TU_PHAP/online": 2,
                                                               "open/TU_PHAP": 2})
    assert doubled_read.figures_checked and doubled_read.periods == ["2023-04"] and not doubled_read.exact
    assert "2023-04 dossiers: the report reads 2, the acknowledged events give 1" in doubled_read.summary()
    same = with_figures(report, events, lambda period: {"dossiers": 1, "new/TU_PHAP/online": 1, "open/TU_PHAP": 1})
    assert same.exact and "equal to the acknowledged events' tally" in same.summary()


def test_figures_are_not_checked_while_events_are_missing_or_acks_carry_only_ids():
    never = lambda period: pytest.fail("the figures should not be read")  # noqa: E731
    missing = compare(acked("a", event=RECEIVED), tables())
    assert with_figures(missing, acked("a", event=RECEIVED), never).figures_note == "events are missing"
    only_ids = with_figures(compare(acked("a"), tables(events=rows({"a": 1}))), acked("a"), never)
    assert not only_ids.figures_checked and "NOT CHECKED (1 acks carry only an id)" in only_ids.summary()


def test_ack_files_hold_events_or_ids_and_several_files_add_up(tmp_path):
    log = AckLog(tmp_path / "run" / "acks.jsonl")
    event = pb.Event(dossier_received=pb.DossierReceived(dossier_id="D9", department="TU_PHAP"))
    log.record_events([("id-1", event)])
    log.record(["id-2"])
    log.close()
    other = tmp_path / "more.txt"
    other.write_text("id-3\n\n# a comment\nid-2\n")
    assert log.count == 2
    acks = read_acks([log.path, other])
    assert list(acks) == ["id-1", "id-2", "id-3"] and acks["id-2"] is None and acks["id-3"] is None
    assert acks["id-1"]["type"] == "dossier.received" and acks["id-1"]["dossier_id"] == "D9"
    assert acks["id-1"]["event_id"] == "id-1"


def test_an_ack_log_appends_so_a_restarted_driver_keeps_what_it_had(tmp_path):
    for ids in (["a"], ["b"]):
        log = AckLog(tmp_path / "acks.txt")
        log.record(ids)
        log.close()
    assert set(read_acks([tmp_path / "acks.txt"])) == {"a", "b"}


def test_waiting_returns_as_soon_as_the_ledger_is_exact_and_gives_up_after_the_timeout():
    reports = iter([compare(acked("a"), tables()), compare(acked("a"), tables(events=rows({"a": 1})))])
    assert wait_until_exact(lambda: next(reports), timeout=5, interval=0).exact
    assert not wait_until_exact(lambda: compare(acked("a"), tables()), timeout=0.05, interval=0.01).exact


@pytest.mark.parametrize("archived, code", [({"a": 1}, 0), ({}, 1)])
def test_the_command_exits_non_zero_unless_exact(tmp_path, monkeypatch, archived, code):
    (tmp_path / "acks.txt").write_text("a\n")
    monkeypatch.setattr(ledger, "check", lambda settings, database, acks, periods=None: compare(
        acks, tables(events=rows(archived))))
    out = io.StringIO()
    assert ledger.main(["--acks", str(tmp_path / "acks.txt"), "--database", "db", "--json"], out=out) == code
    assert json.loads(out.getvalue())["exact"] is (code == 0)


def test_an_unreadable_ack_file_is_a_usage_error(tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"not_an_id": 1}\n')
    assert ledger.main(["--acks", str(tmp_path / "bad.jsonl")]) == 2
    assert ledger.main(["--acks", str(tmp_path / "absent.txt")]) == 2
