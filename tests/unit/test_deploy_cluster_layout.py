"""What `make cluster-test` proves is what is deployed: the same partitions, replication, shards and
projector replicas in the local cluster, docker-compose.cluster.yml and the production overlay."""
from __future__ import annotations

import inspect
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

from motcua.config import Settings
from motcua_tools.cluster_sandbox import ClusterSandbox
from motcua_tools.infra import cluster

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = ROOT / "k8s" / "overlays" / "production"
TESTED = {"partitions": cluster.PARTITIONS, "replication": 3, "min_isr": 2,
          "shards": len(Settings.cluster_clickhouse_ports),
          "projectors": inspect.signature(ClusterSandbox).parameters["projectors"].default}


def test_the_local_cluster_is_the_promised_layout():
    assert TESTED == {"partitions": 6, "replication": 3, "min_isr": 2, "shards": 2, "projectors": 3}
    assert len(Settings.cluster_kafka_ports) == TESTED["replication"]


def test_compose_cluster_matches_what_was_tested():
    compose = yaml.safe_load((ROOT / "docker-compose.cluster.yml").read_text())
    kafka_env = compose["services"]["kafka-2"]["environment"]
    assert int(kafka_env["KAFKA_NUM_PARTITIONS"]) == TESTED["partitions"]
    assert int(kafka_env["KAFKA_DEFAULT_REPLICATION_FACTOR"]) == TESTED["replication"]
    assert int(kafka_env["KAFKA_MIN_INSYNC_REPLICAS"]) == TESTED["min_isr"]
    assert len(kafka_env["KAFKA_CONTROLLER_QUORUM_VOTERS"].split(",")) == TESTED["replication"]
    topics = compose["services"]["kafka-topics"]["command"][0]
    assert f"--partitions {TESTED['partitions']} --replication-factor {TESTED['replication']}" in topics
    assert f"min.insync.replicas={TESTED['min_isr']}" in topics
    assert compose["services"]["projector"]["deploy"]["replicas"] == TESTED["projectors"]
    remote = ET.parse(ROOT / "deploy" / "docker" / "clickhouse-cluster" / "remote-servers.xml").getroot()
    assert len(remote.findall("./remote_servers/motcua/shard")) == TESTED["shards"]
    for service in ("intake", "projector", "reporting"):
        env = compose["services"][service]["environment"]
        assert env["MOTCUA_CLICKHOUSE_CLUSTER"] == "motcua"
        assert len(env["MOTCUA_KAFKA_BOOTSTRAP"].split(",")) == TESTED["replication"]


def test_the_production_overlay_matches_what_was_tested():
    topics = list(yaml.safe_load_all((PRODUCTION / "topics.yaml").read_text()))
    assert topics and all(t["spec"]["partitions"] == TESTED["partitions"] and
                          t["spec"]["replicas"] == TESTED["replication"] and
                          int(t["spec"]["config"]["min.insync.replicas"]) == TESTED["min_isr"] for t in topics)
    kafka = next(d for d in yaml.safe_load_all((PRODUCTION / "kafka.yaml").read_text()) if d["kind"] == "Kafka")
    assert int(kafka["spec"]["kafka"]["config"]["min.insync.replicas"]) == TESTED["min_isr"]
    chi = next(d for d in yaml.safe_load_all((PRODUCTION / "clickhouse.yaml").read_text())
               if d["kind"] == "ClickHouseInstallation")
    assert chi["spec"]["configuration"]["clusters"][0]["layout"]["shardsCount"] == TESTED["shards"]
    kustomization = yaml.safe_load((PRODUCTION / "kustomization.yaml").read_text())
    literals = kustomization["configMapGenerator"][0]["literals"]
    assert "MOTCUA_CLICKHOUSE_CLUSTER=motcua" in literals
    projector = next(yaml.safe_load(p["patch"]) for p in kustomization["patches"]
                     if p.get("target", {}).get("name") == "projector" and "patch" in p)
    assert projector == [{"op": "replace", "path": "/spec/replicas", "value": TESTED["projectors"]}]
