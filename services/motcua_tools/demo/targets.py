"""The figures a generated month must reproduce, read from a golden file (deploy/reference/golden-*.json).

Only the demo generator reads golden files: they shape synthetic data to a real month. Display
names become catalog codes here, so everything downstream speaks codes.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from motcua.catalog import Catalog


@dataclass(frozen=True)
class DepartmentIntake:
    department: str
    new: int
    online: int


@dataclass(frozen=True)
class MonthTargets:
    period: str
    carried_over: int
    resolved: int
    in_progress: int
    new_by_department: tuple[DepartmentIntake, ...]
    resolved_overdue: tuple[tuple[str, str, int], ...]  # (department, field, count)
    open_overdue: tuple[tuple[str, int], ...]            # (department, count)
    ratings: tuple[tuple[str, int], ...]                 # (rating, count)
    paid_dossiers: int
    paid_amount_vnd: int
    paying_departments: tuple[str, ...]
    previous_month_paid_dossiers: int
    feedback_received: int
    accounts_assisted: int
    decisions: tuple[dict[str, Any], ...]                # interchange fields, department as a code
    index766: dict[str, Any]                             # interchange fields of index766.published


def load_targets(path: Path, catalog: Catalog) -> MonthTargets:
    golden = json.loads(Path(path).read_text(encoding="utf-8"))

    def code(name: str) -> str:
        department = catalog.department_by_name(name)
        if department is None:
            raise ValueError(f"{path}: department {name!r} is not in the catalog")
        return department.code

    def field_of(department: str, field: str) -> str:
        if field not in catalog.fields(department):
            raise ValueError(f"{path}: field {field!r} is not a field of {department} in the catalog")
        return field

    intake, resolved, in_progress = golden["intake"], golden["resolved"], golden["in_progress"]
    payments, satisfaction, index = golden["online_payments"], golden["satisfaction"], golden["index_766_as_published"]
    targets = MonthTargets(
        period=golden["period"],
        carried_over=intake["carried_over"],
        resolved=resolved["total"],
        in_progress=in_progress["total"],
        new_by_department=tuple(DepartmentIntake(code(row["department"]), row["new"], row["online"])
                                for row in golden["new_by_department"]),
        resolved_overdue=tuple((code(row["department"]), field_of(code(row["department"]), field), count)
                               for row in resolved["overdue_by_department"]
                               for field, count in row["fields"].items()),
        open_overdue=tuple((code(name), count) for name, count in in_progress["overdue_by_department"].items()),
        ratings=tuple((rating, satisfaction[rating]) for rating in ("very_satisfied", "satisfied", "unsatisfied")),
        paid_dossiers=payments["dossiers"],
        paid_amount_vnd=payments["amount_vnd"],
        paying_departments=tuple(code(name) for name in payments["departments"]),
        previous_month_paid_dossiers=payments["previous_month_dossiers"],
        feedback_received=golden["feedback"]["received"],
        accounts_assisted=golden["digital_id_accounts_assisted"],
        decisions=tuple({"number": d["number"], "date": d["date"], "department": code(d["department"]),
                         "fields": [field_of(code(d["department"]), f) for f in d["fields"]],
                         "changes": list(d["changes"])} for d in golden["catalog_decisions"]),
        index766={"period": golden["period"], "total": index["total"], "rank": index["rank"], "of": index["of"],
                  "change_vs_same_period_pct": index["change_vs_same_period_pct"],
                  "components": {k: {"score": v["score"], "max": v["max"]} for k, v in index["components"].items()}},
    )
    _check_consistent(targets, intake, resolved, path)
    return targets


def _check_consistent(t: MonthTargets, intake: dict[str, Any], resolved: dict[str, Any], path: Path) -> None:
    new = sum(d.new for d in t.new_by_department)
    problems = []
    if new != intake["new"] or sum(d.online for d in t.new_by_department) != intake["new_online"]:
        problems.append("new_by_department does not add up to intake.new / new_online")
    if t.carried_over + new != t.resolved + t.in_progress:
        problems.append("carried_over + new != resolved + in_progress")
    if sum(count for _, _, count in t.resolved_overdue) != resolved["overdue"]:
        problems.append("resolved.overdue_by_department does not add up to resolved.overdue")
    if sum(count for _, count in t.open_overdue) > t.in_progress:
        problems.append("in_progress.overdue_by_department exceeds in_progress.total")
    if problems:
        raise ValueError(f"{path}: inconsistent golden figures: " + "; ".join(problems))
