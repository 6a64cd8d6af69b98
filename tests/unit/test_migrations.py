"""Migration files and their checksums, without a server."""
from __future__ import annotations

import pytest

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
