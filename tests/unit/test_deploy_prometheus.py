"""deploy/prometheus: scrape jobs on the ports of docs/conventions.md, alert rules over contract
metrics, each alert unit-tested by promtool (run here when promtool is installed)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml  # a test dependency (pyproject.toml [test])

ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS = ROOT / "deploy" / "prometheus"
sys.path.insert(0, str(ROOT / "deploy" / "check"))
import contract  # noqa: E402
import policy  # noqa: E402


def document(name: str) -> dict:
    return yaml.safe_load((PROMETHEUS / name).read_text())


def test_scrape_config_rules_and_alerts_follow_the_contract():
    assert policy.prometheus_problems(document("prometheus.yml"), document("alerts.yml"),
                                      document("tests/alerts_test.yml")) == []


def test_the_issue_s_alerts_are_all_there():
    alerts = {r["alert"]: r["expr"] for g in document("alerts.yml")["groups"] for r in g["rules"]}
    assert "up{" in alerts["MotcuaServiceDown"] and "== 0" in alerts["MotcuaServiceDown"]
    assert "motcua_projector_consumer_lag" in alerts["MotcuaProjectorLagHigh"]
    assert "increase(motcua_projector_dead_letters_total[10m])" in alerts["MotcuaDeadLettersGrowing"]
    assert "motcua_dossiers_overdue" in alerts["MotcuaOverdueDossiersRising"]
    assert "motcua_dossiers_nearly_due" in alerts["MotcuaDossiersNearlyDue"]


def test_nearly_due_is_listed_in_the_contract():
    assert "motcua_dossiers_nearly_due" in contract.contract_metrics()


def test_a_rule_over_an_unknown_metric_is_reported():
    rules = {"groups": [{"name": "g", "rules": [{"alert": "X", "expr": "motcua_made_up_total > 0",
                                                 "labels": {"severity": "info"}}]}]}
    problems = policy.prometheus_problems(document("prometheus.yml"), rules, {"tests": []})
    assert any("motcua_made_up_total" in p for p in problems)
    assert any("no promtool test" in p for p in problems)
    assert any("summary and description" in p for p in problems)


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool not installed (apt-get install prometheus)")
@pytest.mark.parametrize("command", [["check", "config", "deploy/prometheus/prometheus.yml"],
                                     ["check", "rules", "deploy/prometheus/alerts.yml"],
                                     ["test", "rules", "deploy/prometheus/tests/alerts_test.yml"]],
                         ids=lambda c: " ".join(c[:2]))
def test_promtool_accepts_the_config_and_the_rules_pass_their_tests(command):
    result = subprocess.run(["promtool", *command], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
