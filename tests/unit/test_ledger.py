"""The ledger's comparison, its ack files and its verdict, without servers."""
from __future__ import annotations

import io
import json

import pytest

from motcua_tools import ledger
from motcua_tools.ledger import AckLog, compare, read_acks, wait_until_exact


def test_every_acknowledged_id_archived_once_is_exact():
    report = compare(["a", "b", "c"], {"a": 1, "b": 1, "c": 1}, {"a": 1, "b": 1, "c": 1})
    assert report.exact
    assert (report.acknowledged, report.archived, report.raw_rows) == (3, 3, 3)
    assert not report.missing and not report.doubled and not report.doubled_raw and not report.unexpected


def test_an_acknowledged_id_not_archived_is_missing():
    report = compare(["a", "b"], {"a": 1}, {"a": 1})
    assert not report.exact
    assert report.missing == ["b"]


def test_two_rows_under_final_are_doubled_and_not_exact():
    report = compare(["a"], {"a": 2}, {"a": 2})
    assert not report.exact
    assert report.doubled == {"a": 2}


def test_rows_that_only_a_reader_without_final_sees_twice_are_reported_but_exact():
    report = compare(["a", "b"], {"a": 1, "b": 1}, {"a": 3, "b": 1})
    assert report.exact
    assert report.doubled_raw == {"a": 3}
    assert report.raw_rows == 4


def test_archived_ids_nobody_acknowledged_are_unexpected_not_a_loss():
    report = compare(["a"], {"a": 1, "z": 1}, {"a": 1, "z": 1})
    assert report.exact
    assert report.unexpected == ["z"]


def test_the_same_id_acknowledged_twice_counts_once():
    report = compare(["a", "a", "a"], {"a": 1}, {"a": 1})
    assert report.acknowledged == 1 and report.exact


def test_summary_names_each_kind_with_examples_and_the_verdict():
    text = compare(["a", "b"], {"b": 2, "z": 1}, {"b": 2, "z": 1}).summary()
    assert "missing: 1: a" in text
    assert "doubled (FINAL): 1: b" in text
    assert "unexpected: 1: z" in text
    assert text.rstrip().endswith("NOT EXACT")


def test_ack_files_hold_ids_or_json_lines_and_several_files_add_up(tmp_path):
    log = AckLog(tmp_path / "run" / "acks.txt")
    log.record(["id-1", "id-2"])
    log.record([])
    log.close()
    other = tmp_path / "more.jsonl"
    other.write_text(json.dumps({"event_id": "id-3"}) + "\n\n# a comment\nid-1\n")
    assert log.count == 2
    assert read_acks([log.path, other]) == {"id-1", "id-2", "id-3"}


def test_an_ack_log_appends_so_a_restarted_driver_keeps_what_it_had(tmp_path):
    for ids in (["a"], ["b"]):
        log = AckLog(tmp_path / "acks.txt")
        log.record(ids)
        log.close()
    assert read_acks([tmp_path / "acks.txt"]) == {"a", "b"}


def test_waiting_returns_as_soon_as_the_ledger_is_exact_and_gives_up_after_the_timeout():
    reports = iter([compare(["a"], {}, {}), compare(["a"], {"a": 1}, {"a": 1})])
    assert wait_until_exact(lambda: next(reports), timeout=5, interval=0).exact
    assert not wait_until_exact(lambda: compare(["a"], {}, {}), timeout=0.05, interval=0.01).exact


@pytest.mark.parametrize("final, code", [({"a": 1}, 0), ({}, 1)])
def test_the_command_exits_non_zero_unless_exact(tmp_path, monkeypatch, final, code):
    (tmp_path / "acks.txt").write_text("a\n")
    monkeypatch.setattr(ledger, "check", lambda settings, database, acked: compare(acked, final, final))
    out = io.StringIO()
    assert ledger.main(["--acks", str(tmp_path / "acks.txt"), "--database", "db", "--json"], out=out) == code
    assert json.loads(out.getvalue())["exact"] is (code == 0)


def test_an_unreadable_ack_file_is_a_usage_error(tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"not_an_id": 1}\n')
    assert ledger.main(["--acks", str(tmp_path / "bad.jsonl")]) == 2
    assert ledger.main(["--acks", str(tmp_path / "absent.txt")]) == 2
