"""Reads that build a month's objects at once (100,000 dossiers and their standings) run with the
cyclic garbage collector paused: they make no reference cycles, but every 700 new objects start a
collection, and the older ones a long-lived process holds make each of those slow (a fifth of a
report's time, measured in `make bench-history`). Reference counting still frees everything."""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0  # reads in progress that asked for the pause; the collector runs again when none is left


@contextmanager
def collector_paused() -> Iterator[None]:
    global _paused
    with _lock:
        # Ours to undo only when the collector runs, or another read of ours paused it; switched off
        # by someone else, it stays as it is.
        ours = _paused > 0 or gc.isenabled()
        if ours:
            _paused += 1
            gc.disable()
    try:
        yield
    finally:
        if ours:
            with _lock:
                _paused -= 1
                if _paused == 0:
                    gc.enable()
