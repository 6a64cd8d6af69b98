"""The tallies of finished months (reporting.tallies), kept while the facts behind them are unchanged.
A finished month is read again and again (statistics, the report, each of its formats); only new
facts change it.
The facts' fingerprint is two row counts ClickHouse keeps in its parts' metadata, read without a scan:
fact_arrivals only grows, by every insert into dossier_facts; dossier_facts' own count changes when
a row goes (a merge of copies only makes the cache miss once)."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from motcua.tables import DOSSIER_FACTS, FACT_ARRIVALS
from reporting.reader import Reader
from reporting.tallies import Tally


def fingerprint(reader: Reader) -> tuple:
    sql = f"SELECT (SELECT count() FROM {reader.table(DOSSIER_FACTS)}), (SELECT count() FROM {reader.table(FACT_ARRIVALS)})"
    return tuple(reader.rows(sql)[0])


class TalliesCache:
    def __init__(self, entries: int = 2) -> None:
        self.entries = entries  # a month is a few thousand tallies (and its few paused dossiers, one each)
        self._kept: OrderedDict[tuple, list[Tally]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, reader: Reader, period: str, complete: bool, load: Callable[[], list[Tally]]) -> list[Tally]:
        """A running month's tallies change with the clock, so only finished months are kept."""
        if not complete or self.entries == 0:
            return load()
        key = (reader.database, period, reader.as_of, fingerprint(reader))
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        counted = load()
        with self._lock:
            self._kept[key] = counted
            while len(self._kept) > self.entries:
                self._kept.popitem(last=False)
        return counted
