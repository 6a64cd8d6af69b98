"""The JSONL interchange: form errors name the field; a line survives the round trip."""
import json

import pytest

from motcua.events import EVENT_TYPES, envelope, payload_of
from motcua.interchange import LineError, parse_line, to_object

RECEIVED = {"type": "dossier.received", "dossier_id": "HNM-000001", "department": "TU_PHAP",
            "field": "Hộ tịch", "procedure_code": "TP-001", "channel": "online",
            "received_at": "2023-04-03T09:15:00+07:00", "due_at": "2023-04-10T09:15:00+07:00",
            "source": "dvc-hanam"}


def line(**changes):
    obj = {**RECEIVED, **changes}
    return json.dumps({k: v for k, v in obj.items() if v is not ...}, ensure_ascii=False)


def test_a_received_line_round_trips_through_the_envelope():
    event = parse_line(line())
    wrapped = envelope(payload_of(event), source=event.source)
    back = to_object(wrapped)
    assert back["dossier_id"] == "HNM-000001" and back["channel"] == "online"
    assert back["received_at"] == "2023-04-03T02:15:00+00:00"
    assert wrapped.department == "TU_PHAP" and wrapped.dossier_id == "HNM-000001"
    assert wrapped.occurred_at.ToJsonString() == "2023-04-03T02:15:00Z"


def test_identical_lines_get_the_same_event_id_and_different_ones_do_not():
    first = envelope(payload_of(parse_line(line())))
    again = envelope(payload_of(parse_line(line())))
    other = envelope(payload_of(parse_line(line(dossier_id="HNM-000002"))))
    assert first.event_id == again.event_id != other.event_id


def test_a_given_event_id_is_kept():
    event = parse_line(line(event_id="ext-42"))
    assert event.event_id == "ext-42"


@pytest.mark.parametrize("changes, field", [
    ({"received_at": "2023-04-03T09:15:00"}, "received_at"),
    ({"received_at": "yesterday"}, "received_at"),
    ({"channel": "fax"}, "channel"),
    ({"channel": "ONLINE"}, "channel"),
    ({"dossier_id": ...}, "dossier_id"),
    ({"due_at": ...}, "due_at"),
    ({"processing_days": "5", "due_at": ...}, "processing_days"),
    ({"type": "dossier.teleported"}, "type"),
    ({"colour": "blue"}, "colour"),
    ({"field": 7}, "field"),
])
def test_form_errors_name_the_field(changes, field):
    with pytest.raises(LineError) as info:
        parse_line(line(**changes))
    assert info.value.field == field


def test_not_json_and_not_an_object_are_refused():
    with pytest.raises(LineError, match="not valid JSON"):
        parse_line("{nope")
    with pytest.raises(LineError, match="JSON object"):
        parse_line("[1, 2]")


def test_money_must_be_an_integer():
    payment = {"type": "payment.completed", "payment_id": "P1", "dossier_id": "D1", "department": "TU_PHAP",
               "method": "national_portal", "paid_at": "2023-04-03T09:15:00+07:00"}
    with pytest.raises(LineError) as info:
        parse_line(json.dumps({**payment, "amount_vnd": 1500.5}))
    assert info.value.field == "amount_vnd"
    assert payload_of(parse_line(json.dumps({**payment, "amount_vnd": 150000}))).amount_vnd == 150000


def test_a_null_dated_decision_and_the_index_parse():
    decision = parse_line(json.dumps({"type": "catalog.decision_published", "number": "418/QĐ-UBND",
                                      "date": None, "department": "LDTBXH", "fields": ["Việc làm"],
                                      "changes": ["new"], "at": "2023-04-14T10:00:00+07:00"}))
    assert payload_of(decision).date == "" and payload_of(decision).HasField("at")
    index = parse_line(json.dumps({"type": "index766.published", "period": "2023-04", "total": 82.5,
                                   "rank": 1, "of": 63, "change_vs_same_period_pct": 16.7,
                                   "components": {"muc_do_hai_long": {"score": 18.0, "max": 18}}}))
    assert payload_of(index).components["muc_do_hai_long"].score == 18.0
    assert envelope(payload_of(index)).occurred_at.ToJsonString() == "2023-03-31T17:00:00Z"


def test_every_event_type_belongs_to_one_of_the_four_services():
    assert {t.service for t in EVENT_TYPES.values()} == {"intake", "processing", "payment", "survey"}
