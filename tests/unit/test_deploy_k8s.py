"""k8s/: kustomize builds base and both overlays; gRPC probes, resources and HPAs on the stateless
services, the projector scaled by partitions, Strimzi and Altinity resources in production."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml  # noqa: F401 - policy parses the built manifests with it (a test dependency in pyproject.toml)

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy" / "check"))
import policy  # noqa: E402

pytestmark = pytest.mark.skipif(policy.kustomize_command() is None,
                                reason="neither kustomize nor kubectl installed (deploy/check/run.sh installs kustomize)")

OVERLAYS = {"base": ROOT / "k8s" / "base", "dev": ROOT / "k8s" / "overlays" / "dev",
            "production": ROOT / "k8s" / "overlays" / "production"}


@pytest.fixture(scope="module")
def built() -> dict[str, list[dict]]:
    return {name: policy.kustomize_build(path) for name, path in OVERLAYS.items()}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_overlay_builds_and_follows_the_rules(built, overlay):
    assert policy.k8s_problems(built[overlay], overlay) == []


def test_production_runs_on_strimzi_and_altinity(built):
    kinds = {r["kind"] for r in built["production"]}
    assert {"Kafka", "KafkaNodePool", "KafkaTopic", "ClickHouseInstallation",
            "ClickHouseKeeperInstallation", "PodDisruptionBudget"} <= kinds
    assert not kinds & {"StatefulSet"}, "production brings no home-made Kafka or ClickHouse"


def test_dev_runs_single_node_kafka_and_clickhouse(built):
    statefulsets = policy.by_kind(built["dev"], "StatefulSet")
    assert set(statefulsets) == {"kafka", "clickhouse"}
    assert all(s["spec"]["replicas"] == 1 for s in statefulsets.values())


def test_a_projector_with_an_hpa_or_without_grpc_probes_is_reported(built):
    import copy

    resources = copy.deepcopy(built["production"])
    intake = policy.by_kind(resources, "Deployment")["intake"]
    del intake["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]
    resources.append({"kind": "HorizontalPodAutoscaler", "metadata": {"name": "projector"},
                      "spec": {"scaleTargetRef": {"name": "projector"}, "minReplicas": 1, "maxReplicas": 9}})
    problems = policy.k8s_problems(resources, "production")
    assert any("intake: livenessProbe" in p for p in problems)
    assert any("projector: scales by partitions" in p for p in problems)


def test_the_public_tokens_in_a_cluster_that_is_not_told_development_are_reported(built):
    import base64
    import copy

    dev_json = (ROOT / "deploy" / "credentials" / "dev.json").read_bytes()
    production = copy.deepcopy(built["production"])
    secret = next(r for n, r in policy.by_kind(production, "Secret").items() if n.startswith("motcua-credentials"))
    secret["data"]["credentials.json"] = base64.b64encode(dev_json).decode()
    assert any("accepts public development tokens" in p for p in policy.k8s_problems(production, "production"))

    dev = copy.deepcopy(built["dev"])
    configmap = next(c for n, c in policy.by_kind(dev, "ConfigMap").items() if n.startswith("motcua-env"))
    del configmap["data"]["MOTCUA_ENV"]
    assert any("accepts public development tokens" in p for p in policy.k8s_problems(dev, "dev"))


def test_credentials_read_from_inside_the_image_are_reported(built):
    import copy

    dev = copy.deepcopy(built["dev"])
    configmap = next(c for n, c in policy.by_kind(dev, "ConfigMap").items() if n.startswith("motcua-env"))
    configmap["data"]["MOTCUA_CREDENTIALS_FILE"] = "/app/deploy/credentials/dev.json"
    assert any("MOTCUA_CREDENTIALS_FILE must be" in p for p in policy.k8s_problems(dev, "dev"))
