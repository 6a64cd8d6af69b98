"""Standings of finished months, kept while the facts behind them are unchanged. A finished month
is read again and again (statistics, the report, each of its formats); only new facts change it.
The facts' fingerprint (count, hash sum of event ids, latest recorded_at) is one cheap scan."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from motcua.dossier import Standing
from motcua.tables import DOSSIER_FACTS
from reporting.reader import Reader


def fingerprint(reader: Reader) -> tuple:
    sql = f"SELECT count(), sum(cityHash64(event_id)), max(recorded_at) FROM {reader.table(DOSSIER_FACTS)}"
    return tuple(reader.rows(sql)[0])


class StandingsCache:
    def __init__(self, entries: int = 2) -> None:
        self.entries = entries  # a month at scale is ~100,000 standings: a few tens of MB each
        self._kept: OrderedDict[tuple, list[Standing]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, reader: Reader, period: str, complete: bool, load: Callable[[], list[Standing]]) -> list[Standing]:
        """A running month's standings change with the clock, so only finished months are kept."""
        if not complete or self.entries == 0:
            return load()
        key = (reader.database, period, reader.as_of, fingerprint(reader))
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        stood = load()
        with self._lock:
            self._kept[key] = stood
            while len(self._kept) > self.entries:
                self._kept.popitem(last=False)
        return stood
