"""Every checker of "exactly once" proves it can fail: a loss (a row removed) and a double (a copy with
another insert token and another version) seeded into real ClickHouse tables, and the ledger, or the
projector tests' duplicates(), must report each, without any merge forced."""
from __future__ import annotations

import pytest

from motcua_tools import ledger
from motcua_tools.ledger_tables import ARCHIVE, ReadModel
from tests.integration.ledger_seeding import copy_row, first, folded_month, remove_row
from tests.integration.test_projector_support import duplicates

VICTIMS = {  # table -> (event type, fields) of the event harmed there
    "events": ("account.assisted", {}),
    "dossier_facts": ("dossier.received", {}),
    "payments": ("payment.completed", {"method": "national_portal"}),
    "survey_ratings": ("survey.submitted", {}),
}
ANOTHER_KEY = {"dossier_facts": {"dossier_id": "concat(dossier_id, '-copy')"},
               "payments": {"payment_id": "concat(payment_id, '-copy')"},
               "survey_ratings": {"survey_id": "concat(survey_id, '-copy')"}}


@pytest.fixture
def month(settings):
    client, acknowledged = folded_month(settings)
    yield client, settings.clickhouse_database, acknowledged
    client.close()


def verdict(settings, acknowledged):
    return ledger.check(settings, settings.clickhouse_database, acknowledged)


def test_an_untouched_fold_is_exact_and_its_figures_equal_the_tally(month, settings):
    _, _, acknowledged = month
    report = verdict(settings, acknowledged)
    assert report.exact and report.figures_checked and "2023-04" in report.periods, report.summary()
    assert not report.unexpected and report.archived == len(acknowledged)


@pytest.mark.parametrize("table", sorted(VICTIMS))
def test_a_row_removed_is_reported_missing(month, settings, table):
    client, database, acknowledged = month
    victim = first(acknowledged, VICTIMS[table][0], **VICTIMS[table][1])
    remove_row(client, database, table, victim)
    report = verdict(settings, acknowledged)
    assert not report.exact, report.summary()
    assert victim in report.missing and f"missing 1 ({victim})" in report.summary()


@pytest.mark.parametrize("table", sorted(VICTIMS))
def test_a_copy_under_another_token_and_version_is_reported_per_table(month, settings, table):
    client, database, acknowledged = month
    victim = first(acknowledged, VICTIMS[table][0], **VICTIMS[table][1])
    copy_row(client, database, table, victim)
    report = verdict(settings, acknowledged)
    assert f"{table}: " in report.summary() and f"copies without FINAL 1 ({victim})" in report.summary()
    # The report's readers collapse a key's rows, so the copy changes none of its figures.
    assert report.exact and report.figures_checked, report.summary()


def test_a_dossier_missing_from_the_period_index_is_reported_and_lost_from_the_figures(month, settings):
    """Reporting finds a period's dossiers in dossier_periods first: a dossier it lacks is in no figure."""
    client, database, acknowledged = month
    victim = acknowledged[first(acknowledged, "dossier.received")]["dossier_id"]
    client.command(f"ALTER TABLE {database}.dossier_periods DELETE WHERE dossier_id = {{id:String}}",
                   parameters={"id": victim}, settings={"mutations_sync": 2})
    report = verdict(settings, acknowledged)
    assert {table: keys for table, keys in report.index_gaps.items() if keys} == {"dossier_periods": [victim]}, \
        report.summary()
    assert f"dossier_periods (index): 1 keys of its source missing ({victim})" in report.summary()
    assert not report.exact and report.figure_differences, report.summary()


@pytest.mark.parametrize("index", ["fact_arrivals", "dossier_first_seen"])
def test_a_dossier_missing_from_the_arrival_indexes_is_reported(month, settings, index):
    """A period read from its slice finds what arrived since in fact_arrivals, and which dossiers came
    back in dossier_first_seen (reporting.slices): a dossier either lacks is reported."""
    client, database, acknowledged = month
    victim = acknowledged[first(acknowledged, "dossier.resolved")]["dossier_id"]
    client.command(f"ALTER TABLE {database}.{index} DELETE WHERE dossier_id = {{id:String}}",
                   parameters={"id": victim}, settings={"mutations_sync": 2})
    report = verdict(settings, acknowledged)
    assert {table: keys for table, keys in report.index_gaps.items() if keys} == {index: [victim]}, report.summary()
    assert f"{index} (index): 1 keys of its source missing ({victim})" in report.summary()
    assert not report.exact, report.summary()


@pytest.mark.parametrize("table", sorted(ANOTHER_KEY))
def test_a_copy_a_reader_counts_twice_is_doubled_and_changes_the_figures(month, settings, table):
    client, database, acknowledged = month
    victim = first(acknowledged, VICTIMS[table][0], **VICTIMS[table][1])
    copy_row(client, database, table, victim, **ANOTHER_KEY[table])
    report = verdict(settings, acknowledged)
    assert not report.exact and victim in report.doubled, report.summary()
    assert report.figure_differences, report.summary()


def test_a_reader_that_counts_rows_as_they_are_is_harmed_by_a_mere_copy(month, settings):
    client, database, acknowledged = month
    victim = first(acknowledged, "payment.completed")
    copy_row(client, database, "payments", victim)
    counting = (ARCHIVE, ReadModel("payments", "payment_id", ("payment.completed",), dedupes=False))
    report = ledger.check(settings, database, acknowledged, models=counting)
    assert not report.exact and report.doubled == {victim: 2}, report.summary()


def test_duplicates_sees_an_event_under_two_reader_keys(month):
    client, database, acknowledged = month
    assert set(duplicates(client, database).values()) == {0}
    for table, key in ANOTHER_KEY.items():
        copy_row(client, database, table, first(acknowledged, VICTIMS[table][0], **VICTIMS[table][1]), **key)
    found = duplicates(client, database)
    assert {t: found[t] for t in ANOTHER_KEY} == dict.fromkeys(ANOTHER_KEY, 1), found
