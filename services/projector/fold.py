"""The fold: pure functions from events to rows. No I/O here; writer.py does the inserts.

Every row carries the id of the event it came from and nothing that depends on arrival order, so a
replayed, duplicated or reordered event yields the same rows, which the tables' keys then collapse.
Rows are kept as columns (one list per column), the form ClickHouse inserts without pivoting, and
times as integer milliseconds since the epoch (DateTime64(3) ticks): the cheapest form to insert.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from motcua.events import BY_ONEOF
from motcua.interchange import ENUMS
from projector.contract import INVALID_VALUE, Decoded, Violation
from projector.jsonform import payload_json

COLUMNS: dict[str, tuple[str, ...]] = {
    "events": ("event_id", "type", "occurred_at", "recorded_at", "source", "department", "dossier_id",
               "topic", "partition", "offset", "payload"),
    "dossier_facts": ("dossier_id", "event_id", "recorded_at", "department", "field", "procedure_code",
                      "channel", "received_at", "due_at", "resolved_at", "outcome", "withdrawn_at",
                      "digitized_at", "supplement_requested_at", "supplement_received_at"),
    "payments": ("payment_id", "event_id", "recorded_at", "dossier_id", "department", "amount_vnd",
                 "method", "paid_at"),
    "survey_ratings": ("survey_id", "event_id", "recorded_at", "department", "rating", "submitted_at",
                       "dossier_id"),
    "feedback": ("feedback_id", "event_id", "recorded_at", "department", "received_at", "resolved_at"),
    "accounts_assisted": ("account_ref", "event_id", "recorded_at", "department", "at"),
    "catalog_decisions": ("number", "event_id", "recorded_at", "department", "date", "at", "fields",
                          "changes"),
    "index766": ("period", "event_id", "recorded_at", "total", "rank", "of", "change_vs_same_period_pct",
                 "components"),
}
Rows = dict[str, list[list]]  # table -> its columns, in COLUMNS order
DATE_RANGE = (date(1970, 1, 1), date(2149, 6, 6))  # what a ClickHouse Date holds; beyond, the insert would fail
_MOMENT_SLOT = {"dossier_withdrawn": 0, "dossier_digitized": 1, "supplement_requested": 2, "supplement_received": 3}


def new_rows() -> Rows:
    return {table: [[] for _ in columns] for table, columns in COLUMNS.items()}


def table_rows(rows: Rows, table: str) -> list[tuple]:
    """A table's rows as tuples (for reading; the writer takes the columns as they are)."""
    return list(zip(*rows[table]))


def _add(columns: list[list], row: tuple) -> None:
    any(map(list.append, columns, row))  # each value onto its column, in one C-level loop


def ms(stamp) -> int:
    return stamp.seconds * 1000 + stamp.nanos // 1_000_000


def _names(field: str) -> dict[int, str]:
    prefix, enum = ENUMS[field]
    return {v: enum.Name(v)[len(prefix):].lower() for v in enum.values()}


CHANNEL, OUTCOME, METHOD, RATING = (_names(f) for f in ("channel", "outcome", "method", "rating"))
TYPE_NAME = {oneof: etype.name for oneof, etype in BY_ONEOF.items()}


def _opt_ms(stamp) -> int | None:
    return ms(stamp) if stamp.seconds or stamp.nanos else None


# Each function unpacks its payload's fields in field-number order (contract.SHAPES; a test holds
# these names to the proto), and appends its one row last, so a failure leaves nothing behind.

def _received(rows: Rows, e: Decoded, recorded: int) -> None:
    dossier_id, department, field, procedure, channel, received_at, due_at, _processing_days = e.values
    _add(rows["dossier_facts"], (
        dossier_id, e.event_id, recorded, department, field, procedure, CHANNEL[channel], ms(received_at),
        _opt_ms(due_at), None, "", None, None, None, None))


