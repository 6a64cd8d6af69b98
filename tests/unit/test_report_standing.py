"""Where a dossier stands in a period: the moments at which the deadline rules are asked."""
from __future__ import annotations

from datetime import datetime, timedelta

from motcua.deadlines import LOCAL_TZ
from motcua.dossier import Dossier, pair_pauses, stand
from reporting.periods import bounds

START, END = bounds("2023-04")


def at(day: int, hour: int = 9, month: int = 4) -> datetime:
    return datetime(2023, month, day, hour, tzinfo=LOCAL_TZ)


def dossier(received: datetime, due: datetime, resolved: datetime | None = None, withdrawn: datetime | None = None,
            pauses=()) -> Dossier:
    return Dossier("D-1", "TU_PHAP", "Lý lịch tư pháp", "TP-001", "online", received, due, resolved, withdrawn,
                   tuple(pauses))


def test_resolved_before_the_due_day_is_early_on_the_due_day_on_time_after_it_overdue():
    due = at(10, 15)
    assert stand(dossier(at(3), due, resolved=at(7)), START, END).resolved == "early"
    assert stand(dossier(at(3), due, resolved=at(10, 8)), START, END).resolved == "on_time"
    assert stand(dossier(at(3), due, resolved=at(10, 16)), START, END).resolved == "overdue"


def test_new_and_carried_over():
    assert stand(dossier(at(3), at(10)), START, END).new
    assert not stand(dossier(at(28, month=3), at(10)), START, END).new


def test_dossiers_closed_before_the_period_or_received_after_it_are_not_part_of_it():
    assert stand(dossier(at(1, month=3), at(10, month=3), resolved=at(20, month=3)), START, END) is None
    assert stand(dossier(at(1, month=3), at(10, month=3), withdrawn=at(31, 16, month=3)), START, END) is None
    assert stand(dossier(at(2, month=5), at(10, month=5)), START, END) is None


def test_still_open_at_the_end_is_overdue_once_its_due_time_has_passed():
    assert stand(dossier(at(3), at(20)), START, END).open == "overdue"
    late = stand(dossier(at(25), at(5, month=5)), START, END)
    assert late.open == "within_deadline" and late.resolved is None


def test_a_closed_pause_pushes_the_due_time_back():
    pauses = [(at(5), at(8))]  # three days waiting for the citizen
    standing = stand(dossier(at(3), at(10, 15), resolved=at(12, 10), pauses=pauses), START, END)
    assert standing.effective_due == at(13, 15)
    assert standing.resolved == "early"


def test_waiting_for_a_supplement_at_the_end_is_within_deadline_even_past_due():
    standing = stand(dossier(at(3), at(10), pauses=[(at(6), None)]), START, END)
    assert standing.waiting and standing.open == "within_deadline"


def test_a_supplement_that_comes_after_the_end_leaves_the_dossier_waiting_at_the_end():
    standing = stand(dossier(at(3), at(10), pauses=[(at(6), at(3, month=5))]), START, END)
    assert standing.waiting and standing.open == "within_deadline"
    assert standing.effective_due == at(10)  # the pause is not over by the end: nothing added yet


def test_withdrawn_dossiers_count_as_resolved_in_the_period():
    assert stand(dossier(at(3), at(10), withdrawn=at(4)), START, END).resolved == "early"


def test_pauses_pair_each_request_with_the_next_supplement_whatever_the_arrival_order():
    asked, given = [at(9), at(3)], [at(12), at(5)]
    assert pair_pauses(asked, given) == ((at(3), at(5)), (at(9), at(12)))
    assert pair_pauses([at(3), at(9)], [at(5)]) == ((at(3), at(5)), (at(9), None))
    assert pair_pauses([at(9)], [at(5)]) == ((at(9), None),)


def test_the_current_month_is_cut_at_now():
    now = at(15, 12)
    assert stand(dossier(at(3), at(10)), START, now).open == "overdue"
    assert stand(dossier(at(3), at(20)), START, now).open == "within_deadline"
    assert stand(dossier(at(3), at(10), resolved=at(16)), START, now).open == "overdue"  # resolved after now
    assert stand(dossier(at(16), at(20)), START, now) is None
    assert timedelta(0) < END - now
