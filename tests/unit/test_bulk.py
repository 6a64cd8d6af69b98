"""reporting.bulk: the collector is paused while a bulk read runs, back when the last one ends, and left
alone when someone else switched it off."""
from __future__ import annotations

import gc

from reporting.bulk import collector_paused


def test_paused_while_reads_run_and_back_when_the_last_ends():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # a second read overlapping the first (another request's thread)
            assert not gc.isenabled()
        assert not gc.isenabled()  # the first is still running
    assert gc.isenabled()


def test_back_after_a_read_that_failed():
    try:
        with collector_paused():
            raise ValueError("the read failed")
    except ValueError:
        pass
    assert gc.isenabled()


def test_left_off_when_someone_else_switched_it_off():
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