def _resolved(rows: Rows, e: Decoded, recorded: int) -> None:
    dossier_id, department, resolved_at, outcome = e.values
    _add(rows["dossier_facts"], (
        dossier_id, e.event_id, recorded, department, "", "", "", None, None, ms(resolved_at),
        OUTCOME[outcome], None, None, None, None))


def _dossier_moment(rows: Rows, e: Decoded, recorded: int) -> None:
    """Withdrawn, digitized, supplement requested or received: a time in that event's own column."""
    dossier_id, department, at = e.values
    times = [None, None, None, None]  # withdrawn, digitized, supplement requested, supplement received
    times[_MOMENT_SLOT[e.oneof]] = ms(at)
    _add(rows["dossier_facts"], (
        dossier_id, e.event_id, recorded, department, "", "", "", None, None, None, "", *times))


def _payment(rows: Rows, e: Decoded, recorded: int) -> None:
    payment_id, dossier_id, department, amount_vnd, method, paid_at = e.values
    _add(rows["payments"], (
        payment_id, e.event_id, recorded, dossier_id, department, amount_vnd, METHOD[method], ms(paid_at)))


def _survey(rows: Rows, e: Decoded, recorded: int) -> None:
    survey_id, department, rating, submitted_at, dossier_id = e.values
    _add(rows["survey_ratings"], (
        survey_id, e.event_id, recorded, department, RATING[rating], ms(submitted_at), dossier_id))


def _feedback(rows: Rows, e: Decoded, recorded: int) -> None:
    feedback_id, department, at = e.values
    received, resolved = (ms(at), None) if e.oneof == "feedback_received" else (None, ms(at))
    _add(rows["feedback"], (feedback_id, e.event_id, recorded, department, received, resolved))


def _account(rows: Rows, e: Decoded, recorded: int) -> None:
    account_ref, at, department = e.values
    _add(rows["accounts_assisted"], (account_ref, e.event_id, recorded, department, ms(at)))


def _decision(rows: Rows, e: Decoded, recorded: int) -> None:
    number, day, department, fields, changes, at = e.values
    published = date.fromisoformat(day) if day else None
    if published is not None and not DATE_RANGE[0] <= published <= DATE_RANGE[1]:
        raise Violation(INVALID_VALUE, f"catalog_decision_published.date {day} is outside ClickHouse's Date range")
    _add(rows["catalog_decisions"], (
        number, e.event_id, recorded, department, published, _opt_ms(at), list(fields), list(changes)))


def _index766(rows: Rows, e: Decoded, recorded: int) -> None:
    period, total, rank, of, change_pct, components = e.values
    _add(rows["index766"], (
        period, e.event_id, recorded, total, rank, of, change_pct, {name: (c.score, c.max) for name, c in
        components.items()}))


READ_MODEL: dict[str, Callable] = {
    "dossier_received": _received, "dossier_resolved": _resolved, **dict.fromkeys(_MOMENT_SLOT, _dossier_moment),
    "payment_completed": _payment, "survey_submitted": _survey,
    "feedback_received": _feedback, "feedback_resolved": _feedback,
    "account_assisted": _account, "catalog_decision_published": _decision, "index766_published": _index766,
}


def fold_into(rows: Rows, event: Decoded, topic: str = "", partition: int = 0, offset: int = 0) -> int:
    """Append every row one event (checked, see contract.py) contributes: its archive row and its
    read model's. Returns its recorded_at in milliseconds."""
    recorded = ms(event.recorded_at)
    archived = (event.event_id, TYPE_NAME[event.oneof], ms(event.occurred_at), recorded, event.source,
                event.department, event.dossier_id, topic, partition, offset, payload_json(event))
    READ_MODEL[event.oneof](rows, event, recorded)  # appends last, or raises
    _add(rows["events"], archived)
    return recorded


def fold(event: Decoded, topic: str = "", partition: int = 0, offset: int = 0) -> Rows:
    rows = new_rows()
    fold_into(rows, event, topic, partition, offset)
    return rows
