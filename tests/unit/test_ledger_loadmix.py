"""The load the soak and the fault tests drive: every event type, valid, coherent, and ids that never
repeat, within a run or across runs (the ledger counts on it)."""
from __future__ import annotations

import itertools
from datetime import datetime, timezone

from motcua.catalog import Catalog
from motcua.events import EVENT_TYPES, deterministic_event_id, event_type_of, payload_of
from motcua.validation import validate
from motcua_tools.loadgen import LoadMix

CATALOG = Catalog.load()
NOW = datetime(2026, 5, 20, 9, 0, tzinfo=timezone.utc)


def take(run: str, count: int, departments: int = 6):
    return list(itertools.islice(LoadMix(CATALOG, run, departments=departments, now=NOW).events(), count))


def test_every_event_type_comes_from_its_owning_service_and_passes_validation():
    events = take("r1", 3000)
    assert {event_type_of(e).name for _, e in events} == set(EVENT_TYPES)
    for service, event in events:
        assert service == event_type_of(event).service
        assert validate(payload_of(event), CATALOG, now=NOW) == [], event


def test_ids_are_unique_within_a_run_and_across_runs():
    ids = [deterministic_event_id(event_type_of(e), payload_of(e)) for _, e in take("r1", 3000) + take("r2", 3000)]
    assert len(ids) == len(set(ids))


def test_stories_are_coherent_and_spread_over_the_departments_asked_for():
    received, departments = {}, set()
    for _, event in take("r1", 2000, departments=4):
        payload = payload_of(event)
        if event_type_of(event).name == "dossier.received":
            received[payload.dossier_id] = payload.department
            departments.add(payload.department)
        elif event_type_of(event).name.startswith("dossier.") or event_type_of(event).name == "payment.completed":
            assert received[payload.dossier_id] == payload.department  # its receipt came first, same department
    assert len(departments) == 4
