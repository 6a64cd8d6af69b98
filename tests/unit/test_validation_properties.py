"""Generated input (hypothesis): whatever a department's system sends, the command side answers with
an event or with field errors, never with a crash."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.auth import Credentials, Principal
from motcua.catalog import Catalog
from motcua.commandside import CommandHandler, Refused
from motcua.events import EVENT_TYPES, event_type_of, payload_of
from motcua.interchange import LineError, parse_line, parse_object, to_object
from motcua.validation import validate
from tests.integration.commands_support import EXAMPLES

CATALOG = Catalog.load()
HANDLERS = {s: CommandHandler(s, CATALOG, publisher=None, credentials=Credentials({}))
            for s in ("intake", "processing", "payment", "survey")}
CENTER = Principal("center", "center")
TU_PHAP = Principal("tu_phap", "department", "TU_PHAP")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.sampled_from([2 ** 31, 2 ** 63, 10 ** 400])
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=80),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12)
interesting_strings = st.sampled_from([
    "", "2023-04-03T09:15:00", "2023-04-03T09:15:00+07:00", "2023-04-03T09:15:00Z", "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00+00:00", "TU_PHAP", "NOWHERE", "TP-003", "Hộ tịch", "online", "ONLINE", "approved",
    "national_portal", "very_satisfied", "2023-02-30", "2023-13", "x" * 300, "a b", "\x00", "🙂"])
field_values = json_values | interesting_strings
field_names = st.sampled_from(sorted({k for line in EXAMPLES.values() for k in line} | {"processing_days", "colour"}))


def answer(handler_principal: Principal, text: str) -> str:
    """What the command side does with one line: 'parse error', 'refused', or 'accepted'."""
    try:
        item = parse_line(text)
    except LineError as error:
        assert isinstance(error.field, str) and str(error)
        return "parse error"
    payload = payload_of(item)
    service = event_type_of(item).service
    assert isinstance(validate(payload, CATALOG), list)
    try:
        prepared = HANDLERS[service].prepare(payload, handler_principal, source=item.source, event_id=item.event_id)
    except Refused as refused:
        assert refused.errors and all(isinstance(e.field, str) and e.message for e in refused.errors)
        return "refused"
    assert prepared.event.event_id and prepared.event.type
    assert to_object(prepared.event)["type"] == prepared.event.type
    return "accepted"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(type_name=st.sampled_from(sorted(EXAMPLES)), changes=st.dictionaries(field_names, field_values, max_size=3),
       principal=st.sampled_from([CENTER, TU_PHAP]))
def test_a_valid_line_with_any_fields_changed_is_answered(type_name, changes, principal):
    line = {**EXAMPLES[type_name], **changes}
    answer(principal, json.dumps(line, ensure_ascii=False, allow_nan=True))


@settings(max_examples=200, deadline=None)
@given(anything=json_values)
def test_any_json_at_all_is_answered(anything):
    assert answer(CENTER, json.dumps(anything, allow_nan=True)) in ("parse error", "refused")


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_at_all_is_answered(text):
    answer(CENTER, text)


@pytest.mark.parametrize("type_name", sorted(EXAMPLES))
def test_an_unchanged_example_is_accepted_and_its_id_does_not_depend_on_the_sender(type_name):
    first = payload_of(parse_object(EXAMPLES[type_name]))
    again = payload_of(parse_object(EXAMPLES[type_name]))
    service = EVENT_TYPES[type_name].service
    a = HANDLERS[service].prepare(first, CENTER, source="one")
    b = HANDLERS[service].prepare(again, CENTER, source="another")
    assert a.event.event_id == b.event.event_id


@pytest.mark.parametrize("changes", [
    {"total": 10 ** 400}, {"components": {"a": {"score": 10 ** 400, "max": 1}}}, {"rank": 2 ** 40},
    {"components": {"a": {"score": "high", "max": 1}}}, {"components": {"a": []}}, {"components": []},
])
def test_numbers_no_field_can_hold_are_a_parse_error(changes):
    line = {**EXAMPLES["index766.published"], **changes}
    assert answer(CENTER, json.dumps(line)) == "parse error"
