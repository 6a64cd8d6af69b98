"""The live page's figures as JSON: the Vietnamese period, the newest event's time and the warnings."""
from datetime import datetime, timedelta, timezone

import pytest

from motcua.catalog import Catalog
from reporting.live import LAG_WARNING_RECORDS, LiveFigures
from reporting.statistics import Counts

pytestmark = pytest.mark.unit

AT = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)  # 10:00 in Hà Nam


def figures(**changes) -> LiveFigures:
    return LiveFigures(at=AT, period="2026-12", month=Counts(), departments={}, **changes)


def test_the_period_is_written_the_vietnamese_way_and_the_newest_event_in_local_time():
    data = figures(newest_event_at=AT - timedelta(minutes=2)).as_json(Catalog.load(), stale_seconds=600)
    assert data["period_label"] == "tháng 12/2026"
    assert data["newest_event_at"] == "2026-12-01T09:58:00+07:00" and data["at"] == "2026-12-01T10:00:00+07:00"
    assert data["warnings"] == [] and data["stale_after_seconds"] == 600


def test_data_older_than_the_threshold_is_a_warning_that_says_since_when():
    old = figures(newest_event_at=AT - timedelta(minutes=25))
    assert old.warnings(stale_seconds=20 * 60) == [
        "Sự kiện mới nhất được tổng hợp lúc 09:35 ngày 01/12/2026, cách đây 25 phút: nếu đang trong giờ làm việc, "
        "cần kiểm tra bộ tổng hợp dữ liệu (projector)."]
    assert old.warnings(stale_seconds=30 * 60) == []
    assert figures().warnings(600) == ["Chưa có sự kiện nào được tổng hợp."]


def test_a_projector_behind_by_many_records_is_a_warning():
    fresh = AT - timedelta(seconds=5)
    assert figures(newest_event_at=fresh, projector_lag=LAG_WARNING_RECORDS - 1).warnings(600) == []
    behind = figures(newest_event_at=fresh, projector_lag=1234).warnings(600)
    assert behind == ["Bộ tổng hợp dữ liệu (projector) đang chậm: còn 1.234 sự kiện chưa được tổng hợp, số liệu "
                      "dưới đây chưa đầy đủ."]
    assert figures(newest_event_at=fresh, projector_lag=None).warnings(600) == []  # Kafka not asked: no guess
