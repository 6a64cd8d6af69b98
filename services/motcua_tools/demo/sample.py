"""A small random month of received dossiers, for smoke runs and the thin-slice test."""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from motcua.catalog import Catalog
from motcua.deadlines import due_at, is_working_day

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def received_dossiers(catalog: Catalog, period: str, count: int, seed: int = 7,
                      prefix: str = "SMP") -> list[dict]:
    """`count` dossier.received lines on working days of `period`, in the interchange form."""
    rng = random.Random(seed)
    year, month = map(int, period.split("-"))
    first = datetime(year, month, 1, tzinfo=LOCAL)
    days = [first + timedelta(days=d) for d in range(31)
            if (first + timedelta(days=d)).month == month and is_working_day((first + timedelta(days=d)).date())]
    lines = []
    for n in range(count):
        procedure = rng.choice(catalog.procedures)
        received = rng.choice(days).replace(hour=rng.randint(8, 16), minute=rng.randint(0, 59))
        line = {"type": "dossier.received", "dossier_id": f"{prefix}-{period}-{n:06d}",
                "department": procedure.department, "field": procedure.field,
                "procedure_code": procedure.code, "channel": rng.choice(["online", "online", "direct", "postal"]),
                "received_at": received.isoformat(), "source": "sample"}
        if n % 5:
            line["due_at"] = due_at(received, procedure.processing_days).isoformat()
        else:
            line["processing_days"] = procedure.processing_days
        lines.append(line)
    return lines
