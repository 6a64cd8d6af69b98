"""Reading a record's bytes into a `Decoded` event, and what it must be for the fold to take it.

Anything that breaks the contract is a dead letter, with a reason: the command services validate
before they publish, so a violation here means a producer bypassed them, or a bug. Each protobuf
field is read once here (reading one from the C message builds a new Python object every time),
and the fold and the archive's JSON work from that one reading. A Timestamp counts as set when it
is not the epoch (`seconds or nanos`): no time of this system is 1970-01-01T00:00:00Z.
"""
from __future__ import annotations

from functools import lru_cache
from operator import attrgetter
from typing import Any, NamedTuple

from google.protobuf.message import DecodeError

from motcua.events import BY_ONEOF
from motcua.v1 import events_pb2 as pb

# Reason codes: the metric's label values, so a small fixed set. The detail goes in a header.
UNDECODABLE, NO_PAYLOAD, TYPE_MISMATCH, WRONG_TOPIC, MISSING_ID, MISSING_TIME, INVALID_VALUE, FOLD_ERROR = (
    "undecodable", "no_payload", "type_mismatch", "wrong_topic", "missing_id", "missing_time",
    "invalid_value", "fold_error")
DEAD_LETTER_REASONS = (UNDECODABLE, NO_PAYLOAD, TYPE_MISMATCH, WRONG_TOPIC, MISSING_ID, MISSING_TIME, INVALID_VALUE,
                       FOLD_ERROR)
ID_FIELDS = ("dossier_id", "payment_id", "survey_id", "feedback_id", "account_ref", "number", "period")
ENUM_FIELDS = ("channel", "outcome", "method", "rating")
_new = tuple.__new__  # a NamedTuple without its Python-level __new__: this runs once per event
_ENVELOPE = attrgetter("event_id", "type", "source", "department", "dossier_id", "occurred_at", "recorded_at")


class Violation(ValueError):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code, self.detail = code, detail


class Decoded(NamedTuple):
    oneof: str  # the Event.payload field set, e.g. "dossier_received"
    event_id: str
    type: str
    source: str
    department: str
    dossier_id: str
    occurred_at: Any  # google.protobuf.Timestamp
    recorded_at: Any
    values: tuple  # every payload field, in field-number order (SHAPES[oneof].names); absent optionals None


class _Shape(NamedTuple):
    names: tuple[str, ...]
    values_of: attrgetter
    optional: tuple[int, ...]  # positions of proto3 `optional` scalars
    ids: tuple[int, ...]  # positions of what must be non-empty, set, specified for the type
    times: tuple[int, ...]
    enums: tuple[int, ...]


def _shape(etype) -> _Shape:
    fields = sorted(etype.message.DESCRIPTOR.fields, key=lambda f: f.number)
    names = tuple(f.name for f in fields)
    ids = [n for n in ID_FIELDS if n in names and not (n == "dossier_id" and etype.name == "survey.submitted")]
    times = [etype.time_field] if etype.time_field else []
    if etype.name == "dossier.received":
        times.append("due_at")  # the command side fills it from processing_days when it was not sent
    if etype.name == "catalog.decision_published":
        times = []  # its date may be unknown; occurred_at places it
    enums = [n for n in ENUM_FIELDS if n in names]
    optional = [f.name for f in fields if f.has_presence and f.message_type is None]
    return _Shape(names, attrgetter(*names), *(tuple(names.index(n) for n in group)
                                               for group in (optional, ids, times, enums)))


SHAPES = {oneof: _shape(etype) for oneof, etype in BY_ONEOF.items()}


@lru_cache(maxsize=256)
def service_of(topic: str) -> str:
    """`motcua.intake.v1` -> `intake` (the prefix may itself contain dots)."""
    parts = topic.rsplit(".", 2)
    return parts[-2] if len(parts) == 3 else ""


def decode(value: bytes | None) -> Decoded:
    event = pb.Event()
    try:
        event.ParseFromString(value or b"")
    except DecodeError as exc:
        raise Violation(UNDECODABLE, f"not a motcua.v1.Event: {exc}") from None
    oneof = event.WhichOneof("payload")
    if oneof is None:
        raise Violation(NO_PAYLOAD, "the event carries no payload")
    shape = SHAPES[oneof]
    message = getattr(event, oneof)
    values = shape.values_of(message)
    for at in shape.optional:
        if not message.HasField(shape.names[at]):
            values = (*values[:at], None, *values[at + 1:])
    return _new(Decoded, (oneof, *_ENVELOPE(event), values))


def check(event: Decoded, topic: str) -> None:
    """Raise Violation unless the event keeps the contract (the fold may then rely on it)."""
    etype = BY_ONEOF[event.oneof]
    if event.type != etype.name:
        raise Violation(TYPE_MISMATCH, f"type {event.type[:60]!r} but the payload is {etype.name}")
    if service_of(topic) != etype.service:
        raise Violation(WRONG_TOPIC, f"{etype.name} belongs to {etype.service}, not to topic {topic}")
    if not event.event_id or not event.dossier_id:
        raise Violation(MISSING_ID, "event_id and dossier_id (or the entity id) are required")
    occurred, recorded = event.occurred_at, event.recorded_at
    if not (occurred.seconds or occurred.nanos) or not (recorded.seconds or recorded.nanos):
        raise Violation(MISSING_TIME, "occurred_at and recorded_at are required")
    shape, values = SHAPES[event.oneof], event.values
    for at in shape.ids:
        if not values[at]:
            raise Violation(MISSING_ID, f"{etype.name}.{shape.names[at]} is required")
    for at in shape.times:
        stamp = values[at]
        if not (stamp.seconds or stamp.nanos):
            raise Violation(MISSING_TIME, f"{etype.name}.{shape.names[at]} is required")
    for at in shape.enums:
        if not values[at]:
            raise Violation(INVALID_VALUE, f"{etype.name}.{shape.names[at]} is unspecified")
