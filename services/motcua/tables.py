"""The ClickHouse tables by name (schema/*.sql creates them) and the one check of the identifiers
that SQL text is built with: a database name comes from configuration, so it is checked where a
reader or writer is made, and table names only ever come from here."""
from __future__ import annotations

import re

EVENTS = "events"                        # the archive: every event once, the log of record
DOSSIER_FACTS = "dossier_facts"          # one row per dossier event; motcua.dossier folds them
DOSSIER_PERIODS = "dossier_periods"      # per dossier the moments that say which periods it may count in
FACT_ARRIVALS = "fact_arrivals"          # every dossier fact again, in the order it arrived (schema/015)
DOSSIER_FIRST_SEEN = "dossier_first_seen"  # per dossier, when its first fact arrived
DOSSIER_SLICES = "dossier_slices"        # a month's dossiers' facts, copied together at its start
DOSSIER_SLICE_FLOWS = "dossier_slice_flows"    # each dossier's place in the series before that month
DOSSIER_SLICE_BUILDS = "dossier_slice_builds"  # one row per complete slice
PAYMENTS = "payments"
SURVEY_RATINGS = "survey_ratings"
FEEDBACK = "feedback"
ACCOUNTS_ASSISTED = "accounts_assisted"
CATALOG_DECISIONS = "catalog_decisions"
INDEX766 = "index766"
REPORTS = "reports"                      # monthly reports the reporting service generated
SCHEMA_MIGRATIONS = "schema_migrations"  # chschema's ledger

READ_MODELS = (DOSSIER_FACTS, PAYMENTS, SURVEY_RATINGS, FEEDBACK, ACCOUNTS_ASSISTED, CATALOG_DECISIONS, INDEX766)
# Kept by ClickHouse from a read model (a materialized view), not by the fold.
INDEXES = (DOSSIER_PERIODS, FACT_ARRIVALS, DOSSIER_FIRST_SEEN)
# Reporting builds them (reporting.slices). In this order when they are emptied: the list of complete
# builds first, so no read chooses one half gone.
SLICES = (DOSSIER_SLICE_BUILDS, DOSSIER_SLICES, DOSSIER_SLICE_FLOWS)
ALL = (EVENTS, *READ_MODELS, *INDEXES, *SLICES, REPORTS, SCHEMA_MIGRATIONS)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def identifier(name: str, what: str = "database name") -> str:
    """`name` when it is a plain identifier, safe to put in SQL text; ValueError otherwise."""
    if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"{what} {name!r} is not a plain identifier")
    return name


def qualified(database: str, table: str) -> str:
    """`database.table` for a table of ALL (the database checked by the caller's constructor)."""
    if table not in ALL:
        raise ValueError(f"{table!r} is not a table of the schema (motcua.tables.ALL)")
    return f"{database}.{table}"
