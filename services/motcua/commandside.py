"""The command side's one pipeline: authorize → validate → complete → wrap → publish → answer.

The four command services differ only in which event types they own; this module is what they share.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timezone

import grpc
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from motcua.accepted_memory import AcceptedMemory, Conflict, InFlight
from motcua.auth import Credentials, Principal, permission_problem
from motcua.catalog import Catalog
from motcua.events import BY_MESSAGE, envelope, event_id_from_digest, payload_digest, payload_of, timestamp_now
from motcua.grpc_runtime import abort_refused
from motcua.publishing import EventPublisher, PublishError
from motcua.v1 import commands_pb2 as cmd
from motcua.v1 import events_pb2 as pb
from motcua.validation import FieldError, shape_of, validate, validate_envelope

log = logging.getLogger("motcua.commands")
MAX_BATCH = 5000
UNAVAILABLE = "the event log (Kafka) did not acknowledge; nothing was accepted. Retry: a re-sent event keeps its id"


class Refused(Exception):
    def __init__(self, code: grpc.StatusCode, errors: list[FieldError]) -> None:
        super().__init__(errors[0].message if errors else code.name)
        self.code, self.errors = code, errors


@dataclass(frozen=True)
class Prepared:
    event: pb.Event
    digest: bytes
    duplicate: bool
    type_name: str
    payload: Message  # as sent, before completion
    first_copy: asyncio.Future | None = None  # a copy of this event is being published by another call


class CommandHandler:
    def __init__(self, service: str, catalog: Catalog, publisher: EventPublisher, credentials: Credentials,
                 memory: AcceptedMemory | None = None) -> None:
        self.service, self.catalog, self.publisher = service, catalog, publisher
        self.credentials, self.memory = credentials, memory or AcceptedMemory()
        self.in_flight = InFlight()

    def caller(self, context: grpc.aio.ServicerContext) -> Principal | None:
        return self.credentials.principal(context.invocation_metadata())

    def prepare(self, payload: Message, principal: Principal, *, source: str = "", event_id: str = "",
                recorded_at: Timestamp | None = None) -> Prepared:
        """Authorize, validate and complete one payload into an envelope; raise Refused."""
        etype = BY_MESSAGE.get(type(payload))
        if etype is None or etype.service != self.service:
            owner = etype.service if etype else "no service"
            raise Refused(grpc.StatusCode.INVALID_ARGUMENT,
                          [FieldError("payload", f"{etype.name if etype else 'this type'} belongs to {owner}, "
                                                 f"not {self.service}")])
        has_department = shape_of(type(payload)).has_department
        if has_department and not payload.department and principal.scope == "department":
            payload.department = principal.department  # a department's token speaks for its department
        problem = permission_problem(principal, etype.name, payload.department if has_department else "")
        if problem:
            raise Refused(grpc.StatusCode.PERMISSION_DENIED, [FieldError("department", problem)])
        errors = validate(payload, self.catalog) + validate_envelope(event_id, source)
        if errors:
            raise Refused(grpc.StatusCode.INVALID_ARGUMENT, errors)
        digest = payload_digest(etype, payload)  # before completion: a re-send always gets the same id
        event_id = event_id or event_id_from_digest(digest)
        try:
            self.memory.check_dossier(etype.name, payload)
            duplicate = self.memory.is_duplicate(event_id, digest)
            first_copy = None if duplicate else self.in_flight.first_copy(event_id, digest)
        except Conflict as conflict:
            raise Refused(grpc.StatusCode[conflict.code], [FieldError(conflict.field, conflict.message)]) from None
        completed = payload
        if etype.name == "dossier.received" and not payload.HasField("due_at"):
            completed = _with_computed_due(payload)
        event = envelope(completed, source=source, event_id=event_id, recorded_at=recorded_at or timestamp_now())
        return Prepared(event, digest, duplicate, etype.name, payload, first_copy)

    async def accept(self, payload: Message, context: grpc.aio.ServicerContext) -> cmd.Accepted:
        principal = self.caller(context)
        if principal is None:  # the AuthInterceptor lets none through; a handler never trusts that alone
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, "a bearer token is required")
        metadata = dict(context.invocation_metadata() or ())
        try:
            prepared = self.prepare(payload, principal, source=metadata.get("x-motcua-source", ""),
                                    event_id=metadata.get("x-motcua-event-id", ""))
        except Refused as refused:
            await abort_refused(context, refused.code, [(e.field, e.message) for e in refused.errors])
        if prepared.first_copy is not None:
            await self._await_first_copies(context, [prepared.first_copy])
        elif not prepared.duplicate:
            await self._publish(context, [prepared])
        return cmd.Accepted(event_id=prepared.event.event_id,
                            duplicate=prepared.duplicate or prepared.first_copy is not None)

    async def submit_batch(self, batch: cmd.EventBatch, context: grpc.aio.ServicerContext) -> cmd.BatchResult:
        principal = self.caller(context)
        if principal is None:
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, "a bearer token is required")
        if not principal.may_submit:
            await abort_refused(context, grpc.StatusCode.PERMISSION_DENIED,
                                [("scope", f"{principal.name} has the read-only scope")], "READ_ONLY")
        if len(batch.events) > MAX_BATCH:
            await abort_refused(context, grpc.StatusCode.INVALID_ARGUMENT,
                                [("events", f"at most {MAX_BATCH} per batch, not {len(batch.events)}")])
        recorded_at = timestamp_now()
        results, fresh, in_batch, first_copies = [], [], {}, []
        for index, item in enumerate(batch.events):
            try:
                prepared = self._prepare_item(item, principal, recorded_at)
                event_id = prepared.event.event_id
                if prepared.first_copy is not None:
                    first_copies.append(prepared.first_copy)
                duplicate = (prepared.duplicate or prepared.first_copy is not None
                             or in_batch.get(event_id) == prepared.digest)
                if event_id in in_batch and not duplicate:
                    raise Refused(grpc.StatusCode.ALREADY_EXISTS,
                                  [FieldError("event_id", f"{event_id} names another event of this batch")])
                if not duplicate:
                    in_batch[event_id] = prepared.digest
                    fresh.append(prepared)
                results.append(cmd.ItemResult(index=index, event_id=event_id, accepted=True, duplicate=duplicate))
            except Refused as refused:
                results.append(_refused_item(index, refused))
        await self._publish(context, fresh)  # first, so two calls waiting on each other's copies both proceed
        await self._await_first_copies(context, first_copies)
        refused_count = sum(not r.accepted for r in results)
        return cmd.BatchResult(results=results, accepted=len(results) - refused_count, refused=refused_count,
                               duplicates=sum(r.duplicate for r in results))

    def _prepare_item(self, item: pb.Event, principal: Principal, recorded_at: Timestamp) -> Prepared:
        if item.WhichOneof("payload") is None:
            raise Refused(grpc.StatusCode.INVALID_ARGUMENT, [FieldError("payload", "is required")])
        try:
            return self.prepare(payload_of(item), principal, source=item.source, event_id=item.event_id,
                                recorded_at=recorded_at)
        except Refused:
            raise
        except Exception:  # one malformed item must not fail its neighbours
            log.exception("unexpected error preparing a batch item")
            raise Refused(grpc.StatusCode.INTERNAL, [FieldError("", "the service could not process this item")])

    async def _publish(self, context: grpc.aio.ServicerContext, prepared: list[Prepared]) -> None:
        ids = [p.event.event_id for p in prepared]
        self.in_flight.claim((p.event.event_id, p.digest) for p in prepared)  # before the first await
        published = False
        try:
            await self.publisher.publish_many([p.event for p in prepared])
            published = True
            self.memory.remember((p.event.event_id, p.digest, p.type_name, p.payload) for p in prepared)
        except PublishError as exc:
            log.warning("publish failed: %s", exc)
            await context.abort(grpc.StatusCode.UNAVAILABLE, UNAVAILABLE)
        finally:  # also when the call is cancelled: a waiting copy must never wait forever
            self.in_flight.settle(ids, published)

    async def _await_first_copies(self, context: grpc.aio.ServicerContext, first_copies: list) -> None:
        """A copy is a duplicate once its first copy is acknowledged; if that one failed, so does this
        call (UNAVAILABLE: the sender re-sends, with the same ids)."""
        outcomes = await asyncio.gather(*(asyncio.shield(f) for f in set(first_copies)))
        if not all(outcomes):
            await context.abort(grpc.StatusCode.UNAVAILABLE, UNAVAILABLE)


def _refused_item(index: int, refused: Refused) -> cmd.ItemResult:
    first = refused.errors[0] if refused.errors else FieldError("", refused.code.name)
    return cmd.ItemResult(index=index, accepted=False, code=refused.code.name, field=first.field,
                          message=first.message,
                          violations=[cmd.Violation(field=e.field, description=e.message) for e in refused.errors])


def _with_computed_due(payload: pb.DossierReceived) -> pb.DossierReceived:
    from motcua.deadlines import due_at  # the working-day calendar with Vietnamese holidays

    completed = pb.DossierReceived()
    completed.CopyFrom(payload)
    try:
        due = due_at(payload.received_at.ToDatetime(tzinfo=timezone.utc), payload.processing_days)
    except (ValueError, OverflowError) as exc:
        raise Refused(grpc.StatusCode.INVALID_ARGUMENT, [FieldError("processing_days", str(exc))]) from None
    completed.due_at.FromDatetime(due)
    return completed
