"""Validation of a command's payload against form rules and the reference catalog.

Returns field errors rather than raising, so a batch can report every bad item and go on. What the
dossier's earlier events say is not checked here (see commandside's memory): this is the request alone.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

from google.protobuf.message import Message

from motcua.catalog import Catalog
from motcua.event_rules import ID_PATTERN, MAX_ITEMS, RULES, FieldError
from motcua.events import BY_MESSAGE

EARLIEST = int(datetime(2015, 1, 1, tzinfo=timezone.utc).timestamp())  # one-stop systems came later
FUTURE_TOLERANCE_S = 24 * 3600
MAX_TEXT = 256
ID_FIELDS = ("dossier_id", "payment_id", "survey_id", "feedback_id", "account_ref")
# The interchange does not require a department on these: the dossier's receipt names it.
DEPARTMENT_OPTIONAL = {"account.assisted", "dossier.digitized", "dossier.supplement_requested",
                       "dossier.supplement_received", "dossier.resolved", "dossier.withdrawn"}


@dataclass(frozen=True)
class Shape:
    """Which fields of a payload type need which check: worked out once per type, not per event."""
    ids: tuple[tuple[str, bool], ...]  # (field, optional)
    has_department: bool
    timestamps: tuple[str, ...]
    enums: tuple[tuple[str, frozenset[int]], ...]
    texts: tuple[str, ...]
    lists: tuple[str, ...]
    numbers: tuple[str, ...]


@lru_cache(maxsize=None)
def shape_of(message_type: type[Message]) -> Shape:
    type_name, fields = BY_MESSAGE[message_type].name, message_type.DESCRIPTOR.fields
    return Shape(
        ids=tuple((f.name, type_name == "survey.submitted" and f.name == "dossier_id")
                  for f in fields if f.name in ID_FIELDS),
        has_department="department" in message_type.DESCRIPTOR.fields_by_name,
        timestamps=tuple(f.name for f in fields
                         if f.message_type is not None and f.message_type.full_name == "google.protobuf.Timestamp"),
        enums=tuple((f.name, frozenset(f.enum_type.values_by_number) - {0})
                    for f in fields if f.type == f.TYPE_ENUM),
        texts=tuple(f.name for f in fields if f.type == f.TYPE_STRING and not f.is_repeated),
        lists=tuple(f.name for f in fields if f.type == f.TYPE_STRING and f.is_repeated),
        numbers=tuple(f.name for f in fields if f.type == f.TYPE_DOUBLE),
    )


def validate(payload: Message, catalog: Catalog, *, now: datetime | None = None) -> list[FieldError]:
    etype = BY_MESSAGE[type(payload)]
    shape = shape_of(type(payload))
    errors: list[FieldError] = []
    for name, optional in shape.ids:
        _check_id(name, getattr(payload, name), errors, optional=optional)
    if shape.has_department:
        code = payload.department
        if code or etype.name not in DEPARTMENT_OPTIONAL:
            if catalog.department(code) is None:
                errors.append(FieldError("department", f"{code[:40]!r} is not a department of the catalog"))
    _check_times(etype.name, etype.time_field, payload, shape, now, errors)
    _check_form(payload, shape, errors)
    rule = RULES.get(etype.name)
    if rule is not None:
        rule(payload, catalog, errors)
    return errors


def validate_envelope(event_id: str, source: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if event_id:
        _check_id("event_id", event_id, errors)
    if len(source) > 64:
        errors.append(FieldError("source", "must be at most 64 characters"))
    return errors


def _check_id(name: str, value: str, errors: list[FieldError], *, optional: bool = False) -> None:
    if not value:
        if not optional:
            errors.append(FieldError(name, "is required"))
    elif not ID_PATTERN.fullmatch(value):
        errors.append(FieldError(name, f"{value[:80]!r} is not a valid id (letters, digits, ._:/-; at most 64)"))


def _check_times(type_name: str, time_field: str, payload: Message, shape: Shape, now: datetime | None,
                 errors: list[FieldError]) -> None:
    latest = int((now or datetime.now(timezone.utc)).timestamp()) + FUTURE_TOLERANCE_S
    for name in shape.timestamps:
        if not payload.HasField(name):
            continue
        value = getattr(payload, name)
        if not 0 <= value.nanos < 1_000_000_000:
            errors.append(FieldError(name, "has invalid nanos"))
        elif name != "due_at" and not EARLIEST <= value.seconds <= latest:  # due_at: checked against receipt
            errors.append(FieldError(name, "is out of range (from 2015 to now)"))
    if time_field and not payload.HasField(time_field) and type_name != "catalog.decision_published":
        errors.append(FieldError(time_field, "is required"))


def _check_form(payload: Message, shape: Shape, errors: list[FieldError]) -> None:
    """Enums set and known, texts and lists of a sane size, numbers finite."""
    for name, known in shape.enums:
        value = getattr(payload, name)
        if value not in known:
            errors.append(FieldError(name, "must be set" if value == 0 else f"{value} is not a known value"))
    for name in shape.texts:
        if len(getattr(payload, name)) > MAX_TEXT:
            errors.append(FieldError(name, f"must be at most {MAX_TEXT} characters"))
    for name in shape.lists:
        items = getattr(payload, name)
        if len(items) > MAX_ITEMS or any(len(t) > MAX_TEXT for t in items):
            errors.append(FieldError(name, f"at most {MAX_ITEMS} items of at most {MAX_TEXT} characters"))
    for name in shape.numbers:
        if not math.isfinite(getattr(payload, name)):
            errors.append(FieldError(name, "must be a finite number"))
