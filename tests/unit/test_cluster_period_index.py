"""The period index on a cluster (motcua.chcluster.split): its view must read and write each shard's
local tables, and its table be sharded by the dossier id like the facts it is kept from."""
from __future__ import annotations

import pytest

from motcua import chcluster
from motcua.chschema import migrations, statements

pytestmark = pytest.mark.unit


def test_the_period_index_view_folds_each_shards_own_facts():
    every = [s for _, _, sql in migrations() for s in statements(sql)]
    tables = chcluster.created_tables(every)
    (index_migration,) = [sql for _, name, sql in migrations() if name.endswith("dossier_periods")]
    local, front = chcluster.split(statements(index_migration), "c", tables)
    view = next(s for s in local if s.startswith("CREATE MATERIALIZED VIEW"))
    assert "TO {db}.dossier_periods_local " in view and "FROM {db}.dossier_facts_local" in view
    backfill = next(s for s in local if s.startswith("INSERT INTO"))
    assert backfill.startswith("INSERT INTO {db}.dossier_periods_local") and "FROM {db}.dossier_facts_local" in backfill
    (distributed,) = front
    assert "Distributed('c', '{db}', 'dossier_periods_local', cityHash64(dossier_id))" in distributed
