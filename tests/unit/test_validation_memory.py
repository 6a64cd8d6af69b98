"""Idempotency on the command side: deterministic ids, and what one process remembers of them."""
from __future__ import annotations

import uuid

import pytest

from motcua.accepted_memory import AcceptedMemory, BoundedMap, Conflict
from motcua.events import EVENT_ID_NAMESPACE, EVENT_TYPES, deterministic_event_id, payload_digest
from tests.integration.commands_support import EXAMPLES, payload


@pytest.mark.parametrize("type_name", sorted(EXAMPLES))
def test_event_ids_are_the_uuid5_of_type_and_canonical_payload(type_name):
    body = payload(type_name)
    etype = EVENT_TYPES[type_name]
    name = etype.name + "\n" + body.SerializeToString(deterministic=True).hex()
    assert deterministic_event_id(etype, body) == str(uuid.uuid5(EVENT_ID_NAMESPACE, name))


def test_one_changed_field_changes_the_id():
    etype = EVENT_TYPES["payment.completed"]
    assert deterministic_event_id(etype, payload("payment.completed")) != \
        deterministic_event_id(etype, payload("payment.completed", amount_vnd=8001))


def test_a_bounded_map_forgets_the_oldest_first():
    recent = BoundedMap(2)
    for key in "abc":
        recent.put(key, key.upper())
    assert (recent.get("a"), recent.get("b"), recent.get("c"), len(recent)) == (None, "B", "C", 2)


def test_a_remembered_event_is_a_duplicate_and_its_id_cannot_be_reused():
    memory = AcceptedMemory()
    received = payload("dossier.received")
    digest = payload_digest(EVENT_TYPES["dossier.received"], received)
    assert not memory.is_duplicate("e1", digest)
    memory.remember([("e1", digest, "dossier.received", received)])
    assert memory.is_duplicate("e1", digest)
    with pytest.raises(Conflict) as info:
        memory.is_duplicate("e1", b"other")
    assert (info.value.code, info.value.field) == ("ALREADY_EXISTS", "event_id")


def test_a_dossier_keeps_the_department_of_its_receipt():
    memory = AcceptedMemory()
    received = payload("dossier.received")
    memory.remember([("e1", b"d", "dossier.received", received)])
    memory.check_dossier("dossier.received", payload("dossier.received", channel="direct"))  # a correction
    with pytest.raises(Conflict) as info:
        memory.check_dossier("dossier.received", payload("dossier.received", department="Y_TE"))
    assert (info.value.code, info.value.field) == ("ALREADY_EXISTS", "department")
    with pytest.raises(Conflict) as info:
        memory.check_dossier("dossier.digitized", payload("dossier.digitized", department="Y_TE"))
    assert info.value.code == "FAILED_PRECONDITION"
    # Out of order is normal: nothing is refused about a dossier this process has not seen received.
    memory.check_dossier("dossier.digitized", payload("dossier.digitized", dossier_id="UNSEEN-1"))
