"""Validation of a command's payload against form rules and the reference catalog.

Returns field errors rather than raising, so a batch can report every bad item and go on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from google.protobuf.message import Message

from motcua.catalog import Catalog
from motcua.events import BY_MESSAGE

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$")
EARLIEST = datetime(2015, 1, 1, tzinfo=timezone.utc)  # one-stop systems did not exist before
FUTURE_TOLERANCE = timedelta(days=1)
MAX_AMOUNT_VND = 10_000_000_000
ID_FIELDS = ("dossier_id", "payment_id", "survey_id", "feedback_id", "account_ref")


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


def validate(payload: Message, catalog: Catalog, *, now: datetime | None = None) -> list[FieldError]:
    etype = BY_MESSAGE[type(payload)]
    errors: list[FieldError] = []
    now = now or datetime.now(timezone.utc)
    for name in ID_FIELDS:
        if name in payload.DESCRIPTOR.fields_by_name:
            value = getattr(payload, name)
            optional = etype.name == "survey.submitted" and name == "dossier_id"
            if not value and not optional:
                errors.append(FieldError(name, "is required"))
            elif value and not ID_PATTERN.match(value):
                errors.append(FieldError(name, f"{value[:80]!r} is not a valid id (letters, digits, ._:/-, ≤64)"))
    if "department" in payload.DESCRIPTOR.fields_by_name:
        code = payload.department
        if code or etype.name != "account.assisted":
            if catalog.department(code) is None:
                errors.append(FieldError("department", f"{code[:40]!r} is not a department of the catalog"))
    for descriptor, value in payload.ListFields():
        if descriptor.message_type is not None and descriptor.message_type.full_name == "google.protobuf.Timestamp":
            at = value.ToDatetime(tzinfo=timezone.utc)
            if at < EARLIEST or at > now + FUTURE_TOLERANCE:
                errors.append(FieldError(descriptor.name, f"{at.isoformat()} is out of range (2015 to now)"))
    if etype.time_field and not payload.HasField(etype.time_field) and etype.name != "catalog.decision_published":
        errors.append(FieldError(etype.time_field, "is required"))
    for descriptor in payload.DESCRIPTOR.fields:  # enums left at 0 (UNSPECIFIED) were never set
        if descriptor.type == descriptor.TYPE_ENUM and getattr(payload, descriptor.name) == 0:
            errors.append(FieldError(descriptor.name, "must be set"))
    errors.extend(_specific(etype.name, payload, catalog))
    return errors


def _specific(name: str, payload: Message, catalog: Catalog) -> list[FieldError]:
    errors: list[FieldError] = []
    if name == "dossier.received":
        procedure = catalog.procedure(payload.procedure_code)
        if procedure is None:
            errors.append(FieldError("procedure_code", f"{payload.procedure_code[:40]!r} is not in the catalog"))
        else:
            if procedure.department != payload.department:
                errors.append(FieldError("procedure_code", f"belongs to {procedure.department}, not {payload.department}"))
            if payload.field != procedure.field:
                errors.append(FieldError("field", f"procedure {procedure.code} is in field {procedure.field!r}"))
        has_due = payload.HasField("due_at")
        if not has_due and not payload.HasField("processing_days"):
            errors.append(FieldError("due_at", "due_at or processing_days is required"))
        if payload.HasField("processing_days") and not 0 <= payload.processing_days <= 365:
            errors.append(FieldError("processing_days", "must be between 0 and 365 working days"))
        if has_due and payload.HasField("received_at") and payload.due_at.ToDatetime() < payload.received_at.ToDatetime():
            errors.append(FieldError("due_at", "is before received_at"))
    elif name == "payment.completed":
        if not 0 < payload.amount_vnd <= MAX_AMOUNT_VND:
            errors.append(FieldError("amount_vnd", f"{payload.amount_vnd} must be a positive amount of VND ≤ {MAX_AMOUNT_VND:,}"))
    elif name == "catalog.decision_published":
        if not payload.number:
            errors.append(FieldError("number", "is required"))
        bad = [c for c in payload.changes if c not in ("new", "amended", "abolished")]
        if bad or not payload.changes:
            errors.append(FieldError("changes", "must list new|amended|abolished"))
        if not payload.date and not payload.HasField("at"):
            errors.append(FieldError("at", "is required when the decision's date is unknown"))
    elif name == "index766.published":
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", payload.period):
            errors.append(FieldError("period", f"{payload.period!r} is not YYYY-MM"))
        if not 0 <= payload.total <= 100:
            errors.append(FieldError("total", "must be between 0 and 100"))
        if payload.rank < 1 or payload.of < payload.rank:
            errors.append(FieldError("rank", "must be between 1 and of"))
    return errors
