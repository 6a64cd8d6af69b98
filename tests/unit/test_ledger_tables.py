"""The ledger's knowledge of the read side (motcua_tools.ledger_tables) held to the SQL reporting runs:
every table reporting reads is one the ledger checks, and every reader the ledger trusts to collapse
copies does group by the key the ledger names."""
from __future__ import annotations

import re
from pathlib import Path

from motcua import tables
from motcua_tools.ledger_tables import INDEXES, READ_MODELS

REPORTING = Path(__file__).resolve().parents[2] / "services" / "reporting"
# What reporting writes itself, no event landing there: the reports it stores, and the period slices
# (copies of dossier_facts rows, checked against the facts' own fold by tests/integration/test_slices.py).
NOT_EVENTS = {"reports", *tables.SLICES}
TABLE = re.compile(r"\{(?:reader\.|self\.)?database\}\.(\w+)")
NAMED = re.compile(r"(?:\.table|qualified)\((?:[^()]*\([^()]*\)\s*,\s*|[^(),]*,\s*)?([A-Z_0-9]+)\)")


def sql_sources() -> dict[str, str]:
    return {path.name: path.read_text() for path in REPORTING.glob("*.py")}


def tables_read() -> set[str]:
    """Tables named in reporting's SQL, as `{database}.name` or through motcua.tables' constants."""
    found = set()
    for text in sql_sources().values():
        found.update(TABLE.findall(text))
        found.update(getattr(tables, constant) for constant in NAMED.findall(text))
    return found - NOT_EVENTS


def test_the_ledger_checks_exactly_the_tables_reporting_reads():
    assert {m.table for m in READ_MODELS} | {i.table for i in INDEXES} == tables_read()


def test_every_index_the_ledger_checks_is_one_motcua_tables_names_as_such():
    assert {i.table for i in INDEXES} == set(tables.INDEXES)
    assert all(i.source in tables.READ_MODELS for i in INDEXES)


def test_each_reader_trusted_to_dedupe_collapses_the_key_the_ledger_counts_by():
    text = "\n".join(sql_sources().values())
    for model in READ_MODELS:
        if model.dedupes:
            collapses = (rf"(GROUP BY|LIMIT 1 BY) {model.key}\b", rf"uniqExact(If)?\({model.key}\b",
                         rf"{model.key} = \{{{model.key}:String\}}[^;]*?LIMIT 1\b")
            assert any(re.search(pattern, text) for pattern in collapses), (
                f"no reporting query collapses {model.table} by {model.key}: set dedupes=False or fix the key")


SCHEMA = Path(__file__).resolve().parents[2] / "services" / "motcua" / "schema"


def sorting_keys() -> dict[str, str]:
    """table -> its ORDER BY, from the migrations (the last definition of a table wins)."""
    text = "\n".join(path.read_text() for path in sorted(SCHEMA.glob("*.sql")))
    found = {}
    for table, body in re.findall(r"CREATE TABLE IF NOT EXISTS \{db\}\.(\w+)(.*?);", text, re.S):
        order = re.search(r"ORDER BY\s+(\(.*?\)|\w+)", body)
        if order:
            found[table] = order.group(1).strip("()").replace(" ", "")
    return found


def test_a_table_is_one_row_per_key_exactly_when_sorted_by_that_key_alone():
    keys = sorting_keys()
    for model in READ_MODELS:
        assert model.one_row_per_key == (keys[model.table] == model.key), (model.table, keys[model.table])
