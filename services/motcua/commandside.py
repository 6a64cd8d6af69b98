"""The command side's one pipeline: validate → complete → wrap in the envelope → publish → answer.

The four command services differ only in which event types they own; this module is what they share.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timezone

import grpc
from google.protobuf.message import Message

from motcua import config
from motcua.catalog import Catalog
from motcua.events import BY_MESSAGE, envelope, event_type_of, payload_of
from motcua.grpc_runtime import abort_invalid, serve
from motcua.publishing import EventPublisher, PublishError
from motcua.v1 import commands_pb2 as cmd
from motcua.v1 import events_pb2 as pb
from motcua.validation import FieldError, validate

log = logging.getLogger("motcua.commands")
MAX_BATCH = 5000


class Refused(Exception):
    def __init__(self, code: grpc.StatusCode, errors: list[FieldError]) -> None:
        super().__init__(errors[0].message if errors else code.name)
        self.code, self.errors = code, errors


class CommandHandler:
    def __init__(self, service: str, catalog: Catalog, publisher: EventPublisher) -> None:
        self.service, self.catalog, self.publisher = service, catalog, publisher

    def prepare(self, payload: Message, *, source: str = "", event_id: str = "") -> pb.Event:
        """Validate and complete one payload into an envelope; raise Refused with field errors."""
        etype = BY_MESSAGE.get(type(payload))
        if etype is None or etype.service != self.service:
            owner = etype.service if etype else "no service"
            raise Refused(grpc.StatusCode.INVALID_ARGUMENT,
                          [FieldError("payload", f"this event type belongs to {owner}, not {self.service}")])
        errors = validate(payload, self.catalog)
        if errors:
            raise Refused(grpc.StatusCode.INVALID_ARGUMENT, errors)
        if etype.name == "dossier.received" and not payload.HasField("due_at"):
            payload = self._with_computed_due(payload)
        return envelope(payload, source=source, event_id=event_id)

    def _with_computed_due(self, payload: pb.DossierReceived) -> pb.DossierReceived:
        from motcua.deadlines import due_at  # the working-day calendar; Vietnamese holidays

        completed = pb.DossierReceived()
        completed.CopyFrom(payload)
        received = payload.received_at.ToDatetime(tzinfo=timezone.utc)
        completed.due_at.FromDatetime(due_at(received, payload.processing_days))
        return completed

    async def accept(self, payload: Message, context: grpc.aio.ServicerContext) -> cmd.Accepted:
        metadata = dict(context.invocation_metadata() or ())
        try:
            event = self.prepare(payload, source=metadata.get("x-motcua-source", ""),
                                 event_id=metadata.get("x-motcua-event-id", ""))
        except Refused as refused:
            await abort_invalid(context, [(e.field, e.message) for e in refused.errors])
        try:
            await self.publisher.publish(event)
        except PublishError as exc:
            log.warning("publish failed: %s", exc)
            await context.abort(grpc.StatusCode.UNAVAILABLE, "the event log is unavailable; retry (nothing was accepted)")
        return cmd.Accepted(event_id=event.event_id)

    async def submit_batch(self, batch: cmd.EventBatch, context: grpc.aio.ServicerContext) -> cmd.BatchResult:
        if len(batch.events) > MAX_BATCH:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"events: at most {MAX_BATCH} per batch")
        results, ready = [], []
        for index, item in enumerate(batch.events):
            try:
                if item.WhichOneof("payload") is None:
                    raise Refused(grpc.StatusCode.INVALID_ARGUMENT, [FieldError("payload", "is required")])
                event = self.prepare(payload_of(item), source=item.source, event_id=item.event_id)
                ready.append(event)
                results.append(cmd.ItemResult(index=index, event_id=event.event_id, accepted=True))
            except Refused as refused:
                first = refused.errors[0]
                results.append(cmd.ItemResult(index=index, accepted=False, code=refused.code.name,
                                              field=first.field, message=first.message))
        try:
            await self.publisher.publish_many(ready)
        except PublishError as exc:
            log.warning("batch publish failed: %s", exc)
            await context.abort(grpc.StatusCode.UNAVAILABLE, "the event log is unavailable; retry the batch "
                                "(re-sent events keep their ids, so nothing is counted twice)")
        accepted = sum(r.accepted for r in results)
        return cmd.BatchResult(results=results, accepted=accepted, refused=len(results) - accepted)


def run(service: str, add_to_server: Callable, servicer_class: type, full_name: str) -> None:
    """Entry point of a command service: `python -m <service>`."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = config.load(service)

    async def main() -> None:
        catalog = Catalog.load(settings.reference_dir)
        publisher = EventPublisher(settings)
        await publisher.start()

        def register(server: grpc.aio.Server) -> list[str]:
            add_to_server(servicer_class(CommandHandler(service, catalog, publisher)), server)
            return [full_name]

        await serve(service, settings, register, on_stop=publisher.stop)

    asyncio.run(main())


__all__ = ["CommandHandler", "Refused", "run", "event_type_of"]
