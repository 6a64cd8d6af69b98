"""The schema on two shards: local tables on each, Distributed tables in front under the plain names.
A dossier's rows stay on one shard, and replays collapse there as on one node."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

from motcua.chschema import connect, migrate_for

AT = datetime(2023, 4, 3, 2, 0, tzinfo=timezone.utc)


def shard_clients(settings):
    return [connect(dataclasses.replace(settings, clickhouse_url=url)) for url in settings.clickhouse_shard_urls]


def fact(dossier: str, event: str, recorded_minute: int = 0) -> list:
    recorded = AT.replace(minute=recorded_minute)
    return [dossier, event, recorded, "TU_PHAP", "Hộ tịch", "TP-002", "online", AT, AT]


FACT_COLUMNS = ["dossier_id", "event_id", "recorded_at", "department", "field", "procedure_code", "channel",
                "received_at", "due_at"]


def test_migrations_reach_every_shard_and_rows_follow_the_dossier(cluster_settings):
    applied = migrate_for(cluster_settings)
    assert applied, "a new database gets every migration"
    assert migrate_for(cluster_settings) == []  # a second run has nothing to do on any shard
    db = cluster_settings.clickhouse_database
    shards = shard_clients(cluster_settings)
    for client in shards:
        engines = dict(client.query(f"SELECT name, engine FROM system.tables WHERE database = '{db}'").result_rows)
        assert engines["dossier_facts"] == "Distributed"
        assert engines["dossier_facts_local"].endswith("MergeTree")

    client = connect(cluster_settings)
    dossiers = [f"HS-{i:04d}" for i in range(400)]
    rows = [fact(d, f"{d}-r") for d in dossiers] + [fact(d, f"{d}-x", 5) for d in dossiers]
    client.insert(f"{db}.dossier_facts", rows, column_names=FACT_COLUMNS)
    # A replay: the same events again, one recorded later (a re-send keeps its first recording).
    client.insert(f"{db}.dossier_facts", [fact(d, f"{d}-r", 9) for d in dossiers[:50]], column_names=FACT_COLUMNS)

    per_shard = [dict(c.query(f"SELECT dossier_id, count() FROM {db}.dossier_facts_local GROUP BY dossier_id")
                      .result_rows) for c in shards]
    assert all(per_shard), "both shards hold dossiers"
    assert set(per_shard[0]).isdisjoint(per_shard[1]), "a dossier's facts never straddle two shards"
    assert set(per_shard[0]) | set(per_shard[1]) == set(dossiers)

    final = client.query(f"SELECT count(), uniqExact(dossier_id) FROM {db}.dossier_facts FINAL").result_rows[0]
    assert final == (800, 400)
    kept = client.query(f"SELECT min(recorded_at) FROM {db}.dossier_facts FINAL WHERE event_id = 'HS-0001-r'")
    assert kept.result_rows[0][0].replace(tzinfo=timezone.utc) == AT

    # The period index follows its facts: each shard's view reads that shard's facts into that shard's
    # index, and reporting's narrowing (IN over dossier_periods) is answered shard by shard.
    from reporting import queries
    from reporting.periods import bounds
    from reporting.reader import Reader

    indexed = [{row[0] for row in c.query(f"SELECT DISTINCT dossier_id FROM {db}.dossier_periods_local").result_rows}
               for c in shards]
    assert indexed == [set(found) for found in per_shard]
    period = queries.dossiers_of_period(Reader(client, db), *bounds("2023-04"))
    assert sorted(d.dossier_id for d in period) == dossiers
