"""The golden month: synthetic JSONL events from which a correct fold reproduces a real report.

`python -m motcua_tools.demo.golden_month --out FILE` writes April 2023 (Hà Nam) and its history (March,
late February): every figure of deploy/reference/golden-2023-04.json comes out of the events alone. The golden
file only shapes this synthetic source; the reporting code never reads it. Seeded: two runs with the
same inputs write byte-identical files.

Invariants: nothing received before February; nothing happens after the published month; every
dossier outside the month's universe is closed before it starts; counters, the post office and
departments act in office hours on working days, citizens online at any time; due_at (or the
processing_days left to the command side, ~20%) follows motcua.deadlines; every class a dossier
must end in is drawn to hold under those rules (see lifecycle.py).
"""
from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from motcua.catalog import Catalog
from motcua.deadlines import LOCAL_TZ, month_bounds

from . import payments, side_events
from .allocation import apportion, april_drafts, history_drafts, to_slot
from .lifecycle import Lifecycle, Role, Slot, plan_lifecycle
from .payments import choose_paid, fit_amount
from .targets import MonthTargets, load_targets

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_GOLDEN = REPO_ROOT / "deploy" / "reference" / "golden-2023-04.json"
DEFAULT_OUT = Path("out/golden-2023-04.jsonl")
SEED = 20230430
SOURCE = "dvc-hanam"
PROCESSING_DAYS_SHARE = 0.2  # receipts that leave the due date to the command side
SECOND_PAYMENTS_VND = [150_000, 300_000]  # supplementary fees; the last absorbs what fees cannot
OTHER_PAYMENTS = {"counter": 140, "provincial_portal": 25}
MARCH = {"ratings": [("very_satisfied", 371), ("satisfied", 5), ("unsatisfied", 1)], "accounts": 571,
         "feedback": ["CONG_AN", "TNMT"], "counter": 110, "provincial_portal": 20}
TYPE_ORDER = ["catalog.decision_published", "dossier.received", "dossier.digitized", "payment.completed",
              "dossier.supplement_requested", "dossier.supplement_received", "dossier.resolved",
              "dossier.withdrawn", "survey.submitted", "feedback.received", "feedback.resolved",
              "account.assisted", "index766.published"]


def generate(golden: Path = DEFAULT_GOLDEN, catalog: Catalog | None = None, seed: int = SEED) -> list[dict[str, Any]]:
    """Every line of the file, as interchange objects sorted by business time."""
    catalog = catalog or Catalog.load()
    targets = load_targets(golden, catalog)
    rng = random.Random(seed)
    april = month_bounds(targets.period)
    march = month_bounds(f"{april[0] - timedelta(days=1):%Y-%m}")
    history_start = month_bounds(f"{march[0] - timedelta(days=1):%Y-%m}")[0]  # nothing before February

    april_slots, second_payments = _april_slots(rng, catalog, targets, april, history_start)
    slots = april_slots + _history_slots(rng, catalog, targets, march, history_start)
    lives = _with_ids([plan_lifecycle(rng, slot) for slot in slots])
    lines = [line for life in lives for line in _dossier_lines(rng, life)]
    for period, extra, other in ((april, second_payments, OTHER_PAYMENTS), (march, [], MARCH)):
        of_period = [life for life in lives if life.slot.period == period]
        lines += payments.national_payments(rng, of_period, extra, period[1])
        lines += payments.other_payments(rng, of_period, period, other["counter"], other["provincial_portal"])
    lines += _surveys(rng, targets, lives, april, list(targets.ratings))
    lines += _surveys(rng, targets, lives, march, MARCH["ratings"])
    lines += side_events.accounts_assisted(rng, targets.accounts_assisted, april, f"TK-{april[0]:%y%m}")
    lines += side_events.accounts_assisted(rng, MARCH["accounts"], march, f"TK-{march[0]:%y%m}")
    feedback_departments = [rng.choice(targets.paying_departments) for _ in range(targets.feedback_received)]
    lines += side_events.feedback(rng, feedback_departments, april, f"PA-{april[0]:%y%m}")
    lines += side_events.feedback(rng, MARCH["feedback"], march, f"PA-{march[0]:%y%m}")
    lines += side_events.decisions(targets.decisions, april[0])
    lines += side_events.index766(targets.index766, april[1])
    order = sorted(range(len(lines)), key=lambda i: (lines[i][0], TYPE_ORDER.index(lines[i][1]["type"]), i))
    return [_interchange(lines[i][1]) for i in order]


def _april_slots(rng: random.Random, catalog: Catalog, targets: MonthTargets, april: tuple[datetime, datetime],
                 history_start: datetime) -> tuple[list[Slot], list[int]]:
    """The published month's dossiers, and the amounts of the second national-portal payments."""
    drafts = april_drafts(rng, catalog, targets)
    paid = choose_paid(rng, catalog, drafts, targets.paid_dossiers, targets.paying_departments)
    left = fit_amount(rng, catalog, paid, targets.paid_amount_vnd - sum(SECOND_PAYMENTS_VND))
    second_payments = SECOND_PAYMENTS_VND[:-1] + [SECOND_PAYMENTS_VND[-1] + left]
    if second_payments[-1] <= 0:
        raise ValueError("the paid dossiers' fees cannot add up to the published amount")
    slots = [to_slot(rng, catalog, draft, april, history_start) for draft in drafts]
    return _plant_night_payment(slots, april), second_payments


