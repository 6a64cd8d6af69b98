"""The reporting answers as plain functions of a Reader: the gRPC servicer, the scheduler, the live
page and the gauges all call these, so every figure comes from the same code."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from motcua.catalog import Catalog
from motcua.dossier import Counts
from reporting.cache import TalliesCache
from reporting.facts import load_month, load_tallies
from reporting.model import build_model
from reporting.reader import Reader
from reporting.statistics import Identity, Row, check, tabulate, totals

FORMATS = ("json", "docx", "html", "xlsx", "checks_docx", "checks_html")  # as reporting.render.FORMATS


def moment(reader: Reader, now: datetime | None = None) -> datetime:
    """What "now" means for a read: the as_of moment when there is one."""
    now = now or datetime.now(timezone.utc)
    return min(now, reader.as_of) if reader.as_of else now


def report_model(reader: Reader, catalog: Catalog, period: str, *, now: datetime | None = None,
                 agency: dict[str, str] | None = None, cache: TalliesCache | None = None) -> dict[str, Any]:
    at = moment(reader, now)
    facts = load_month(reader, period, now=at, cache=cache)
    reader.check_deadline()
    return build_model(facts, catalog, generated_at=now or datetime.now(timezone.utc), as_of=reader.as_of,
                       agency=agency)


@dataclass(frozen=True)
class Statistics:
    rows: list[Row]
    totals: Counts
    checks: list[Identity]
    complete: bool


def statistics(reader: Reader, catalog: Catalog, period: str, by: str, *, now: datetime | None = None,
               cache: TalliesCache | None = None) -> Statistics:
    _, end, cutoff, counted = load_tallies(reader, period, moment(reader, now), cache)
    rows = tabulate(counted, catalog, by)
    return Statistics(rows, totals(rows), check(rows, catalog), cutoff >= end)


def render(model: dict[str, Any], fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the model in one of FORMATS."""
    from reporting.render import MEDIA_TYPES, filename
    from reporting.render import render as render_model

    return render_model(model, fmt), MEDIA_TYPES[fmt], filename(model["period"], fmt)
