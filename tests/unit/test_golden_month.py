"""The golden-month generator: an independent tally of its events reproduces every golden figure.

The tally below is deliberately naive (plain dicts, one pass per question) and shares nothing with
the generator except the deadline rules, so a bug in one is unlikely to hide in the other.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from motcua.catalog import Catalog
from motcua.deadlines import (
    classify_open,
    classify_resolved,
    due_at,
    effective_due,
    is_working_day,
    month_bounds,
    waiting_for_supplement,
)
from motcua_tools.demo import golden_month

pytestmark = pytest.mark.unit

GOLDEN_PATH = golden_month.DEFAULT_GOLDEN
REFERENCE_DIR = golden_month.REPO_ROOT / "deploy" / "reference"
ARGS = ["--golden", str(GOLDEN_PATH), "--reference-dir", str(REFERENCE_DIR)]
REQUIRED = {
    "dossier.received": ("dossier_id", "department", "field", "procedure_code", "channel", "received_at"),
    "dossier.supplement_requested": ("dossier_id", "at"),
    "dossier.supplement_received": ("dossier_id", "at"),
    "dossier.resolved": ("dossier_id", "resolved_at", "outcome"),
    "dossier.withdrawn": ("dossier_id", "at"),
    "dossier.digitized": ("dossier_id", "at"),
    "payment.completed": ("payment_id", "dossier_id", "department", "amount_vnd", "method", "paid_at"),
    "survey.submitted": ("survey_id", "department", "rating", "submitted_at"),
    "feedback.received": ("feedback_id", "department", "at"),
    "feedback.resolved": ("feedback_id", "department", "at"),
    "account.assisted": ("account_ref", "at"),
    "catalog.decision_published": ("number", "date", "department", "fields", "changes"),
    "index766.published": ("period", "total", "rank", "of", "change_vs_same_period_pct", "components"),
}
ENUMS = {"channel": {"online", "direct", "postal"}, "outcome": {"approved", "refused"},
         "method": {"national_portal", "provincial_portal", "counter"},
         "rating": {"very_satisfied", "satisfied", "unsatisfied"}}
TIME_KEYS = ("received_at", "due_at", "at", "resolved_at", "paid_at", "submitted_at")
TIME_OF = {"dossier.received": "received_at", "dossier.resolved": "resolved_at", "payment.completed": "paid_at",
           "survey.submitted": "submitted_at"}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(REFERENCE_DIR)


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(GOLDEN_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("golden") / "golden-2023-04.jsonl"
    assert golden_month.main(["--out", str(out), *ARGS]) == 0
    return out


@pytest.fixture(scope="module")
def lines(generated) -> list[dict]:
    return [json.loads(text) for text in generated.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def dossiers(lines) -> dict[str, dict]:
    return tally_dossiers(lines)


def when(value: str) -> datetime:
    return datetime.fromisoformat(value)


def pct(part: int, whole: int) -> float:
    return float((Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def tally_dossiers(lines: list[dict]) -> dict[str, dict]:
    dossiers: dict[str, dict] = {}
    requests, supplements = defaultdict(list), defaultdict(list)
    for line in lines:
        kind = line["type"]
        if kind == "dossier.received":
            received = when(line["received_at"])
            due = when(line["due_at"]) if "due_at" in line else due_at(received, line["processing_days"])
            dossiers[line["dossier_id"]] = {**line, "received": received, "due": due, "closed": None}
        elif kind == "dossier.resolved":
            dossiers[line["dossier_id"]].update(closed=when(line["resolved_at"]), closing=line["outcome"])
        elif kind == "dossier.withdrawn":
            dossiers[line["dossier_id"]].update(closed=when(line["at"]), closing="withdrawn")
        elif kind == "dossier.supplement_requested":
            requests[line["dossier_id"]].append(when(line["at"]))
        elif kind == "dossier.supplement_received":
            supplements[line["dossier_id"]].append(when(line["at"]))
    for dossier_id, dossier in dossiers.items():
        asked, given = sorted(requests[dossier_id]), sorted(supplements[dossier_id])
        dossier["pauses"] = [(a, given[i] if i < len(given) else None) for i, a in enumerate(asked)]
    return dossiers


def month_figures(dossiers: dict[str, dict], lines: list[dict], catalog: Catalog, period: str) -> dict:
    start, end = month_bounds(period)
    name = catalog.department_name
    in_scope = [d for d in dossiers.values() if d["received"] < end and (d["closed"] is None or d["closed"] >= start)]
    new = [d for d in in_scope if d["received"] >= start]
    resolved = [d for d in in_scope if d["closed"] is not None and d["closed"] < end]
    classes = {id(d): classify_resolved(d["closed"], effective_due(d["due"], d["pauses"], as_of=d["closed"]))
               for d in resolved}
    late = [d for d in resolved if classes[id(d)] == "overdue"]
    still_open = [d for d in in_scope if d["closed"] is None or d["closed"] >= end]
    open_late = [d for d in still_open if classify_open(end, effective_due(d["due"], d["pauses"], as_of=end),
                                                        waiting_for_supplement(d["pauses"], end)) == "overdue"]
    late_fields: dict[str, Counter] = defaultdict(Counter)
    for d in late:
        late_fields[name(d["department"])][d["field"]] += 1
    by_department = defaultdict(lambda: [0, 0])
    for d in new:
        by_department[name(d["department"])][0] += 1
        by_department[name(d["department"])][1] += d["channel"] == "online"
    online = sum(d["channel"] == "online" for d in new)

    def of_month(kind: str, key: str = "at") -> list[dict]:
        return [x for x in lines if x["type"] == kind and start <= when(x[TIME_OF.get(kind, key)]) < end]

    national = [p for p in of_month("payment.completed") if p["method"] == "national_portal"]
    ratings = Counter(s["rating"] for s in of_month("survey.submitted"))
    total = len(in_scope)
    return {
        "intake": {"total": total, "carried_over": total - len(new), "new": len(new), "new_online": online,
                   "new_online_pct": pct(online, len(new)), "new_direct_or_postal": len(new) - online,
                   "new_direct_or_postal_pct": pct(len(new) - online, len(new))},
        "resolved": {"total": len(resolved), "pct_of_intake": pct(len(resolved), total),
                     "on_time_or_early": len(resolved) - len(late),
                     "on_time_or_early_pct": pct(len(resolved) - len(late), len(resolved)),
                     "overdue": len(late), "overdue_pct": pct(len(late), len(resolved)),
                     "overdue_by_department": {k: dict(v) for k, v in late_fields.items()}},
        "in_progress": {"total": len(still_open), "pct_of_intake": pct(len(still_open), total),
                        "within_deadline": len(still_open) - len(open_late), "overdue": len(open_late),
                        "overdue_by_department": dict(Counter(name(d["department"]) for d in open_late))},
        "new_by_department": {k: tuple(v) for k, v in by_department.items()},
        "departments_total": len(by_department),
        "departments_with_online": sum(v[1] > 0 for v in by_department.values()),
        "departments_fully_online": sorted(k for k, v in by_department.items() if v[0] == v[1]),
        "satisfaction": dict(ratings),
        "national_payments": national,
        "feedback_received": len(of_month("feedback.received")),
        "accounts": len(of_month("account.assisted")),
        "decisions": [x for x in lines if x["type"] == "catalog.decision_published" and start <= when(x["at"]) < end],
        "index766": [x for x in lines if x["type"] == "index766.published" and x["period"] == period],
    }


def test_every_golden_figure_comes_out_of_the_events(dossiers, lines, catalog, golden):
    figures = month_figures(dossiers, lines, catalog, golden["period"])
    assert figures["intake"] == golden["intake"]
    resolved, in_progress = golden["resolved"], golden["in_progress"]
    for key in ("total", "pct_of_intake", "on_time_or_early", "on_time_or_early_pct", "overdue", "overdue_pct"):
        assert figures["resolved"][key] == resolved[key], key
    assert figures["resolved"]["overdue_by_department"] == {
        row["department"]: row["fields"] for row in resolved["overdue_by_department"]}
    assert all(row["count"] == sum(row["fields"].values()) for row in resolved["overdue_by_department"])
    for key in ("total", "pct_of_intake", "within_deadline", "overdue", "overdue_by_department"):
        assert figures["in_progress"][key] == in_progress[key], key
    assert figures["new_by_department"] == {
        row["department"]: (row["new"], row["online"]) for row in golden["new_by_department"]}
    assert figures["departments_total"] == golden["departments_total"]
    assert figures["departments_with_online"] == golden["departments_with_online"]
    assert figures["departments_fully_online"] == sorted(golden["departments_fully_online"])


def test_satisfaction_feedback_and_accounts(dossiers, lines, catalog, golden):
    figures = month_figures(dossiers, lines, catalog, golden["period"])
    wanted = golden["satisfaction"]
    ratings = Counter(figures["satisfaction"])
    total = sum(ratings.values())
    assert total == wanted["total"]
    for rating in ("very_satisfied", "satisfied", "unsatisfied"):
        assert ratings[rating] == wanted[rating]
    assert pct(ratings["very_satisfied"], total) == wanted["very_satisfied_pct"]
    assert pct(ratings["satisfied"], total) == wanted["satisfied_pct"]
    assert figures["feedback_received"] == golden["feedback"]["received"]
    assert figures["accounts"] == golden["digital_id_accounts_assisted"]


def test_online_payments_this_month_and_the_previous(dossiers, lines, catalog, golden):
    wanted = golden["online_payments"]
    national = month_figures(dossiers, lines, catalog, golden["period"])["national_payments"]
    assert len({p["dossier_id"] for p in national}) == wanted["dossiers"]
    assert sum(p["amount_vnd"] for p in national) == wanted["amount_vnd"]
    assert {catalog.department_name(p["department"]) for p in national} == set(wanted["departments"])
    previous = month_figures(dossiers, lines, catalog, "2023-03")["national_payments"]
    assert len({p["dossier_id"] for p in previous}) == wanted["previous_month_dossiers"]
    assert wanted["dossiers"] - wanted["previous_month_dossiers"] == wanted["change_vs_previous_month"]
    paid_twice = [k for k, n in Counter(p["dossier_id"] for p in national).items() if n > 1]
    assert len(paid_twice) == 2, "two dossiers pay twice: distinct dossiers must not double count"
    april = month_bounds(golden["period"])
    others = [p for p in lines if p["type"] == "payment.completed" and p["method"] != "national_portal"
              and april[0] <= when(p["paid_at"]) < april[1]]
    assert {p["method"] for p in others} == {"counter", "provincial_portal"}
    assert any(when(p["paid_at"]).astimezone(timezone.utc).month == 3 for p in national), \
        "a payment made in April local time, still March in UTC"


def test_catalog_decisions_and_the_766_index(dossiers, lines, catalog, golden):
    figures = month_figures(dossiers, lines, catalog, golden["period"])
    published = [{"number": d["number"], "date": d["date"], "department": catalog.department_name(d["department"]),
                  "fields": d["fields"], "changes": d["changes"]} for d in figures["decisions"]]
    assert sorted(published, key=lambda d: d["number"]) == sorted(golden["catalog_decisions"], key=lambda d: d["number"])
    [index] = figures["index766"]
    wanted = golden["index_766_as_published"]
    assert (index["total"], index["rank"], index["of"], index["change_vs_same_period_pct"]) == (
        wanted["total"], wanted["rank"], wanted["of"], wanted["change_vs_same_period_pct"])
    assert index["components"] == wanted["components"]


def test_two_runs_write_identical_bytes(generated, tmp_path):
    again = tmp_path / "again.jsonl"
    golden_month.main(["--out", str(again), *ARGS])
    assert again.read_bytes() == generated.read_bytes()


def test_every_line_follows_the_interchange_contract(lines, catalog):
    ids: dict[str, set] = defaultdict(set)
    previous = None
    for number, line in enumerate(lines, 1):
        kind = line["type"]
        assert kind in REQUIRED, number
        missing = [key for key in REQUIRED[kind] if key not in line]
        assert not missing, (number, missing)
        assert "event_id" not in line and line["source"] == golden_month.SOURCE
        for key in TIME_KEYS:
            if key in line:
                assert line[key].endswith("+07:00") and when(line[key]).tzinfo is not None, (number, key)
        for key, allowed in ENUMS.items():
            if key in line:
                assert line[key] in allowed, (number, key)
        if "department" in line:
            assert catalog.department(line["department"]) is not None, number
        if kind == "dossier.received":
            procedure = catalog.procedure(line["procedure_code"])
            assert procedure is not None and procedure.department == line["department"], number
            assert line["field"] == procedure.field, number
            assert ("due_at" in line) != ("processing_days" in line), number
        if kind == "payment.completed":
            amount = line["amount_vnd"]
            assert type(amount) is int and amount > 0 and amount % 1000 == 0, number
        if kind == "catalog.decision_published":
            assert catalog.department(line["department"]) and set(line["fields"]) <= set(
                catalog.fields(line["department"])), number
        for key in ("payment_id", "survey_id", "account_ref"):
            if key in line:
                assert line[key] not in ids[key], (number, key)
                ids[key].add(line[key])
        if kind == "dossier.received":
            assert line["dossier_id"] not in ids["dossier_id"], number
            ids["dossier_id"].add(line["dossier_id"])
        elif "dossier_id" in line:
            assert line["dossier_id"] in ids["dossier_id"], (number, "event before its dossier's receipt")
        moment = next((when(line[k]) for k in TIME_KEYS if k in line and k != "due_at"), None)
        if moment is not None:
            assert previous is None or moment >= previous, (number, "lines are sorted by business time")
            previous = moment


def test_lines_parse_with_the_projects_interchange_module(lines):
    from motcua import interchange

    for number, line in enumerate(lines, 1):
        try:
            interchange.parse_object(line)
        except ValueError as exc:
            pytest.fail(f"line {number}: {exc}")


def test_times_are_plausible_and_due_dates_coherent(dossiers, catalog):
    def in_office(moment: datetime) -> bool:
        return is_working_day(moment.date()) and (7, 30) <= (moment.hour, moment.minute) < (17, 0)

    off_hours_online = 0
    for dossier in dossiers.values():
        if dossier["channel"] == "online":
            off_hours_online += not in_office(dossier["received"])
        else:
            assert in_office(dossier["received"]), dossier["dossier_id"]
        if dossier["closed"] is not None:
            assert in_office(dossier["closed"]) and dossier["closed"] > dossier["received"], dossier["dossier_id"]
        if "due_at" in dossier:
            days = catalog.procedure(dossier["procedure_code"]).processing_days
            assert dossier["due"] == due_at(dossier["received"], days), dossier["dossier_id"]
        for requested, supplemented in dossier["pauses"]:
            assert dossier["received"] < requested and (supplemented is None or requested < supplemented)
            assert dossier["closed"] is None or (supplemented is not None and supplemented < dossier["closed"])
    assert off_hours_online > 100, "online receipts also happen at night and on weekends"


def test_the_month_has_the_variety_a_report_must_handle(dossiers, lines):
    start, end = month_bounds("2023-04")
    closed = [d for d in dossiers.values() if d["closed"] and start <= d["closed"] < end]
    assert {"approved", "refused", "withdrawn"} <= {d["closing"] for d in closed}
    classes = Counter(classify_resolved(d["closed"], effective_due(d["due"], d["pauses"], as_of=d["closed"]))
                      for d in closed)
    assert classes["early"] > 0 and classes["on_time"] > 0
    saved = [d for d in closed if d["pauses"] and d["closed"] > d["due"]
             and classify_resolved(d["closed"], effective_due(d["due"], d["pauses"])) != "overdue"]
    assert saved, "a closed pause turns an otherwise late resolution into one in time"
    waiting = [d for d in dossiers.values() if d["received"] < end and d["closed"] is None
               and waiting_for_supplement(d["pauses"], end)]
    assert any(d["due"] < end for d in waiting), "waiting for a supplement keeps a past-due dossier within deadline"
    channels = Counter(d["channel"] for d in dossiers.values())
    assert channels["direct"] > 0 and channels["postal"] > 0
    share = sum("processing_days" in d for d in dossiers.values()) / len(dossiers)
    assert 0.1 < share < 0.3
    assert any(d["received"].weekday() >= 5 and start <= d["received"] < end for d in dossiers.values())
    march = month_bounds("2023-03")
    assert sum(march[0] <= d["received"] < march[1] for d in dossiers.values()) > 1000
    assert sum(d["closed"] is not None and march[0] <= d["closed"] < march[1] for d in dossiers.values()) > 1000
    surveys = [s for s in lines if s["type"] == "survey.submitted" and "dossier_id" in s]
    assert surveys and all(dossiers[s["dossier_id"]]["department"] == s["department"]
                           and dossiers[s["dossier_id"]]["closed"] < when(s["submitted_at"]) for s in surveys)
