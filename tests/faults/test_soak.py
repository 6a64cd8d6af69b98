"""`make soak` in short: the real command, its own private stack, a steady mixed load for 30 s, the
figures every few seconds and an exact ledger at the end; nothing left running afterwards."""
from __future__ import annotations

import re
import subprocess
import sys

from motcua_tools.infra.process import pid_alive


def test_a_short_soak_prints_its_figures_and_an_exact_ledger(tmp_path):
    state = tmp_path / "soak"
    done = subprocess.run([sys.executable, "-m", "motcua_tools.soak", "--seconds", "30", "--rate", "150", "--every", "10",
                           "--state-dir", str(state)], capture_output=True, text=True, timeout=300)
    print(done.stdout)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    progress = [line for line in done.stdout.splitlines() if re.match(r"\[\s*\d+s\] acked", line)]
    assert len(progress) >= 2 and all("p99" in line and "kafka lag" in line for line in progress)
    assert "0 refused, 0 never acknowledged" in done.stdout
    assert re.search(r"ledger: (\d+) acknowledged, \1 in the archive", done.stdout)
    assert "equal to the acknowledged events' tally" in done.stdout and "NOT EXACT" not in done.stdout
    assert re.search(r"events: \d+ expected, \d+ rows, missing 0, doubled as read 0, doubled with FINAL 0", done.stdout)
    pid_files = list(state.rglob("*.pid"))
    assert not [p for p in pid_files if pid_alive(int(p.read_text() or 0))], "the soak left servers running"
