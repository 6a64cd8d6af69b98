"""The local cluster's layout: ports from the environment, the shared <remote_servers> block."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from motcua import config
from motcua_tools.infra import cluster, kafka
from motcua_tools.infra.clickhouse_server import write_config


def test_cluster_ports_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("MOTCUA_CLUSTER_KAFKA_PORTS", "41000,41002,41004")
    monkeypatch.setenv("MOTCUA_CLUSTER_CLICKHOUSE_PORTS", "42000,42002")
    settings = config.load()
    layout = cluster.from_settings(settings)
    assert layout.bootstrap == "127.0.0.1:41000,127.0.0.1:41002,127.0.0.1:41004"
    pointed = layout.settings(settings)
    assert (pointed.kafka_bootstrap, pointed.clickhouse_url, pointed.clickhouse_cluster) == (
        layout.bootstrap, "http://127.0.0.1:42000", "motcua")


@pytest.mark.parametrize("raw", ["41000,41002", "41000,41000,41002", "a,b,c", "80,81,82"])
def test_bad_cluster_ports_name_the_variable(monkeypatch, raw):
    monkeypatch.setenv("MOTCUA_CLUSTER_KAFKA_PORTS", raw)
    with pytest.raises(config.ConfigError, match="MOTCUA_CLUSTER_KAFKA_PORTS"):
        config.load()


def test_every_shard_knows_every_shard(tmp_path: Path):
    for shard, port in enumerate((42000, 42002), start=1):
        workdir = tmp_path / str(shard)
        workdir.mkdir()
        write_config(workdir, port, port + 1, "motcua", (42001, 42003), shard)
        root = ET.parse(workdir / "config.xml").getroot()
        replicas = root.findall("./remote_servers/motcua/shard/replica/port")
        assert [int(r.text) for r in replicas] == [42001, 42003]
        assert root.find("./macros/shard").text == str(shard)


def test_a_single_node_has_no_cluster(tmp_path: Path):
    write_config(tmp_path, 42000, 42001)
    assert ET.parse(tmp_path / "config.xml").getroot().find("remote_servers") is None


def test_a_cluster_node_replicates_three_ways(tmp_path: Path):
    props = kafka.write_config(tmp_path, node_id=2, port=41002, controller=41003,
                               voters="1@127.0.0.1:41001,2@127.0.0.1:41003,3@127.0.0.1:41005",
                               replication=3, partitions=6)
    lines = dict(line.split("=", 1) for line in props.read_text().splitlines() if "=" in line)
    assert lines["node.id"] == "2"
    assert lines["default.replication.factor"] == "3"
    assert lines["min.insync.replicas"] == "2"
    assert lines["num.partitions"] == "6"
    assert lines["offsets.topic.replication.factor"] == "3"


def test_a_rebuild_on_a_cluster_is_refused_before_touching_anything(capsys):
    import dataclasses

    from projector import cli

    settings = dataclasses.replace(config.load(), clickhouse_cluster="motcua",
                                   clickhouse_url="http://127.0.0.1:1")  # nothing listens there
    from unittest import mock

    with mock.patch.object(cli.config, "load", return_value=settings):
        assert cli.main(["rebuild"]) == 2
    assert "not supported yet" in capsys.readouterr().out


def test_the_schema_on_a_cluster_is_local_tables_behind_distributed_ones():
    from motcua import chcluster, chschema

    everything = [s for _, _, sql in chschema.migrations() for s in chschema.statements(sql)]
    tables = chcluster.created_tables(everything)
    assert {"events", "dossier_facts", "payments", "survey_ratings"} <= tables
    local, front = chcluster.split(chschema.statements(
        "CREATE TABLE IF NOT EXISTS {db}.payments (payment_id String, dossier_id String) "
        "ENGINE = ReplacingMergeTree ORDER BY payment_id;"
        "CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.v TO {db}.payments AS SELECT * FROM {db}.dossier_facts;"
        "DROP TABLE IF EXISTS {db}.survey_ratings SYNC"), "motcua", tables)
    assert local[0].startswith("CREATE TABLE IF NOT EXISTS {db}.payments_local (")
    assert local[1] == ("CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.v TO {db}.payments_local "
                        "AS SELECT * FROM {db}.dossier_facts_local")
    assert local[2] == "DROP TABLE IF EXISTS {db}.survey_ratings_local SYNC"
    assert front == [
        "CREATE TABLE IF NOT EXISTS {db}.payments AS {db}.payments_local ENGINE = Distributed("
        "'motcua', '{db}', 'payments_local', cityHash64(if(dossier_id = '', toString(payment_id), dossier_id)))",
        "DROP TABLE IF EXISTS {db}.survey_ratings SYNC"]
