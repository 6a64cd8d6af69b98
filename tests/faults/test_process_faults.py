"""Processes dying or stalling under load: each service SIGKILLed in turn and brought back by a
supervisor (as systemd or Kubernetes would), and a projector frozen for seconds."""
from __future__ import annotations

import signal
import time

from motcua_tools.soak import consumer_lag
from motcua_tools.stack import SERVICES, wait_for
from tests.faults.support import load_with_fault, recovered_and_exact


async def test_each_service_sigkilled_under_load_comes_back_and_nothing_is_lost(layer, sandbox):
    def kill_each_in_turn() -> dict[str, int]:
        returned = {}
        for service in SERVICES:
            killed = sandbox.send_signal(service, signal.SIGKILL)
            assert wait_for(lambda: sandbox.stack.pid(service) not in (None, killed), timeout=60), \
                f"{service} was not restarted"
            returned[service] = sandbox.stack.pid(service)
            time.sleep(1.0)
        return returned

    sandbox.supervise()
    try:
        stats, restarted = await load_with_fault(layer, kill_each_in_turn, at=3.0, seconds=30.0)
    finally:
        sandbox.stop_supervising()
    recovered_and_exact(layer, stats, "each service SIGKILLed")
    assert set(restarted) == set(SERVICES)
    assert all(sandbox.restarts[s] >= 1 for s in SERVICES), dict(sandbox.restarts)


async def test_a_projector_frozen_for_ten_seconds_catches_up_without_help(layer, sandbox):
    pid = sandbox.stack.pid("projector")

    def freeze() -> int | None:
        sandbox.send_signal("projector", signal.SIGSTOP)
        try:
            time.sleep(10.0)
            return consumer_lag(sandbox.settings)
        finally:
            sandbox.send_signal("projector", signal.SIGCONT)

    stats, lag_while_frozen = await load_with_fault(layer, freeze, at=4.0)
    recovered_and_exact(layer, stats, "projector frozen 10 s")
    print(f"consumer lag at the end of the freeze: {lag_while_frozen}")
    assert lag_while_frozen and lag_while_frozen > 500, "the freeze should have left a backlog"
    assert sandbox.stack.pid("projector") == pid, "the projector should have resumed, not restarted"
