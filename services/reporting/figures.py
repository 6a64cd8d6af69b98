"""How the report writes numbers: percentages rounded half up to 2 decimals (Decimal, not float
rounding), scores likewise, and the Vietnamese way of printing them in sentences."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def pct(part: int, whole: int) -> float:
    """part / whole in percent, 2 decimals half up; 0.0 for an empty whole."""
    if not whole:
        return 0.0
    return float((Decimal(100) * part / whole).quantize(CENT, rounding=ROUND_HALF_UP))


def two_places(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def decimal(value: float | int) -> Decimal:
    """A published figure as written (82.5 stays 82.5, not its binary neighbour)."""
    return Decimal(str(value))


def plain(value: float) -> float | int:
    """18.0 -> 18: maxima are whole numbers and read better that way."""
    return int(value) if float(value).is_integer() else value


def vn_int(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def vn_number(value: float | Decimal) -> str:
    text = f"{Decimal(str(value)).normalize():f}"
    whole, _, fraction = text.partition(".")
    return vn_int(int(whole)) + (f",{fraction}" if fraction else "")
