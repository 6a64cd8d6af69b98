"""What the benchmarks measured and whether each goal was met: every bench records its figures and
its goals here; `make bench` writes them all to out/bench.json and exits non-zero when a goal is
missed (or a bench could not measure what its goal needs)."""
from __future__ import annotations

import json
import operator
import os
import platform
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

COMPARE = {"<=": operator.le, ">=": operator.ge}


@dataclass
class Goal:
    bench: str
    name: str
    value: float | None   # None: not measured (the bench failed before): a missed goal
    op: str               # "<=" or ">="
    target: float
    unit: str

    @property
    def met(self) -> bool:
        return self.value is not None and COMPARE[self.op](self.value, self.target)


@dataclass
class Results:
    figures: dict[str, dict[str, dict]] = field(default_factory=dict)  # bench -> name -> {value, unit}
    goals: list[Goal] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)            # bench -> why it stopped

    def figure(self, bench: str, name: str, value: float, unit: str) -> float:
        self.figures.setdefault(bench, {})[name] = {"value": value, "unit": unit}
        return value

    def goal(self, bench: str, name: str, value: float | None, op: str, target: float, unit: str) -> Goal:
        """Record a goal and say at once whether it was met."""
        goal = Goal(bench, name, value, op, target, unit)
        self.goals = [g for g in self.goals if (g.bench, g.name) != (bench, name)] + [goal]
        shown = "not measured" if value is None else f"{value:,.3g} {unit}"
        print(f"GOAL {bench}: {name} {shown} (goal {op} {target:g} {unit}): {'met' if goal.met else 'MISSED'}",
              flush=True)
        return goal

    @property
    def all_met(self) -> bool:
        return not self.failures and all(g.met for g in self.goals)

    def as_dict(self) -> dict:
        return {"generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                            "platform": platform.platform()},
                "all_goals_met": self.all_met, "failures": self.failures,
                "goals": [{**asdict(g), "met": g.met} for g in self.goals], "figures": self.figures}

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


RESULTS = Results()  # the run's results: each bench adds to it, __main__ writes it
