"""A supervisor for the fault harnesses: it plays systemd or Kubernetes, restarting what died.

`restart_dead` is called every `interval` seconds in a thread of its own. A restart that fails (the
process killed again before it was ready, say) is kept in `failures` and tried again at the next
round, as a real supervisor would; it never ends the supervision.
"""
from __future__ import annotations

import threading
from collections.abc import Callable


class Supervisor:
    def __init__(self, restart_dead: Callable[[], object], name: str = "supervisor") -> None:
        self.restart_dead, self.name = restart_dead, name
        self.failures: list[str] = []
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, interval: float = 0.5) -> None:
        def loop() -> None:
            while not self._stopping.wait(interval):
                try:
                    self.restart_dead()
                except Exception as exc:  # noqa: BLE001 - retried at the next round
                    self.failures.append(str(exc)[-2000:])

        self._stopping.clear()
        self._thread = threading.Thread(target=loop, name=self.name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 180.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=timeout)
            self._thread = None
