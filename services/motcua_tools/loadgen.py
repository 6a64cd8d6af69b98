"""A steady, coherent mix of every event type from several departments (the soak and the fault tests).

Each new dossier tells a whole story: received, sometimes digitized, sometimes a supplement requested
and received, then resolved or withdrawn, paid when its procedure has a fee, often rated in a survey.
Accounts, feedback, catalog decisions and the 766 index come along at their own, slower pace. Business
times lie in the last weeks, so every event passes the command side's date checks. Ids carry a run
token: two runs never collide, and one run's ids are all different.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

from motcua.catalog import Catalog
from motcua.events import event_type_of
from motcua.interchange import parse_object
from motcua.v1 import events_pb2 as pb

LOCAL = timezone(timedelta(hours=7))
CHANNELS = ("online", "online", "direct", "postal")
METHODS = ("national_portal", "national_portal", "provincial_portal", "counter")
RATINGS = ("very_satisfied", "satisfied", "satisfied", "unsatisfied")


class LoadMix:
    def __init__(self, catalog: Catalog, run: str, departments: int = 6, seed: int = 1,
                 now: datetime | None = None) -> None:
        self.catalog, self.run, self.rng = catalog, run, random.Random(seed)
        self.now = now or datetime.now(LOCAL)
        with_procedures = [d.code for d in catalog.departments if catalog.procedures_of(d.code)]
        self.departments = with_procedures[:max(1, departments)]
        self.serial = 0

    def events(self) -> Iterator[tuple[str, pb.Event]]:
        """(owning service, event) forever, in story order."""
        while True:
            self.serial += 1
            for line in self._story(self.serial):
                event = parse_object(line)
                yield event_type_of(event).service, event

    def _at(self, start: datetime, hours: float) -> str:
        moment = min(start + timedelta(hours=hours), self.now - timedelta(minutes=1))
        return moment.isoformat(timespec="seconds")

    def _story(self, n: int) -> list[dict]:
        rng, department = self.rng, self.rng.choice(self.departments)
        procedure = rng.choice(self.catalog.procedures_of(department))
        dossier = f"{department[:3]}-{self.run}-{n:07d}"
        received = self.now - timedelta(days=rng.uniform(2, 25))
        receipt = {"type": "dossier.received", "dossier_id": dossier, "department": department,
                   "field": procedure.field, "procedure_code": procedure.code, "channel": rng.choice(CHANNELS),
                   "received_at": self._at(received, 0)}
        if n % 2:
            receipt["processing_days"] = procedure.processing_days
        else:
            receipt["due_at"] = self._at(received + timedelta(days=procedure.processing_days), 0)
        story = [receipt]
        ref = {"dossier_id": dossier, "department": department}
        if rng.random() < 0.3:
            story.append({"type": "dossier.digitized", **ref, "at": self._at(received, 0.5)})
        if rng.random() < 0.2:
            story.append({"type": "dossier.supplement_requested", **ref, "at": self._at(received, 20)})
            story.append({"type": "dossier.supplement_received", **ref, "at": self._at(received, 30)})
        if rng.random() < 0.95:
            story.append({"type": "dossier.resolved", **ref, "resolved_at": self._at(received, rng.uniform(24, 48)),
                          "outcome": "approved" if rng.random() < 0.95 else "refused"})
        else:
            story.append({"type": "dossier.withdrawn", **ref, "at": self._at(received, 12)})
        if procedure.fee_vnd:
            story.append({"type": "payment.completed", "payment_id": f"PAY-{self.run}-{n:07d}", **ref,
                          "amount_vnd": procedure.fee_vnd, "method": rng.choice(METHODS),
                          "paid_at": self._at(received, 0.2)})
        if rng.random() < 0.4:
            story.append({"type": "survey.submitted", "survey_id": f"KS-{self.run}-{n:07d}", **ref,
                          "rating": rng.choice(RATINGS), "submitted_at": self._at(received, 50)})
        return story + self._side_facts(n, department, received)

    def _side_facts(self, n: int, department: str, when: datetime) -> list[dict]:
        facts = []
        if n % 10 == 0:
            facts.append({"type": "account.assisted", "account_ref": f"TK-{self.run}-{n:07d}",
                          "at": self._at(when, 0)})
        if n % 25 == 0:
            feedback = {"feedback_id": f"PA-{self.run}-{n:07d}", "department": department}
            facts.append({"type": "feedback.received", **feedback, "at": self._at(when, 1)})
            facts.append({"type": "feedback.resolved", **feedback, "at": self._at(when, 40)})
        if n % 200 == 0:
            fields = list(self.catalog.fields(department))[:1]
            facts.append({"type": "catalog.decision_published", "number": f"{n}/QĐ-UBND-{self.run}",
                          "date": when.date().isoformat(), "department": department, "fields": fields,
                          "changes": ["amended"]})
            facts.append({"type": "index766.published", "period": when.strftime("%Y-%m"),
                          "total": round(60 + (n % 397) / 10, 1), "rank": 1 + n % 63, "of": 63,
                          "change_vs_same_period_pct": 1.5,
                          "components": {"muc_do_hai_long": {"score": 15.0, "max": 18}, f"run-{self.run}": {
                              "score": float(n % 10), "max": 10}}})
        return facts
