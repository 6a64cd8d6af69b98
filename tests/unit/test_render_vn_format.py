"""Vietnamese number and date formatting used by every human-readable report format."""
from datetime import date

import pytest

from reporting.render.vn_format import (
    next_period,
    period_bounds,
    previous_period,
    vn_date,
    vn_datetime,
    vn_int,
    vn_money,
    vn_month,
    vn_number,
    vn_pct,
    vn_place_date,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("value, text", [
    (0, "0"), (7, "7"), (999, "999"), (1000, "1.000"), (5479, "5.479"), (1_000_000, "1.000.000"),
    (144_490_000, "144.490.000"), (-1234, "-1.234"), (5479.0, "5.479"),
])
def test_vn_int_groups_thousands_with_dots(value, text):
    assert vn_int(value) == text


def test_vn_int_refuses_a_fraction_instead_of_silently_rounding():
    with pytest.raises(ValueError):
        vn_int(12.5)


@pytest.mark.parametrize("value, text", [
    (65.53, "65,53%"), (34.47, "34,47%"), (0, "0,00%"), (0.0, "0,00%"), (100, "100,00%"), (13.1, "13,10%"),
    (86.9, "86,90%"), (99.26, "99,26%"), (1234.5, "1.234,50%"),
    # half up on the decimal value as written, not on the binary float (99.255 is 99.25499... as a double)
    (99.255, "99,26%"), (0.005, "0,01%"), (0.004, "0,00%"),
])
def test_vn_pct_uses_a_decimal_comma_and_two_places(value, text):
    assert vn_pct(value) == text


@pytest.mark.parametrize("value, text", [(17.0, "17"), (18.8, "18,8"), (19.86, "19,86"), (82.5, "82,5"),
                                         (87.30000000000001, "87,3"), (0, "0"), (1500.25, "1.500,25")])
def test_vn_number_drops_trailing_zeros(value, text):
    assert vn_number(value) == text


def test_vn_money_writes_dong():
    assert vn_money(144_490_000) == "144.490.000 đồng"
    assert vn_money(0) == "0 đồng"


@pytest.mark.parametrize("value, text", [
    (date(2023, 4, 3), "03/4/2023"), ("2023-04-27", "27/4/2023"), ("2023-01-05", "05/01/2023"),
    ("2023-02-14", "14/02/2023"), ("2023-12-25", "25/12/2023"), ("2023-04-30T23:59:00+07:00", "30/4/2023"),
    (None, ""),
])
def test_vn_date_pads_days_and_only_january_february(value, text):
    assert vn_date(value) == text


def test_place_date_and_timestamps():
    assert vn_place_date("Hà Nam", "2023-05-02T08:00:00+07:00") == "Hà Nam, ngày 02 tháng 5 năm 2023"
    assert vn_place_date("Hà Nam", date(2024, 1, 15)) == "Hà Nam, ngày 15 tháng 01 năm 2024"
    assert vn_datetime("2023-05-02T08:05:00+07:00") == "08:05 ngày 02/5/2023"


def test_timestamps_are_shown_in_vietnam_time_whatever_their_offset():
    assert vn_datetime("2023-05-01T20:00:00+00:00") == "03:00 ngày 02/5/2023"
    assert vn_place_date("Hà Nam", "2023-05-01T20:00:00Z") == "Hà Nam, ngày 02 tháng 5 năm 2023"
    assert vn_date("2023-04-30T17:30:00+00:00") == "01/5/2023"


def test_periods():
    assert vn_month("2023-04") == "4/2023"
    assert next_period("2023-12") == "2024-01"
    assert previous_period("2023-01") == "2022-12"
    assert period_bounds("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
