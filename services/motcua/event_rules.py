"""What each event type's content must say, beyond its form: the catalog's procedures and fields,
deadlines after receipts, amounts of money, the Center's publications."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from motcua.catalog import Catalog

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}")
MAX_ITEMS = 64
MAX_DUE_AFTER_RECEIPT_S = 3 * 366 * 24 * 3600
MAX_AMOUNT_VND = 10_000_000_000
CHANGES = ("new", "amended", "abolished")


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


def _dossier_received(payload, catalog: Catalog, errors: list[FieldError]) -> None:
    procedure = catalog.procedure(payload.procedure_code)
    if not payload.procedure_code:
        errors.append(FieldError("procedure_code", "is required"))
    elif procedure is None:
        errors.append(FieldError("procedure_code", f"{payload.procedure_code[:40]!r} is not in the catalog"))
    else:
        if procedure.department != payload.department:
            errors.append(FieldError("procedure_code", f"belongs to {procedure.department}, not {payload.department}"))
        if payload.field != procedure.field:
            errors.append(FieldError("field", f"{payload.field[:60]!r} is not procedure {procedure.code}'s "
                                              f"field {procedure.field!r}"))
    has_due = payload.HasField("due_at")
    if not has_due and not payload.HasField("processing_days"):
        errors.append(FieldError("due_at", "due_at or processing_days is required"))
    if payload.HasField("processing_days") and not 0 <= payload.processing_days <= 365:
        errors.append(FieldError("processing_days", "must be between 0 and 365 working days"))
    if has_due and payload.HasField("received_at"):
        lead = payload.due_at.seconds - payload.received_at.seconds
        if lead < 0:
            errors.append(FieldError("due_at", "is before received_at"))
        elif lead > MAX_DUE_AFTER_RECEIPT_S:
            errors.append(FieldError("due_at", "is more than three years after received_at"))


def _payment_completed(payload, catalog: Catalog, errors: list[FieldError]) -> None:
    if not 0 < payload.amount_vnd <= MAX_AMOUNT_VND:
        errors.append(FieldError("amount_vnd", f"{payload.amount_vnd} must be a positive amount of VND "
                                               f"of at most {MAX_AMOUNT_VND:,}"))


def _catalog_decision(payload, catalog: Catalog, errors: list[FieldError]) -> None:
    if not payload.number:
        errors.append(FieldError("number", "is required"))
    if payload.date and not _is_date(payload.date):
        errors.append(FieldError("date", f"{payload.date[:20]!r} is not a YYYY-MM-DD date"))
    if not payload.changes or any(c not in CHANGES for c in payload.changes):
        errors.append(FieldError("changes", "must list " + "|".join(CHANGES)))
    known = set(catalog.fields(payload.department))
    unknown = [f for f in payload.fields if f not in known]
    if not payload.fields:
        errors.append(FieldError("fields", "must name at least one field"))
    elif unknown and catalog.department(payload.department) is not None:
        errors.append(FieldError("fields", f"{unknown[0][:60]!r} is not a field of {payload.department}"))
    if not payload.date and not payload.HasField("at"):
        errors.append(FieldError("at", "is required when the decision's date is unknown"))


def _is_date(text: str) -> bool:
    try:
        return len(text) == 10 and datetime.strptime(text, "%Y-%m-%d") is not None
    except ValueError:
        return False


def _index766(payload, catalog: Catalog, errors: list[FieldError]) -> None:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", payload.period):
        errors.append(FieldError("period", f"{payload.period[:20]!r} is not YYYY-MM"))
    if not 0 <= payload.total <= 100:
        errors.append(FieldError("total", "must be between 0 and 100"))
    if payload.rank < 1 or payload.of < payload.rank:
        errors.append(FieldError("rank", "must be between 1 and of"))
    if not payload.components or len(payload.components) > MAX_ITEMS:
        errors.append(FieldError("components", f"must have between 1 and {MAX_ITEMS} components"))
    for name, component in payload.components.items():
        if not ID_PATTERN.fullmatch(name):
            errors.append(FieldError("components", f"{name[:40]!r} is not a valid component name"))
        elif not (0 < component.max <= 100 and 0 <= component.score <= component.max):
            errors.append(FieldError(f"components.{name}", "needs 0 < max <= 100 and 0 <= score <= max"))


RULES = {
    "dossier.received": _dossier_received,
    "payment.completed": _payment_completed,
    "catalog.decision_published": _catalog_decision,
    "index766.published": _index766,
}
