"""Business gauges for Prometheus, set from the live figures (docs/conventions.md names them)."""
from __future__ import annotations

from prometheus_client import Gauge

from motcua.catalog import Catalog
from reporting.live import CHANNELS, LiveFigures

RATINGS = ("very_satisfied", "satisfied", "unsatisfied")

IN_PROGRESS = Gauge("motcua_dossiers_in_progress", "Dossiers open now, by department", ["department"])
OVERDUE = Gauge("motcua_dossiers_overdue", "Open dossiers past their (pause-adjusted) due time", ["department"])
NEARLY_DUE = Gauge("motcua_dossiers_nearly_due",
                   "Open dossiers within their deadline, not waiting for the citizen, due within 48 hours",
                   ["department"])
RECEIVED_TODAY = Gauge("motcua_dossiers_received_today", "Dossiers received since local midnight", ["channel"])
SURVEY_RATINGS = Gauge("motcua_survey_ratings_month", "Survey ratings this month", ["rating"])
ONLINE_PAYMENTS = Gauge("motcua_online_payments_month_dossiers",
                        "Distinct dossiers paid through the national portal this month")


def update(figures: LiveFigures, catalog: Catalog) -> None:
    """Every known department and channel gets a value (0 included), so series never vanish."""
    codes = [d.code for d in catalog.departments] + [c for c in figures.departments if catalog.department(c) is None]
    for code in codes:
        counts = figures.departments.get(code)
        IN_PROGRESS.labels(code).set(counts.in_progress_total if counts else 0)
        OVERDUE.labels(code).set(counts.in_progress_overdue if counts else 0)
        NEARLY_DUE.labels(code).set(figures.nearly_due_by_department[code])
    for channel in CHANNELS:
        RECEIVED_TODAY.labels(channel).set(figures.received_today[channel])
    for rating in RATINGS:
        SURVEY_RATINGS.labels(rating).set(figures.ratings[rating])
    ONLINE_PAYMENTS.set(figures.online_payment_dossiers)
