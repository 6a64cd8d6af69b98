"""The 13-column table: grouping, catalog order, identities, and the per-department roll-up."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from motcua.catalog import Catalog
from motcua.deadlines import LOCAL_TZ
from motcua.dossier import Counts, Dossier, standings
from reporting.periods import bounds
from reporting.statistics import check, identities, roll_up, tabulate, totals
from reporting.tallies import of_standings

START, END = bounds("2023-04")


def random_dossiers(catalog: Catalog, count: int, seed: int = 1) -> list[Dossier]:
    rng = random.Random(seed)
    out = []
    for n in range(count):
        procedure = rng.choice(catalog.procedures)
        received = START + timedelta(days=rng.uniform(-40, 29))
        due = received + timedelta(days=rng.uniform(1, 20))
        closed = received + timedelta(days=rng.uniform(0, 25)) if rng.random() < 0.8 else None
        pauses = ((received + timedelta(hours=5), received + timedelta(days=2)),) if rng.random() < 0.1 else ()
        out.append(Dossier(f"D{n}", procedure.department, procedure.field, procedure.code,
                           rng.choice(["online", "direct", "postal"]), received, due, closed, None, pauses))
    return out


def test_identities_hold_on_every_row_and_the_totals():
    catalog = Catalog.load()
    stood = standings(random_dossiers(catalog, 3000), START, END)
    for by in ("department", "field"):
        checks = check(tabulate(of_standings(stood), catalog, by), catalog)
        assert checks and all(c.holds for c in checks)
    assert totals(tabulate(of_standings(stood), catalog, "department")).received_total == len(stood)


def test_roll_up_of_the_field_table_is_the_department_table():
    catalog = Catalog.load()
    stood = standings(random_dossiers(catalog, 2000, seed=2), START, END)
    direct = tabulate(of_standings(stood), catalog, "department")
    rolled = roll_up(tabulate(of_standings(stood), catalog, "field"))
    assert [(r.department, r.counts) for r in rolled] == [(r.department, r.counts) for r in direct]
    assert [r.department for r in direct] == [d.code for d in catalog.departments
                                              if d.code in {r.department for r in direct}]


def test_unknown_departments_and_fields_come_last():
    catalog = Catalog.load()
    at = datetime(2023, 4, 3, 9, tzinfo=LOCAL_TZ)
    stood = standings([Dossier("X", "ZZZ", "Lạ", "ZZZ-1", "online", at, at + timedelta(days=3)),
                       Dossier("Y", "TU_PHAP", "Lạ", "TP-1", "online", at, at + timedelta(days=3)),
                       Dossier("Z", "TU_PHAP", "Hộ tịch", "TP-2", "online", at, at + timedelta(days=3))], START, END)
    rows = tabulate(of_standings(stood), catalog, "field")
    assert [(r.department, r.field) for r in rows] == [("TU_PHAP", "Hộ tịch"), ("TU_PHAP", "Lạ"), ("ZZZ", "Lạ")]


def test_a_broken_row_is_reported_not_hidden():
    broken = Counts(received_total=5, online=1, direct_or_postal=1, carried_over=1, resolved_total=3, early=3)
    failed = [c for c in identities("X", broken) if not c.holds]
    assert {c.identity for c in failed} == {"(3) = (4) + (5) + (6)", "(3) = (7) + (11)"}
