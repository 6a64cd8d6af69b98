"""The fold: pure functions from events to rows. No I/O here; writer.py does the inserts."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

from motcua.events import event_type_of, payload_of
from motcua.interchange import ENUMS, to_object
from motcua.v1 import events_pb2 as pb

EVENT_COLUMNS = ["event_id", "type", "occurred_at", "recorded_at", "source", "department",
                 "dossier_id", "topic", "partition", "offset", "payload"]
FACT_COLUMNS = ["dossier_id", "event_id", "recorded_at", "department", "field", "procedure_code",
                "channel", "received_at", "due_at", "resolved_at", "outcome", "withdrawn_at",
                "digitized_at", "supplement_requested_at", "supplement_received_at"]
PAYMENT_COLUMNS = ["payment_id", "event_id", "recorded_at", "dossier_id", "department", "amount_vnd",
                   "method", "paid_at"]
SURVEY_COLUMNS = ["survey_id", "event_id", "recorded_at", "department", "rating", "submitted_at", "dossier_id"]
COLUMNS = {"events": EVENT_COLUMNS, "dossier_facts": FACT_COLUMNS,
           "payments": PAYMENT_COLUMNS, "survey_ratings": SURVEY_COLUMNS}

# dossier event type -> the fact column its time goes to
DOSSIER_TIME_COLUMN = {
    "dossier.received": ("received_at", "received_at"),
    "dossier.resolved": ("resolved_at", "resolved_at"),
    "dossier.withdrawn": ("at", "withdrawn_at"),
    "dossier.digitized": ("at", "digitized_at"),
    "dossier.supplement_requested": ("at", "supplement_requested_at"),
    "dossier.supplement_received": ("at", "supplement_received_at"),
}


@dataclass
class Rows:
    by_table: dict[str, list[list]] = field(default_factory=lambda: {t: [] for t in COLUMNS})

    def extend(self, other: "Rows") -> None:
        for table, rows in other.by_table.items():
            self.by_table[table].extend(rows)

    def count(self) -> int:
        return sum(len(r) for r in self.by_table.values())


def _ts(stamp) -> datetime:
    return stamp.ToDatetime(tzinfo=timezone.utc)


def _enum_name(name: str, value: int) -> str:
    prefix, enum = ENUMS[name]
    return enum.Name(value)[len(prefix):].lower()


def fold(event: pb.Event, topic: str = "", partition: int = 0, offset: int = 0) -> Rows:
    """Every row one event contributes, to every table it touches."""
    etype = event_type_of(event)
    payload = payload_of(event)
    rows = Rows()
    recorded = _ts(event.recorded_at)
    rows.by_table["events"].append([
        event.event_id, etype.name, _ts(event.occurred_at), recorded, event.source, event.department,
        event.dossier_id, topic, partition, offset,
        json.dumps(to_object(event), ensure_ascii=False, separators=(",", ":"))])
    if etype.name in DOSSIER_TIME_COLUMN:
        src, column = DOSSIER_TIME_COLUMN[etype.name]
        fact = dict.fromkeys(FACT_COLUMNS)
        fact.update(dossier_id=event.dossier_id, event_id=event.event_id, recorded_at=recorded,
                    department=event.department, field="", procedure_code="", channel="", outcome="")
        fact[column] = _ts(getattr(payload, src))
        if etype.name == "dossier.received":
            fact.update(field=payload.field, procedure_code=payload.procedure_code,
                        channel=_enum_name("channel", payload.channel), due_at=_ts(payload.due_at))
        elif etype.name == "dossier.resolved":
            fact["outcome"] = _enum_name("outcome", payload.outcome)
        rows.by_table["dossier_facts"].append([fact[c] for c in FACT_COLUMNS])
    elif etype.name == "payment.completed":
        rows.by_table["payments"].append([
            payload.payment_id, event.event_id, recorded, payload.dossier_id, payload.department,
            payload.amount_vnd, _enum_name("method", payload.method), _ts(payload.paid_at)])
    elif etype.name == "survey.submitted":
        rows.by_table["survey_ratings"].append([
            payload.survey_id, event.event_id, recorded, payload.department,
            _enum_name("rating", payload.rating), _ts(payload.submitted_at), payload.dossier_id])
    return rows
