"""From one dossier's moments as sent to the issues ListDataIssues names (no database)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from reporting.data_issues import before_receipt

RECEIVED = datetime(2024, 2, 5, 2, 0, tzinfo=timezone.utc)
EARLY, LATE = RECEIVED - timedelta(days=3), RECEIVED + timedelta(days=1)


def test_each_kind_of_moment_before_the_receipt_is_one_issue_with_its_earliest_moment():
    row = ("D-1", "TU_PHAP", RECEIVED, EARLY, None, [LATE, EARLY, EARLY - timedelta(hours=1)], [LATE])
    issues = before_receipt(row)
    assert [(i.field, i.at.ToDatetime(tzinfo=timezone.utc)) for i in issues] == [
        ("resolved_at", EARLY), ("supplement_requested_at", EARLY - timedelta(hours=1))]
    assert all(i.kind == "before_receipt" and i.dossier_id == "D-1" and "D-1" in i.description for i in issues)
    assert "2024-02-02T09:00+07:00" in issues[0].description  # local time, as the Center reads it


def test_moments_at_or_after_the_receipt_are_no_issue():
    assert before_receipt(("D-2", "TU_PHAP", RECEIVED, RECEIVED, LATE, [RECEIVED], [])) == []
