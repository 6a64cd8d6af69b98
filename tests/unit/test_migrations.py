"""Migration files and their checksums, without a server."""
from __future__ import annotations

import re

import pytest

from motcua import tables
from motcua.chschema import MigrationEdited, checksum, migrations, refuse_edited

pytestmark = pytest.mark.unit


def test_files_are_numbered_uniquely_and_in_order():
    versions = [version for version, _, _ in migrations()]
    assert versions == sorted(set(versions))


def test_a_checksum_ignores_line_endings_only():
    assert checksum("a;\r\nb;\n") == checksum("a;\nb;\n")
    assert checksum("a;\nb;\n") != checksum("a;\nb ;\n")


def test_an_edited_migration_is_refused_and_an_unrecorded_one_is_not():
    known = [(1, "001_a", "CREATE x;"), (2, "002_b", "CREATE y;")]
    refuse_edited({1: checksum("CREATE x;"), 2: ""}, known, "db")  # 2 predates checksums: taken as it is
    with pytest.raises(MigrationEdited, match="001_a.sql was edited after it was applied to database db"):
        refuse_edited({1: checksum("CREATE x; -- changed")}, known, "db")


def test_the_fold_writes_the_archive_and_the_read_models_of_motcua_tables():
    from projector.fold import COLUMNS

    assert set(COLUMNS) == {tables.EVENTS, *tables.READ_MODELS}


def test_every_table_named_in_motcua_tables_is_created_by_a_migration_and_no_other_is_left():
    created = set(re.findall(r"CREATE TABLE IF NOT EXISTS \{db\}\.(\w+)", " ".join(sql for _, _, sql in migrations())))
    dropped = set(re.findall(r"DROP TABLE IF EXISTS \{db\}\.(\w+)", " ".join(sql for _, _, sql in migrations())))
    assert created - dropped == set(tables.ALL) - {tables.SCHEMA_MIGRATIONS}


def test_identifiers_are_checked():
    assert tables.identifier("motcua_1") == "motcua_1"
    for bad in ("", "1abc", "a.b", "x; DROP TABLE y", "a-b"):
        with pytest.raises(ValueError, match="is not a plain identifier"):
            tables.identifier(bad)
    with pytest.raises(ValueError, match="is not a table of the schema"):
        tables.qualified("db", "dossiers")
