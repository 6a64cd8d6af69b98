"""The Grafana dashboards ask only for what exists: metrics of docs/conventions.md, tables of
services/motcua/schema, datasources that provisioning creates; and they are what the generator makes."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GRAFANA = ROOT / "deploy" / "grafana"
sys.path.insert(0, str(ROOT / "deploy" / "check"))
import contract  # noqa: E402

DASHBOARDS = sorted((GRAFANA / "dashboards").glob("*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def queries(dashboard: dict, field: str):
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            if target.get(field):
                yield panel["title"], target[field]


def test_there_are_an_operations_and_a_business_dashboard():
    assert {load(p)["uid"] for p in DASHBOARDS} == {"motcua-operations", "motcua-business"}


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.stem)
def test_every_promql_expression_names_only_contract_metrics(path):
    allowed = contract.contract_metrics()
    found = list(queries(load(path), "expr"))
    assert found
    for title, expr in found:
        names = contract.promql_metric_names(expr)
        assert names, (title, expr)
        assert names <= allowed, f"{title}: {sorted(names - allowed)} not in docs/conventions.md"


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.stem)
def test_every_sql_query_reads_only_schema_tables(path):
    tables = contract.schema_tables()
    assert {"events", "dossier_facts", "payments", "survey_ratings"} <= tables
    for title, sql in queries(load(path), "rawSql"):
        used = contract.sql_tables(sql)
        assert used and used <= tables, f"{title}: {sorted(used - tables)} not in services/motcua/schema"
        assert re.search(r"\bmotcua\.\w+", sql), f"{title}: name the database (motcua.<table>)"


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.stem)
def test_every_panel_uses_a_provisioned_datasource_and_defined_variables(path):
    provisioning = (GRAFANA / "provisioning" / "datasources" / "datasources.yml").read_text()
    uids = set(re.findall(r"^\s+uid:\s*(\S+)", provisioning, flags=re.M))
    dashboard = load(path)
    defined = {v["name"] for v in dashboard["templating"]["list"]}
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            assert target["datasource"]["uid"] in uids, panel["title"]
            query = target.get("expr") or target.get("rawSql")
            for variable in re.findall(r"\$\{?(\w+)", query):
                assert variable.startswith("__") or variable in defined, (panel["title"], variable)


def test_the_committed_json_is_what_the_generator_makes():
    sys.path.insert(0, str(GRAFANA))
    import build_dashboards

    for name, build in build_dashboards.DASHBOARDS.items():
        assert (GRAFANA / "dashboards" / name).read_text(encoding="utf-8") == build_dashboards.render(build), (
            f"{name} is stale: python deploy/grafana/build_dashboards.py")


def test_the_business_dashboard_covers_the_business_gauges():
    exprs = " ".join(expr for path in DASHBOARDS for _, expr in queries(load(path), "expr"))
    for metric in ("motcua_dossiers_in_progress", "motcua_dossiers_overdue", "motcua_dossiers_nearly_due",
                   "motcua_dossiers_received_today", "motcua_survey_ratings_month",
                   "motcua_online_payments_month_dossiers", "motcua_projector_consumer_lag",
                   "motcua_projector_dead_letters_total", "motcua_grpc_request_duration_seconds_bucket"):
        assert metric in exprs, metric


def test_metric_name_extraction_ignores_functions_labels_and_grafana_variables():
    expr = ('histogram_quantile(0.99, sum by (service, le) (rate(motcua_grpc_request_duration_seconds_bucket'
            '{code!="OK", department=~"$department"}[$__rate_interval]))) / on (service) group_left '
            'sum(up offset 1d) or vector(0)')
    assert contract.promql_metric_names(expr) == {"motcua_grpc_request_duration_seconds_bucket", "up"}
    assert contract.promql_metric_names("sum(motcua_nonexistent_total)") == {"motcua_nonexistent_total"}


def test_sql_table_extraction_sees_joins_and_subqueries():
    sql = "SELECT 1 FROM motcua.events FINAL JOIN payments p ON 1 WHERE x IN (SELECT y FROM motcua.nowhere)"
    assert contract.sql_tables(sql) == {"events", "payments", "nowhere"}