def _history_slots(rng: random.Random, catalog: Catalog, targets: MonthTargets, march: tuple[datetime, datetime],
                   history_start: datetime) -> list[Slot]:
    march_drafts, february_drafts = history_drafts(rng, targets)
    paid = choose_paid(rng, catalog, march_drafts, targets.previous_month_paid_dossiers, targets.paying_departments)
    typical_fee = targets.paid_amount_vnd // targets.paid_dossiers
    fit_amount(rng, catalog, paid, typical_fee * len(paid))  # no published amount: near April's mean fee
    return [to_slot(rng, catalog, draft, march, history_start) for draft in march_drafts + february_drafts]


def _plant_night_payment(slots: list[Slot], april: tuple[datetime, datetime]) -> list[Slot]:
    """One paid dossier filed in the small hours of the 1st: April in local time, March in UTC."""
    index = next(i for i, s in enumerate(slots) if s.paid_online and s.role is Role.RESOLVED_IN_TIME)
    slots[index] = replace(slots[index], channel="online", receipt_window=(april[0], april[0] + timedelta(hours=6)))
    return slots


def _with_ids(lives: list[Lifecycle]) -> list[Lifecycle]:
    """Ids like TP-20230405-0012: the procedure's prefix, the receipt day, a running number."""
    counters: Counter[str] = Counter()
    named = []
    for life in sorted(lives, key=lambda life: life.received_at):
        stem = f"{life.slot.procedure.code.split('-')[0]}-{life.received_at.astimezone(LOCAL_TZ):%Y%m%d}"
        counters[stem] += 1
        named.append(replace(life, dossier_id=f"{stem}-{counters[stem]:04d}"))
    return named


def _dossier_lines(rng: random.Random, life: Lifecycle) -> list[tuple[datetime, dict[str, Any]]]:
    slot, ident = life.slot, {"dossier_id": life.dossier_id, "department": life.slot.department}
    received: dict[str, Any] = {"type": "dossier.received", **ident, "field": slot.procedure.field,
                                "procedure_code": slot.procedure.code, "channel": slot.channel,
                                "received_at": life.received_at}
    if rng.random() < PROCESSING_DAYS_SHARE:
        received["processing_days"] = slot.procedure.processing_days
    else:
        received["due_at"] = life.due_at
    lines = [(life.received_at, received)]
    if life.digitized_at:
        lines.append((life.digitized_at, {"type": "dossier.digitized", **ident, "at": life.digitized_at}))
    for requested, supplemented in life.pauses:
        lines.append((requested, {"type": "dossier.supplement_requested", **ident, "at": requested}))
        if supplemented is not None:
            lines.append((supplemented, {"type": "dossier.supplement_received", **ident, "at": supplemented}))
    if life.closing == "withdrawn":
        lines.append((life.closed_at, {"type": "dossier.withdrawn", **ident, "at": life.closed_at}))
    elif life.closing:
        lines.append((life.closed_at, {"type": "dossier.resolved", **ident, "resolved_at": life.closed_at,
                                       "outcome": life.closing}))
    return lines


def _surveys(rng: random.Random, targets: MonthTargets, lives: list[Lifecycle], period: tuple[datetime, datetime],
             ratings: list[tuple[str, int]]) -> list[tuple[datetime, dict[str, Any]]]:
    """Surveys are taken at the Center's desks, so counter-heavy departments collect more of them."""
    weights = {d.department: (d.new - d.online) + 0.15 * d.online + 1
               for d in targets.new_by_department}
    per_department = apportion(sum(count for _, count in ratings), weights)
    resolved = [life for life in lives if life.closed_at and period[0] <= life.closed_at < period[1]]
    return side_events.surveys(rng, ratings, per_department, resolved, period, f"KS-{period[0]:%y%m}")


def _interchange(fields: dict[str, Any]) -> dict[str, Any]:
    """Timestamps as ISO 8601 in local time with the +07:00 offset; the source last."""
    out = {k: v.astimezone(LOCAL_TZ).isoformat(timespec="seconds") if isinstance(v, datetime) else v
           for k, v in fields.items()}
    out["source"] = SOURCE
    return out


def write_jsonl(lines: list[dict[str, Any]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as handle:
        for line in lines:
            handle.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m motcua_tools.demo.golden_month", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSONL to write (default {DEFAULT_OUT})")
    parser.add_argument("--golden", type=Path, default=DEFAULT_GOLDEN, help="golden figures to reproduce")
    parser.add_argument("--reference-dir", type=Path, default=None, help="catalog dir (default: MOTCUA_REFERENCE_DIR)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    lines = generate(args.golden, Catalog.load(args.reference_dir), args.seed)
    write_jsonl(lines, args.out)
    counts = Counter(line["type"] for line in lines)
    print(f"wrote {len(lines)} lines to {args.out}: " + ", ".join(f"{t}={n}" for t, n in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
