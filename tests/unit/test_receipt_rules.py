"""What the command side refuses for its date, and how copies in flight wait for the first one."""
from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest

from motcua.accepted_memory import AcceptedMemory, Conflict, InFlight
from tests.integration.commands_support import EXAMPLES, payload

RECEIVED_MS = int(datetime.fromisoformat(EXAMPLES["dossier.received"]["received_at"]).timestamp() * 1000)
BEFORE = "2023-04-01T09:00:00+07:00"  # two days before the example receipt
MOMENTS = {"dossier.resolved": "resolved_at", "dossier.withdrawn": "at",
           "dossier.supplement_requested": "at", "dossier.supplement_received": "at"}


def knowing_the_receipt() -> AcceptedMemory:
    memory = AcceptedMemory()
    memory.remember([("e1", b"d", "dossier.received", payload("dossier.received"))])
    return memory


@pytest.mark.parametrize("type_name", sorted(MOMENTS))
def test_a_moment_before_the_known_receipt_is_refused_naming_the_dossier(type_name):
    field = MOMENTS[type_name]
    early = payload(type_name, dossier_id="TP-20230403-0001", **{field: BEFORE})
    with pytest.raises(Conflict) as refused:
        knowing_the_receipt().check_dossier(type_name, early)
    assert refused.value.code == "FAILED_PRECONDITION" and refused.value.field == field
    assert "TP-20230403-0001" in refused.value.message and "2023-04-03T02:15:00Z" in refused.value.message


@pytest.mark.parametrize("type_name", sorted(MOMENTS))
def test_at_or_after_the_receipt_or_with_the_receipt_unknown_is_accepted(type_name):
    field = MOMENTS[type_name]
    memory = knowing_the_receipt()
    memory.check_dossier(type_name, payload(type_name, dossier_id="TP-20230403-0001",
                                            **{field: EXAMPLES["dossier.received"]["received_at"]}))
    memory.check_dossier(type_name, payload(type_name, dossier_id="NEVER-SEEN", **{field: BEFORE}))


def test_the_earliest_receipt_counts_as_in_the_fold():
    memory = AcceptedMemory()
    memory.note_receipt("D", RECEIVED_MS)
    memory.note_receipt("D", RECEIVED_MS + 86_400_000)  # a later copy does not move the receipt
    assert memory.receipts.get("D") == RECEIVED_MS
    memory.note_receipt("D", RECEIVED_MS - 1000)
    assert memory.receipts.get("D") == RECEIVED_MS - 1000


async def test_a_copy_in_flight_waits_for_the_first_copys_outcome():
    in_flight = InFlight()
    assert in_flight.first_copy("e1", b"d") is None
    in_flight.claim([("e1", b"d")])
    waiting = in_flight.first_copy("e1", b"d")
    with pytest.raises(Conflict) as other:
        in_flight.first_copy("e1", b"other content")
    assert other.value.code == "ALREADY_EXISTS" and not waiting.done()
    in_flight.settle(["e1"], published=True)
    assert await asyncio.wait_for(waiting, 1) is True and in_flight.first_copy("e1", b"d") is None and not in_flight


async def test_a_failed_first_copy_tells_its_waiters_so():
    in_flight = InFlight()
    in_flight.claim([("e1", b"d")])
    waiting = in_flight.first_copy("e1", b"d")
    in_flight.settle(["e1"], published=False)
    assert await waiting is False


def test_times_compare_in_utc_whatever_the_offset_sent():
    memory = knowing_the_receipt()
    same_moment = datetime.fromtimestamp(RECEIVED_MS / 1000, timezone.utc).isoformat()
    memory.check_dossier("dossier.resolved", payload("dossier.resolved", resolved_at=same_moment))
