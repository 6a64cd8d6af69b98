"""Checking request arguments (each problem names its field) and the time a call may take."""
from __future__ import annotations

from datetime import datetime, timezone

import grpc

from motcua.grpc_runtime import abort_invalid
from reporting.periods import period_error

MAX_CALL_SECONDS = 120.0  # a call without a deadline still ends


class Problems(list):
    """(field, description) pairs, as BadRequest field violations."""

    def period(self, value: str, name: str = "period", *, optional: bool = False) -> None:
        if optional and not value:
            return
        error = period_error(value)
        if error:
            self.append((name, error))

    def choice(self, name: str, value: str, allowed: tuple[str, ...]) -> None:
        if value not in allowed:
            self.append((name, f"{value!r} is not one of {', '.join(allowed)}"))

    def number(self, name: str, value: int, low: int, high: int) -> None:
        if not low <= value <= high:
            self.append((name, f"{value} is not between {low} and {high}"))

    def text(self, name: str, value: str, max_length: int = 200) -> None:
        if not value.strip():
            self.append((name, "is required"))
        elif len(value) > max_length:
            self.append((name, f"is longer than {max_length} characters"))

    async def refuse(self, context: grpc.aio.ServicerContext) -> None:
        """Abort with INVALID_ARGUMENT and a BadRequest detail when anything was wrong."""
        if self:
            await abort_invalid(context, list(self))


def as_of(request) -> datetime | None:
    return request.as_of.ToDatetime(tzinfo=timezone.utc) if request.HasField("as_of") else None


def seconds_left(context: grpc.aio.ServicerContext) -> float:
    """The caller's deadline, capped: clients that set none do not get unbounded work."""
    remaining = context.time_remaining()
    return MAX_CALL_SECONDS if remaining is None else max(0.0, min(remaining, MAX_CALL_SECONDS))
