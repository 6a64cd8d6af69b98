"""Event types, their owning service, and the envelope every fact travels in."""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from motcua.v1 import events_pb2 as pb


@dataclass(frozen=True)
class EventType:
    name: str          # the interchange's name, e.g. "dossier.received"
    oneof_field: str   # the Event.payload field that carries it
    message: type[Message]
    service: str       # the command service (and topic) that owns it
    time_field: str    # the payload's business-time field
    key_field: str     # the payload field that keys the Kafka record


EVENT_TYPES: dict[str, EventType] = {t.name: t for t in [
    EventType("dossier.received", "dossier_received", pb.DossierReceived, "intake", "received_at", "dossier_id"),
    EventType("dossier.digitized", "dossier_digitized", pb.DossierDigitized, "intake", "at", "dossier_id"),
    EventType("account.assisted", "account_assisted", pb.AccountAssisted, "intake", "at", "account_ref"),
    EventType("catalog.decision_published", "catalog_decision_published", pb.CatalogDecisionPublished,
              "intake", "at", "number"),
    EventType("index766.published", "index766_published", pb.Index766Published, "intake", "", "period"),
    EventType("dossier.supplement_requested", "supplement_requested", pb.SupplementRequested,
              "processing", "at", "dossier_id"),
    EventType("dossier.supplement_received", "supplement_received", pb.SupplementReceived,
              "processing", "at", "dossier_id"),
    EventType("dossier.resolved", "dossier_resolved", pb.DossierResolved, "processing", "resolved_at", "dossier_id"),
    EventType("dossier.withdrawn", "dossier_withdrawn", pb.DossierWithdrawn, "processing", "at", "dossier_id"),
    EventType("payment.completed", "payment_completed", pb.PaymentCompleted, "payment", "paid_at", "dossier_id"),
    EventType("survey.submitted", "survey_submitted", pb.SurveySubmitted, "survey", "submitted_at", "survey_id"),
    EventType("feedback.received", "feedback_received", pb.FeedbackReceived, "survey", "at", "feedback_id"),
    EventType("feedback.resolved", "feedback_resolved", pb.FeedbackResolved, "survey", "at", "feedback_id"),
]}
BY_ONEOF = {t.oneof_field: t for t in EVENT_TYPES.values()}
BY_MESSAGE = {t.message: t for t in EVENT_TYPES.values()}

# Fixed namespace: event ids must be the same on every machine and in every year.
EVENT_ID_NAMESPACE = uuid.UUID("6f1f3c52-6a43-4d1e-9a3e-6d6f74637561")


def types_of(service: str) -> list[EventType]:
    return [t for t in EVENT_TYPES.values() if t.service == service]


def event_type_of(event: pb.Event) -> EventType:
    which = event.WhichOneof("payload")
    if which is None:
        raise ValueError("the event carries no payload")
    return BY_ONEOF[which]


def payload_of(event: pb.Event) -> Message:
    return getattr(event, event_type_of(event).oneof_field)


def payload_digest(etype: EventType, payload: Message) -> bytes:
    """SHA-1 over the type and the payload's canonical bytes: equal facts, equal digests."""
    body = payload.SerializeToString(deterministic=True)
    return hashlib.sha1(EVENT_ID_NAMESPACE.bytes + (etype.name + "\n" + body.hex()).encode()).digest()


def event_id_from_digest(digest: bytes) -> str:
    """The UUIDv5 that uuid.uuid5(EVENT_ID_NAMESPACE, name) gives, without hashing twice."""
    return str(uuid.UUID(bytes=digest[:16], version=5))


def deterministic_event_id(etype: EventType, payload: Message) -> str:
    """The same payload always gets the same id, so a re-sent event is recognised downstream."""
    return event_id_from_digest(payload_digest(etype, payload))


def timestamp_now() -> Timestamp:
    stamp = Timestamp()
    stamp.GetCurrentTime()
    return stamp


def envelope(payload: Message, *, source: str = "", event_id: str = "",
             recorded_at: datetime | Timestamp | None = None) -> pb.Event:
    """Wrap a payload in the envelope: type, ids, business and recorded time."""
    etype = BY_MESSAGE[type(payload)]
    event = pb.Event(type=etype.name, source=source,
                     event_id=event_id or deterministic_event_id(etype, payload))
    getattr(event, etype.oneof_field).CopyFrom(payload)
    if etype.time_field and payload.HasField(etype.time_field):
        event.occurred_at.CopyFrom(getattr(payload, etype.time_field))  # no datetime round trip: hot path
    else:
        event.occurred_at.FromDatetime(business_time(etype, payload))
    if isinstance(recorded_at, Timestamp):
        event.recorded_at.CopyFrom(recorded_at)
    else:
        event.recorded_at.FromDatetime(recorded_at or datetime.now(timezone.utc))
    event.department = getattr(payload, "department", "")
    # Events without a dossier (surveys without one, accounts, publications) use their entity id.
    event.dossier_id = getattr(payload, "dossier_id", "") or str(getattr(payload, etype.key_field))
    return event


LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def business_time(etype: EventType, payload: Message) -> datetime:
    """When the fact happened; a published index belongs to the first moment of its period."""
    if etype.time_field and payload.HasField(etype.time_field):
        return getattr(payload, etype.time_field).ToDatetime(tzinfo=timezone.utc)
    if etype.name == "catalog.decision_published" and payload.date:
        return datetime.strptime(payload.date, "%Y-%m-%d").replace(tzinfo=LOCAL_TZ)
    if etype.name == "index766.published" and payload.period:
        return datetime.strptime(payload.period + "-01", "%Y-%m-%d").replace(tzinfo=LOCAL_TZ)
    raise ValueError(f"{etype.name} carries no business time")


def record_key(event: pb.Event) -> bytes:
    """Kafka key: the dossier id keeps one dossier's events in one partition, in order."""
    return (event.dossier_id or event.event_id).encode()
