"""SQL over the read models of what the report counts besides dossiers: payments, surveys, feedback,
accounts, catalog decisions and the published 766 index. An id may be recorded more than once (a
correction, a replay): the latest version known by `as_of` counts, once."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from motcua.tables import ACCOUNTS_ASSISTED, CATALOG_DECISIONS, FEEDBACK, INDEX766, PAYMENTS, SURVEY_RATINGS
from reporting.reader import Reader


def _touching(reader: Reader, table: str, key: str, moment: str) -> str:
    """SQL condition: the key has a version whose `moment` is in [start, end). The version that counts
    is one of them if its moment is in the period, so the key's versions are folded only for these
    few keys, not for the whole history."""
    return (f"{key} IN (SELECT {key} FROM {reader.table(table)} WHERE {moment} >= {{start:DateTime64(3, 'UTC')}} "
            f"AND {moment} < {{end:DateTime64(3, 'UTC')}})")


def national_payments_sql(reader: Reader) -> str:
    """(department, dossier_id, amount_vnd) of every national-portal payment in [{start}, {end})."""
    return f"""
        SELECT department, dossier_id, amount_vnd FROM (
            SELECT payment_id, argMax(department, recorded_at) AS department,
                   argMax(dossier_id, recorded_at) AS dossier_id, argMax(amount_vnd, recorded_at) AS amount_vnd,
                   argMax(method, recorded_at) AS method, argMax(paid_at, recorded_at) AS paid_at
            FROM {reader.table(PAYMENTS)} WHERE {reader.known()} AND {_touching(reader, PAYMENTS, "payment_id", "paid_at")}
            GROUP BY payment_id)
        WHERE method = 'national_portal'
          AND paid_at >= {{start:DateTime64(3, 'UTC')}} AND paid_at < {{end:DateTime64(3, 'UTC')}}"""


def national_payments(reader: Reader, start: datetime, end: datetime) -> list[tuple[str, str, int]]:
    """(department, dossier_id, amount_vnd) of every national-portal payment in [start, end)."""
    sql = f"{national_payments_sql(reader)} ORDER BY department, dossier_id"
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
            FROM {reader.table(SURVEY_RATINGS)}
            WHERE {reader.known()} AND {_touching(reader, SURVEY_RATINGS, "survey_id", "submitted_at")}
            GROUP BY survey_id)
        WHERE submitted_at >= {{start:DateTime64(3, 'UTC')}} AND submitted_at < {{end:DateTime64(3, 'UTC')}}
        GROUP BY department, rating ORDER BY department, rating"""
    return [tuple(row) for row in reader.rows(sql, start=start, end=end)]


IN_PERIOD = "{column} >= {{start:DateTime64(3, 'UTC')}} AND {column} < {{end:DateTime64(3, 'UTC')}}"


def feedback_counts(reader: Reader, start: datetime, end: datetime) -> tuple[int, int]:
    """(distinct feedback received, distinct feedback resolved) in [start, end)."""
    sql = f"""
        SELECT uniqExactIf(feedback_id, {IN_PERIOD.format(column="received_at")}),
               uniqExactIf(feedback_id, {IN_PERIOD.format(column="resolved_at")})
        FROM {reader.table(FEEDBACK)} WHERE {reader.known()}"""
    received, resolved = reader.rows(sql, start=start, end=end)[0]
    return int(received), int(resolved)


def accounts_assisted(reader: Reader, start: datetime, end: datetime) -> int:
    """Distinct digital-ID accounts the Center helped create in [start, end)."""
    sql = f"""SELECT uniqExact(account_ref) FROM {reader.table(ACCOUNTS_ASSISTED)}
              WHERE {reader.known()} AND {IN_PERIOD.format(column="at")}"""
    return int(reader.rows(sql, start=start, end=end)[0][0])


# A decision without its own time was published at local midnight of its date (events.business_time).
_PUBLISHED = "ifNull(at, toDateTime64(toDateTime(date, 'Asia/Ho_Chi_Minh'), 3, 'UTC'))"


def catalog_decisions(reader: Reader, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """Decisions published in [start, end), each as its latest recorded version, by publication time."""
    sql = f"""
        SELECT number, latest.1 AS department, latest.2 AS date, latest.3 AS fields, latest.4 AS changes,
               latest.5 AS published
        FROM (SELECT number, argMax((toString(department), date, fields, arrayMap(c -> toString(c), changes),
                                     {_PUBLISHED}), (recorded_at, event_id)) AS latest
              FROM {reader.table(CATALOG_DECISIONS)} WHERE {reader.known()} GROUP BY number)
        WHERE {IN_PERIOD.format(column="published")}
        ORDER BY published, number"""
    return [{"number": number, "department": department, "date": day.isoformat() if day else None,
             "fields": list(fields), "changes": list(changes)}
            for number, department, day, fields, changes, _ in reader.rows(sql, start=start, end=end)]


def index766(reader: Reader, period: str) -> dict[str, Any] | None:
    """The index as last published for the period; a zero rank, count or change was not published."""
    sql = f"""
        SELECT total, rank, of, change_vs_same_period_pct, components
        FROM {reader.table(INDEX766)} WHERE {reader.known()} AND period = {{period:String}}
        ORDER BY recorded_at DESC, event_id DESC LIMIT 1"""
    rows = reader.rows(sql, period=period)
    if not rows:
        return None
    total, rank, of, change, components = rows[0]
    return {"period": period, "total": total, "rank": rank or None, "of": of or None,
            "change_vs_same_period_pct": change or None,
            "components": {name: _score(value) for name, value in components.items()}}


def _score(value) -> dict[str, float]:
    """A Tuple(score, max) comes back as a dict of its named elements (or a plain tuple)."""
    score, top = (value["score"], value["max"]) if isinstance(value, dict) else value
    return {"score": score, "max": top}
