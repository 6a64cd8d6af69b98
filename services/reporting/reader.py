"""One read of ClickHouse on behalf of one request: its database, its `as_of` and its deadline."""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any

from clickhouse_connect.driver.client import Client

from motcua.tables import identifier, qualified


class DeadlineExceeded(Exception):
    """The caller's deadline passed before the work was done."""


@dataclass(frozen=True)
class Reader:
    client: Client
    database: str
    as_of: datetime | None = None      # recorded time: read the data as it was known then
    deadline: float | None = None      # time.monotonic() by which the answer is due

    def __post_init__(self) -> None:
        identifier(self.database)  # checked once: every query below puts it in its SQL text

    def table(self, name: str) -> str:
        """`database.table` of a table of motcua.tables."""
        return qualified(self.database, name)

    def with_as_of(self, as_of: datetime | None) -> Reader:
        return replace(self, as_of=as_of)

    def with_deadline(self, seconds: float | None) -> Reader:
        return replace(self, deadline=None if seconds is None else time.monotonic() + seconds)

    def known(self, column: str = "recorded_at") -> str:
        """SQL condition: the row had been recorded by `as_of` (always true without one)."""
        return f"{column} <= {{as_of:DateTime64(3, 'UTC')}}" if self.as_of else "1"

    def check_deadline(self) -> None:
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise DeadlineExceeded("the deadline passed before the report was complete")

    def rows(self, sql: str, **params: Any) -> list[tuple]:
        self.check_deadline()
        # On a cluster a dossier's facts and its dossier_periods row live on one shard (both sharded by
        # the dossier id), so `IN (SELECT ... FROM dossier_periods)` is answered on each shard by its
        # own local table; a single server ignores the setting.
        settings: dict[str, Any] = {"distributed_product_mode": "local"}
        if self.deadline is not None:
            # ClickHouse stops the query itself rather than working for a caller who has gone.
            settings["max_execution_time"] = max(1, math.ceil(self.deadline - time.monotonic()))
        if self.as_of is not None:
            params["as_of"] = self.as_of.astimezone(timezone.utc)
        # tz_mode="aware": datetimes come back in UTC with their tzinfo, as the deadline rules want them.
        return self.client.query(sql, parameters=params, settings=settings, tz_mode="aware").result_rows


def utc(moment: datetime | None) -> datetime | None:
    """A datetime from a plain client query (naive, UTC) with its timezone."""
    return None if moment is None else moment.replace(tzinfo=timezone.utc)
