"""The golden month folded straight into a real ClickHouse (no command services, no Kafka): the report
model reproduces every published figure, and `as_of` gives the month as it was known before April
was loaded. The whole stack is tests/e2e/test_golden_month.py."""
from __future__ import annotations

import json
import os
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from motcua.catalog import Catalog
from motcua.chschema import connect, migrate
from motcua_tools.bench.reporting_data import fold_into, interchange_events
from motcua_tools.demo import golden_month
from motcua_tools.demo.run import GOLDEN, compare_figures
from reporting import compute
from reporting.reader import Reader

MARCH_LOADED = datetime(2024, 1, 10, tzinfo=timezone.utc)   # recorded times chosen by the test
APRIL_LOADED = datetime(2024, 1, 20, tzinfo=timezone.utc)
BETWEEN = datetime(2024, 1, 15, tzinfo=timezone.utc)
APRIL_STARTS = "2023-04-01T00:00:00+07:00"
FIXTURES = Path(__file__).resolve().parents[1] / "unit" / "fixtures"
# The renderer tests' models: April as reported on 2 May 08:00, and April while running, on 18 April 10:30.
FIXTURE_MOMENTS = {"report-model-2023-04.json": "2023-05-02T08:00:00+07:00",
                   "report-model-2023-04-running.json": "2023-04-18T10:30:00+07:00"}


def business_time(line: dict) -> datetime:
    for key in ("received_at", "resolved_at", "at", "paid_at", "submitted_at"):
        if line.get(key):
            return datetime.fromisoformat(line[key])
    return datetime.fromisoformat(APRIL_STARTS) if line.get("period") == "2023-04" else datetime.min.replace(tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def reader(infra_settings, tmp_path_factory) -> Reader:
    out = tmp_path_factory.mktemp("golden") / "golden.jsonl"
    assert golden_month.main(["--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    april = datetime.fromisoformat(APRIL_STARTS)
    before = [line for line in lines if business_time(json.loads(line)) < april]
    after = [line for line in lines if business_time(json.loads(line)) >= april]
    database = f"rg_{uuid.uuid4().hex[:10]}"
    client = connect(infra_settings)
    migrate(client, database)
    fold_into(client, database, interchange_events(before, MARCH_LOADED), "before-april")
    fold_into(client, database, interchange_events(after, APRIL_LOADED), "april")
    return Reader(client, database)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(Path(GOLDEN).read_text(encoding="utf-8"))


def test_the_report_model_reproduces_every_published_figure(reader, catalog, golden):
    model = compute.report_model(reader, catalog, "2023-04")
    rows, _ = compare_figures(golden, model)
    assert len(rows) > 150
    assert [row for row in rows if not row[3]] == []
    assert model["departments_fully_online"] == golden["departments_fully_online"]  # catalog order = published
    flagged = {flag["figure"] for flag in model["consistency"]}
    assert "index_766_as_published.total" in flagged
    assert not [flag for flag in model["consistency"] if flag["severity"] == "error"]
    assert model["index_766_estimate"]["components"]["tien_do_ket_qua_giai_quyet"]["score"] == 19.86


def test_as_of_a_moment_before_april_was_loaded_shows_no_april_dossier(reader, catalog):
    then = compute.report_model(reader.with_as_of(BETWEEN), catalog, "2023-04")
    march_now = compute.report_model(reader, catalog, "2023-03")
    assert then["intake"]["new"] == 0 and then["new_by_department"] == []
    assert then["intake"]["carried_over"] == then["intake"]["total"] == march_now["in_progress"]["total"]
    assert then["resolved"]["total"] == 0 and then["online_payments"]["dossiers"] == 0
    assert then["index_766_as_published"] is None and then["as_of"].startswith("2024-01-15T07:00:00")


def test_a_finished_month_does_not_change_when_later_events_arrive(reader, catalog):
    march_then = compute.report_model(reader.with_as_of(BETWEEN), catalog, "2023-03")
    march_now = compute.report_model(reader, catalog, "2023-03")
    volatile = ("generated_at", "as_of", "history", "history_by_department", "narrative")
    assert {k: v for k, v in march_then.items() if k not in volatile} == \
        {k: v for k, v in march_now.items() if k not in volatile}


def test_statistics_by_department_and_field_agree_with_the_report(reader, catalog):
    model = compute.report_model(reader, catalog, "2023-04")
    for by, table in (("department", "table_by_department"), ("field", "table_by_field")):
        stats = compute.statistics(reader, catalog, "2023-04", by)
        assert all(check.holds for check in stats.checks) and stats.complete
        assert stats.totals.received_total == 5479 == sum(row["received_total"] for row in model[table])
        assert len(stats.rows) == len(model[table])


def test_history_runs_from_the_first_month_with_dossiers(reader, catalog):
    model = compute.report_model(reader, catalog, "2023-04")
    months = [row["period"] for row in model["history"]]
    assert months[-2:] == ["2023-03", "2023-04"] and months == sorted(months)
    assert model["history"][-1]["resolved"] == 4761 and model["history"][-1]["on_time_or_early"] == 4743
    april = [row for row in model["history_by_department"] if row["period"] == "2023-04"]
    assert sum(row["new"] for row in april) == 4708


def test_a_running_month_is_cut_at_now(reader, catalog):
    now = datetime.fromisoformat("2023-04-16T12:00:00+07:00").astimezone(timezone.utc)
    model = compute.report_model(reader, catalog, "2023-04", now=now)
    assert not model["complete"] and model["figures_until"].startswith("2023-04-16T12:00")
    assert 0 < model["intake"]["new"] < 4708
    assert model["intake"]["total"] == model["resolved"]["total"] + model["in_progress"]["total"]
    assert now - timedelta(days=1) < datetime.fromisoformat(model["figures_until"])


@pytest.mark.parametrize("name", sorted(FIXTURE_MOMENTS))
def test_the_renderer_fixtures_are_what_the_model_code_builds_today(reader, catalog, name):
    """The unit tests render committed models; a model code change that they do not follow fails here.
    `make report-fixtures` rewrites them (MOTCUA_WRITE_REPORT_FIXTURES=1)."""
    now = datetime.fromisoformat(FIXTURE_MOMENTS[name]).astimezone(timezone.utc)
    built = json.dumps(compute.report_model(reader, catalog, "2023-04", now=now), ensure_ascii=False, indent=2) + "\n"
    path = FIXTURES / name
    if os.environ.get("MOTCUA_WRITE_REPORT_FIXTURES"):
        path.write_text(built, encoding="utf-8")
    assert path.exists() and path.read_text(encoding="utf-8") == built, f"{name} is stale: run make report-fixtures"
