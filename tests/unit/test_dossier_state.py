"""motcua.dossier.state: a dossier's state from its facts, whatever their order."""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

import pytest

from motcua.dossier import Fact, state

pytestmark = pytest.mark.unit

T0 = datetime(2023, 4, 3, 2, 0, tzinfo=timezone.utc)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def receipt(event_id: str, recorded: float, channel: str, due: float, field: str = "Hộ tịch") -> Fact:
    return Fact(event_id, at(recorded), "TU_PHAP", field, "TP-01", channel, at(0), at(due))


FIRST = receipt("e1", 0, "online", 48)
CORRECTION = receipt("e2", 30, "direct", 96, field="Chứng thực")
RESOLVED = Fact("e3", at(60), "TU_PHAP", resolved_at=at(59))
ASKED = Fact("e4", at(10), "TU_PHAP", supplement_requested_at=at(10))
ANSWERED = Fact("e5", at(40), "TU_PHAP", supplement_received_at=at(20))


@pytest.mark.parametrize("order", list(itertools.permutations([FIRST, CORRECTION, RESOLVED, ASKED, ANSWERED])))
def test_the_latest_recorded_receipt_wins_in_any_order(order):
    dossier = state("HS-1", order)
    assert (dossier.channel, dossier.field, dossier.due_at) == ("direct", "Chứng thực", at(96))
    assert dossier.resolved_at == at(59) and dossier.pauses == ((at(10), at(20)),)


def test_as_of_reads_only_what_was_recorded_by_then():
    dossier = state("HS-1", [FIRST, CORRECTION, RESOLVED, ASKED, ANSWERED], as_of=at(35))
    assert (dossier.channel, dossier.due_at, dossier.resolved_at) == ("direct", at(96), None)
    assert dossier.pauses == ((at(10), None),)  # the supplement was recorded at 40
    assert state("HS-1", [FIRST, CORRECTION], as_of=at(20)).channel == "online"
    assert state("HS-1", [RESOLVED], as_of=at(100)) is None  # a result without its receipt: not yet a dossier


def test_a_re_sent_receipt_counts_from_its_first_recording():
    resent = FIRST._replace(recorded_at=at(50))  # the first receipt again, recorded after the correction
    assert state("HS-1", [resent, CORRECTION, FIRST]).channel == "direct"


def test_receipts_recorded_at_the_same_moment_are_settled_by_event_id():
    a, b = receipt("a", 5, "postal", 24), receipt("b", 5, "online", 24)
    assert state("HS-1", [a, b]).channel == state("HS-1", [b, a]).channel == "online"


def test_the_earliest_result_and_withdrawal_count_and_close_the_dossier():
    later = Fact("e6", at(70), "TU_PHAP", resolved_at=at(65))
    withdrawn = Fact("e7", at(58), "TU_PHAP", withdrawn_at=at(57))
    dossier = state("HS-1", [FIRST, later, RESOLVED, withdrawn])
    assert (dossier.resolved_at, dossier.withdrawn_at, dossier.closed_at) == (at(59), at(57), at(57))
