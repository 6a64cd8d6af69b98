"""The JSONL interchange (docs/domain.md): one JSON object a line <-> an Event envelope.

Parsing checks form only (types, enums, offsets, required fields); what the catalog and the
dossier's state say is the command services' validation.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from google.protobuf.message import Message

from motcua.events import BY_ONEOF, EVENT_TYPES, payload_of
from motcua.v1 import events_pb2 as pb

ENUMS: dict[str, tuple[str, Any]] = {  # json field: (proto enum prefix, enum type)
    "channel": ("CHANNEL_", pb.Channel),
    "outcome": ("OUTCOME_", pb.Outcome),
    "method": ("PAYMENT_METHOD_", pb.PaymentMethod),
    "rating": ("RATING_", pb.Rating),
}
TIMESTAMPS = {"received_at", "due_at", "at", "resolved_at", "paid_at", "submitted_at"}
# Required fields per type, as docs/domain.md lists them ("due_at or processing_days" is checked apart).
REQUIRED: dict[str, tuple[str, ...]] = {
    "dossier.received": ("dossier_id", "department", "field", "procedure_code", "channel", "received_at"),
    "dossier.supplement_requested": ("dossier_id", "at"),
    "dossier.supplement_received": ("dossier_id", "at"),
    "dossier.resolved": ("dossier_id", "resolved_at", "outcome"),
    "dossier.withdrawn": ("dossier_id", "at"),
    "dossier.digitized": ("dossier_id", "at"),
    "payment.completed": ("payment_id", "dossier_id", "department", "amount_vnd", "method", "paid_at"),
    "survey.submitted": ("survey_id", "department", "rating", "submitted_at"),
    "feedback.received": ("feedback_id", "department", "at"),
    "feedback.resolved": ("feedback_id", "department", "at"),
    "account.assisted": ("account_ref", "at"),
    "catalog.decision_published": ("number", "date", "department", "fields", "changes"),
    "index766.published": ("period", "total", "rank", "of", "change_vs_same_period_pct", "components"),
}
ENVELOPE_FIELDS = {"type", "event_id", "source"}


class LineError(ValueError):
    """A line's form is wrong: `field` names where (empty for the line as a whole)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(field, reason)  # not a frozen dataclass: raising must be able to set __traceback__
        self.field, self.reason = field, reason

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}" if self.field else self.reason


def parse_timestamp(name: str, value: Any) -> datetime:
    if not isinstance(value, str):
        raise LineError(name, "must be an ISO 8601 string with an offset")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise LineError(name, f"{value!r} is not an ISO 8601 timestamp") from None
    if parsed.tzinfo is None:
        raise LineError(name, f"{value!r} has no UTC offset (naive timestamps are refused)")
    return parsed


def _set_field(msg: Message, name: str, value: Any) -> None:
    descriptor = msg.DESCRIPTOR.fields_by_name.get(name)
    if descriptor is None:
        raise LineError(name, "unknown field for this type")
    if name in ENUMS:
        prefix, enum = ENUMS[name]
        if not isinstance(value, str) or (prefix + value.upper()) not in enum.keys() or value != value.lower():
            allowed = "|".join(k[len(prefix):].lower() for k in enum.keys() if not k.endswith("UNSPECIFIED"))
            raise LineError(name, f"{value!r} is not one of {allowed}")
        setattr(msg, name, enum.Value(prefix + value.upper()))
    elif name in TIMESTAMPS:
        getattr(msg, name).FromDatetime(parse_timestamp(name, value))
    elif descriptor.type in (descriptor.TYPE_INT32, descriptor.TYPE_INT64):
        if isinstance(value, bool) or not isinstance(value, int):
            raise LineError(name, f"{value!r} must be an integer")
        try:
            setattr(msg, name, value)
        except ValueError:
            raise LineError(name, f"{value} is out of range") from None
    elif descriptor.type == descriptor.TYPE_DOUBLE:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise LineError(name, f"{value!r} must be a number")
        try:
            setattr(msg, name, float(value))
        except OverflowError:
            raise LineError(name, "is too large a number") from None
    elif descriptor.is_repeated:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise LineError(name, "must be a list of strings")
        getattr(msg, name).extend(value)
    elif isinstance(value, str):
        setattr(msg, name, value)
    else:
        raise LineError(name, f"{value!r} must be a string")


def _index766(msg: pb.Index766Published, obj: dict[str, Any]) -> None:
    components = obj.pop("components")
    if not isinstance(components, dict):
        raise LineError("components", "must be an object of {name: {score, max}}")
    for name, comp in components.items():
        if not isinstance(comp, dict) or not {"score", "max"} <= comp.keys():
            raise LineError(f"components.{name}", "must have score and max")
        try:
            msg.components[name].score = float(comp["score"])
            msg.components[name].max = float(comp["max"])
        except (TypeError, ValueError, OverflowError):
            raise LineError(f"components.{name}", "score and max must be numbers") from None


def parse_line(text: str) -> pb.Event:
    """One interchange line to an Event with only event_id, source and the payload set."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LineError("", f"not valid JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(obj, dict):
        raise LineError("", "a line must be a JSON object")
    return parse_object(obj)


def parse_object(obj: dict[str, Any]) -> pb.Event:
    type_name = obj.get("type")
    etype = EVENT_TYPES.get(type_name) if isinstance(type_name, str) else None
    if etype is None:
        raise LineError("type", f"{type_name!r} is not one of {', '.join(EVENT_TYPES)}")
    obj = dict(obj)
    missing = [f for f in REQUIRED[etype.name] if f not in obj or (obj[f] is None and f != "date")]
    if missing:
        raise LineError(missing[0], "is required")
    if etype.name == "dossier.received" and obj.get("due_at") is None and obj.get("processing_days") is None:
        raise LineError("due_at", "due_at or processing_days is required")
    event = pb.Event()
    for name in ("event_id", "source"):
        if name in obj and obj[name] is not None:
            if not isinstance(obj[name], str):
                raise LineError(name, "must be a string")
            setattr(event, name, obj[name])
    payload = getattr(event, etype.oneof_field)
    if etype.name == "index766.published":
        _index766(payload, obj)
    for name, value in obj.items():
        if name in ENVELOPE_FIELDS or value is None:
            continue
        _set_field(payload, name, value)
    if etype.name == "catalog.decision_published" and payload.date:
        try:
            datetime.strptime(payload.date, "%Y-%m-%d")
        except ValueError:
            raise LineError("date", f"{payload.date!r} is not a YYYY-MM-DD date") from None
    return event


def to_object(event: pb.Event) -> dict[str, Any]:
    """An Event back to its interchange form (timestamps in UTC with an explicit offset)."""
    etype = BY_ONEOF[event.WhichOneof("payload")]
    out: dict[str, Any] = {"type": etype.name, "event_id": event.event_id}
    if event.source:
        out["source"] = event.source
    payload = payload_of(event)
    for descriptor, value in payload.ListFields():
        name = descriptor.name
        if name in ENUMS:
            prefix = ENUMS[name][0]
            out[name] = ENUMS[name][1].Name(value)[len(prefix):].lower()
        elif name in TIMESTAMPS:
            out[name] = value.ToDatetime(tzinfo=timezone.utc).isoformat()
        elif name == "components":
            out[name] = {k: {"score": v.score, "max": v.max} for k, v in value.items()}
        elif descriptor.is_repeated:
            out[name] = list(value)
        else:
            out[name] = value
    return out
