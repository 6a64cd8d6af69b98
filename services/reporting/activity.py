"""SQL over the payment and survey read models. A payment or survey id may be recorded more than
once (a correction, a replay): the latest version known by `as_of` counts, once."""
from __future__ import annotations

from datetime import datetime

from reporting.reader import Reader


def national_payments(reader: Reader, start: datetime, end: datetime) -> list[tuple[str, str, int]]:
    """(department, dossier_id, amount_vnd) of every national-portal payment in [start, end)."""
    sql = f"""
        SELECT department, dossier_id, amount_vnd FROM (
            SELECT payment_id, argMax(department, recorded_at) AS department,
                   argMax(dossier_id, recorded_at) AS dossier_id, argMax(amount_vnd, recorded_at) AS amount_vnd,
                   argMax(method, recorded_at) AS method, argMax(paid_at, recorded_at) AS paid_at
            FROM {reader.database}.payments WHERE {reader.known()} GROUP BY payment_id)
        WHERE method = 'national_portal'
          AND paid_at >= {{start:DateTime64(3, 'UTC')}} AND paid_at < {{end:DateTime64(3, 'UTC')}}
        ORDER BY department, dossier_id"""
    return [tuple(row) for row in reader.rows(sql, start=start, end=end)]


def national_payment_dossiers(reader: Reader, start: datetime, end: datetime) -> int:
    """Distinct dossiers paid through the national portal in [start, end)."""
    return len({dossier for _, dossier, _ in national_payments(reader, start, end)})


def survey_ratings(reader: Reader, start: datetime, end: datetime) -> list[tuple[str, str, int]]:
    """(department, rating, surveys) submitted in [start, end)."""
    sql = f"""
        SELECT department, rating, count() FROM (
            SELECT survey_id, argMax(department, recorded_at) AS department, argMax(rating, recorded_at) AS rating,
                   argMax(submitted_at, recorded_at) AS submitted_at
            FROM {reader.database}.survey_ratings WHERE {reader.known()} GROUP BY survey_id)
        WHERE submitted_at >= {{start:DateTime64(3, 'UTC')}} AND submitted_at < {{end:DateTime64(3, 'UTC')}}
        GROUP BY department, rating ORDER BY department, rating"""
    return [tuple(row) for row in reader.rows(sql, start=start, end=end)]
