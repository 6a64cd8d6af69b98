"""Numbers and dates written the Vietnamese way: 5.479 hồ sơ, 65,53%, 144.490.000 đồng, 03/4/2023.

The report model already rounds percentages half up; these functions only format. Decimal arithmetic on
the value's shortest repr keeps 99.255 at 99,26 instead of the binary float's 99,25.
"""
from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

# Reports are dated in Vietnam's time, which has had no daylight saving since 1975: a fixed offset is exact.
VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")


def _group_thousands(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return ".".join(groups)


def _fixed(value: float | int, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    exact = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if exact < 0 else ""
    whole, _, fraction = f"{abs(exact):f}".partition(".")
    text = sign + _group_thousands(whole)
    return f"{text},{fraction}" if fraction else text


def vn_int(value: int | float) -> str:
    """5479 -> '5.479'; an integral float is accepted, a fractional one is refused."""
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"vn_int expects a whole number, got {value!r}")
        value = int(value)
    return _fixed(value, 0)


def vn_decimal(value: float | int, places: int = 2) -> str:
    """65.5 -> '65,50' with a fixed number of decimals."""
    return _fixed(value, places)


def vn_number(value: float | int, max_places: int = 2) -> str:
    """A score as people write it: 17.0 -> '17', 18.8 -> '18,8', 19.86 -> '19,86'."""
    text = _fixed(value, max_places)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def vn_pct(value: float | int) -> str:
    """65.53 -> '65,53%' (the value is already a percentage, not a fraction)."""
    return f"{_fixed(value, 2)}%"


def vn_money(amount_vnd: int) -> str:
    return f"{vn_int(amount_vnd)} đồng"


def to_local(value: datetime | str) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.astimezone(VIETNAM_TIME) if moment.tzinfo else moment


def to_date(value: date | str) -> date:
    if isinstance(value, datetime) or (isinstance(value, str) and "T" in value):
        return to_local(value).date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _day_month(day: date) -> tuple[str, str]:
    # Nghị định 30/2020: days below 10 and the months January and February take a leading zero.
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}", month


def vn_date(value: date | str | None) -> str:
    """2023-04-03 -> '03/4/2023'; None -> ''."""
    if value is None:
        return ""
    day = to_date(value)
    dd, mm = _day_month(day)
    return f"{dd}/{mm}/{day.year}"


def vn_place_date(place: str, value: date | str) -> str:
    """'Hà Nam, ngày 02 tháng 5 năm 2023', the line under the national motto."""
    day = to_date(value)
    dd, mm = _day_month(day)
    return f"{place}, ngày {dd} tháng {mm} năm {day.year}"


def vn_datetime(value: datetime | str) -> str:
    """An ISO timestamp as '08:00 ngày 02/5/2023', in Vietnam's time."""
    moment = to_local(value)
    return f"{moment:%H:%M} ngày {vn_date(moment.date())}"


def vn_month(period: str) -> str:
    """'2023-04' -> '4/2023'."""
    year, month = period.split("-")
    return f"{int(month)}/{year}"


def next_period(period: str) -> str:
    year, month = (int(part) for part in period.split("-"))
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return f"{year:04d}-{month:02d}"


def previous_period(period: str) -> str:
    year, month = (int(part) for part in period.split("-"))
    year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return f"{year:04d}-{month:02d}"


def period_bounds(period: str) -> tuple[date, date]:
    year, month = (int(part) for part in period.split("-"))
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
