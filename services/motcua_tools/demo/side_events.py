"""The month's events besides dossiers: surveys, digital-ID help, feedback, publications, the 766 index."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from motcua.deadlines import LOCAL_TZ, is_working_day

from .clock import any_moment, office_moment
from .lifecycle import Lifecycle

Line = tuple[datetime, dict[str, Any]]
SURVEY_WITH_DOSSIER_SHARE = 0.4


def surveys(rng: random.Random, ratings: list[tuple[str, int]], per_department: dict[str, int],
            resolved: list[Lifecycle], period: tuple[datetime, datetime], prefix: str) -> list[Line]:
    """Ratings shuffled over the departments' surveys; some name a dossier resolved in the period."""
    start, end = period
    pool = [rating for rating, count in ratings for _ in range(count)]
    if len(pool) != sum(per_department.values()):
        raise ValueError("survey counts per department do not match the ratings")
    rng.shuffle(pool)
    lines = []
    for department, count in per_department.items():
        rated = [life for life in resolved if life.slot.department == department]
        for _ in range(count):
            survey: dict[str, Any] = {"type": "survey.submitted", "survey_id": f"{prefix}-{len(lines) + 1:04d}",
                                      "department": department, "rating": pool[len(lines)]}
            life = rng.choice(rated) if rated and rng.random() < SURVEY_WITH_DOSSIER_SHARE else None
            at = None
            if life is not None:
                at = office_moment(rng, life.closed_at + timedelta(minutes=5), min(end, life.closed_at + timedelta(days=3)))
            if at is None:
                at = office_moment(rng, start, end)
            else:
                survey["dossier_id"] = life.dossier_id
            survey["submitted_at"] = at
            lines.append((at, survey))
    return lines


def accounts_assisted(rng: random.Random, count: int, period: tuple[datetime, datetime], prefix: str) -> list[Line]:
    lines = []
    for number in range(1, count + 1):
        at = office_moment(rng, *period)
        lines.append((at, {"type": "account.assisted", "account_ref": f"{prefix}-{number:04d}", "at": at}))
    return lines


def feedback(rng: random.Random, departments: list[str], period: tuple[datetime, datetime], prefix: str) -> list[Line]:
    """One feedback per listed department, received online and answered within a week."""
    start, end = period
    lines = []
    for number, department in enumerate(departments, 1):
        received = any_moment(rng, start, end - timedelta(days=8))
        answered = office_moment(rng, received + timedelta(days=1), received + timedelta(days=7))
        ident = {"feedback_id": f"{prefix}-{number:03d}", "department": department}
        lines.append((received, {"type": "feedback.received", **ident, "at": received}))
        lines.append((answered, {"type": "feedback.resolved", **ident, "at": answered}))
    return lines


def decisions(published: tuple[dict[str, Any], ...], period_start: datetime) -> list[Line]:
    """Catalog decisions; `at` is the day it was posted (the decision's date, else mid-month)."""
    lines = []
    for decision in published:
        if decision["date"]:
            at = datetime.combine(date.fromisoformat(decision["date"]), time(8, 0), LOCAL_TZ)
        else:
            day = period_start.date() + timedelta(days=11)
            while not is_working_day(day):
                day += timedelta(days=1)
            at = datetime.combine(day, time(9, 0), LOCAL_TZ)
        lines.append((at, {"type": "catalog.decision_published", **decision, "at": at}))
    return lines


def index766(published: dict[str, Any], period_end: datetime) -> list[Line]:
    """The national index as published for the period; sorted at the period's end (it has no time)."""
    return [(period_end - timedelta(seconds=1), {"type": "index766.published", **published})]
