"""Lists of dossiers: pages, cursors bound to their query, statuses at the list's moment."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from motcua.deadlines import LOCAL_TZ
from motcua.dossier import Dossier, standings
from reporting import lists

AT = datetime(2023, 4, 20, 12, tzinfo=LOCAL_TZ)


def open_dossiers(count: int) -> list:
    dossiers = [Dossier(f"D{n:03d}", "TU_PHAP", "Hộ tịch", "TP-1", "online", AT - timedelta(days=10),
                        AT + timedelta(hours=n - count // 2)) for n in range(count)]
    return standings(dossiers, AT, AT)


def test_pages_cover_every_dossier_once_in_due_order():
    chosen = sorted(open_dossiers(25), key=lists.sort_key)
    query = lists.Query("2023-04", "in_progress")
    seen, token = [], ""
    while True:
        page = lists.page(chosen, AT, query, 10, token)
        seen += [s.dossier.dossier_id for s in page.items]
        token = page.next_token
        if not token:
            break
    assert seen == [s.dossier.dossier_id for s in chosen] and len(set(seen)) == 25
    assert page.total == 25


def test_a_token_only_serves_the_query_that_issued_it():
    chosen = sorted(open_dossiers(5), key=lists.sort_key)
    token = lists.page(chosen, AT, lists.Query("2023-04", "overdue"), 2, "").next_token
    with pytest.raises(lists.BadPageToken, match="different query"):
        lists.decode(token, lists.Query("2023-04", "overdue", department="Y_TE"))
    with pytest.raises(lists.BadPageToken):
        lists.decode("not-a-token", lists.Query("2023-04", "overdue"))


def test_open_dossiers_classified_at_the_moment():
    stood = open_dossiers(4)
    assert sorted(s.open for s in stood) == ["overdue", "overdue", "within_deadline", "within_deadline"]
