"""What one command service process remembers of the events it had acknowledged: bounded, and lost on
restart, so it serves answers, never correctness.

- Re-sends: an event id seen with the same content is a duplicate (answered `duplicate`, not published
  again); seen with other content, the sender reused an id for a different fact (ALREADY_EXISTS).
  Downstream deduplication by event_id remains the guarantee across restarts and replicas.
- Copies in flight: an event id is registered before it is published, so a copy arriving meanwhile
  (the same line twice in an import, two identical calls at once) waits for the first copy's outcome
  and is answered `duplicate` instead of being published a second time (InFlight).
- Dossiers: a receipt names the dossier's department for good. A second receipt of the same dossier id
  for another department, or a digitization by another department, contradicts it and is refused.
- Receipts: a resolution, withdrawal or supplement dated before its dossier's known receipt is refused
  (FAILED_PRECONDITION). Processing learns receipts from the intake topic (motcua.receipts); a dossier
  whose receipt is not known yet is accepted, since events reach the services out of order, and the
  fold and ListDataIssues deal with it. Nothing else is refused on the dossier's state.
"""
from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import datetime, timezone

from google.protobuf.message import Message

DEFAULT_CAPACITY = 200_000
# The moment each processing event states, which must not precede the dossier's receipt.
MOMENT_FIELD = {"dossier.resolved": "resolved_at", "dossier.withdrawn": "at",
                "dossier.supplement_requested": "at", "dossier.supplement_received": "at"}


class BoundedMap:
    """A dict that forgets its oldest entries beyond `capacity` (first in, first out)."""

    def __init__(self, capacity: int) -> None:
        self.capacity, self._items = capacity, {}

    def get(self, key: str):
        return self._items.get(key)

    def put(self, key: str, value) -> None:
        items = self._items
        if key not in items and len(items) >= self.capacity:
            del items[next(iter(items))]
        items[key] = value

    def __len__(self) -> int:
        return len(self._items)


class Conflict(Exception):
    def __init__(self, code: str, field: str, message: str) -> None:
        super().__init__(message)
        self.code, self.field, self.message = code, field, message


class AcceptedMemory:
    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self.events = BoundedMap(capacity)       # event_id -> payload digest
        self.departments = BoundedMap(capacity)  # dossier_id -> department of its receipt
        self.receipts = BoundedMap(capacity)     # dossier_id -> its earliest received_at (ms)

    def note_receipt(self, dossier_id: str, received_ms: int) -> None:
        """The earliest receipt counts, as in the fold (min(received_at))."""
        known = self.receipts.get(dossier_id)
        if known is None or received_ms < known:
            self.receipts.put(dossier_id, received_ms)

    def is_duplicate(self, event_id: str, digest: bytes) -> bool:
        known = self.events.get(event_id)
        if known is None:
            return False
        if known != digest:
            raise Conflict("ALREADY_EXISTS", "event_id", f"{event_id} was accepted for a different event")
        return True

    def check_dossier(self, type_name: str, payload: Message) -> None:
        if type_name in MOMENT_FIELD:
            self._check_after_receipt(MOMENT_FIELD[type_name], payload)
        if type_name not in ("dossier.received", "dossier.digitized") or not payload.department:
            return
        known = self.departments.get(payload.dossier_id)
        if known is not None and known != payload.department:
            code = "ALREADY_EXISTS" if type_name == "dossier.received" else "FAILED_PRECONDITION"
            raise Conflict(code, "department", f"dossier {payload.dossier_id} was received for {known}, "
                                               f"not {payload.department}")

    def _check_after_receipt(self, field: str, payload: Message) -> None:
        received_ms, moment = self.receipts.get(payload.dossier_id), getattr(payload, field)
        if received_ms is None or moment.ToMilliseconds() >= received_ms:
            return
        received = _iso(received_ms)
        raise Conflict("FAILED_PRECONDITION", field, f"dossier {payload.dossier_id} was received at {received}; "
                                                     f"{field} {_iso(moment.ToMilliseconds())} is before its receipt")

    def remember(self, accepted: Iterable[tuple[str, bytes, str, Message]]) -> None:
        """(event_id, digest, type name, payload) of events Kafka acknowledged."""
        for event_id, digest, type_name, payload in accepted:
            self.events.put(event_id, digest)
            if type_name == "dossier.received":
                self.departments.put(payload.dossier_id, payload.department)
                self.note_receipt(payload.dossier_id, payload.received_at.ToMilliseconds())


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class InFlight:
    """Event ids being published right now, each with its digest and a future of the outcome
    (True: Kafka acknowledged; False: it did not, and the copy must be sent again)."""

    def __init__(self) -> None:
        self._pending: dict[str, tuple[bytes, asyncio.Future]] = {}

    def first_copy(self, event_id: str, digest: bytes) -> asyncio.Future | None:
        known = self._pending.get(event_id)
        if known is None:
            return None
        if known[0] != digest:
            raise Conflict("ALREADY_EXISTS", "event_id", f"{event_id} is being accepted for a different event")
        return known[1]

    def claim(self, event_ids_and_digests: Iterable[tuple[str, bytes]]) -> None:
        """Called with no await between the duplicate check and here: nothing can slip in between."""
        loop = asyncio.get_running_loop()
        for event_id, digest in event_ids_and_digests:
            self._pending[event_id] = (digest, loop.create_future())

    def settle(self, event_ids: Iterable[str], published: bool) -> None:
        for event_id in event_ids:
            _, outcome = self._pending.pop(event_id, (None, None))
            if outcome is not None and not outcome.done():
                outcome.set_result(published)

    def __len__(self) -> int:
        return len(self._pending)
