"""The product stands on its own: no tracked file outside docs/ points at a folder beside the clone."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
# Built from parts so that this file does not match its own search.
NEEDLE = "/".join(["..", "sha" + "red"])


def tracked_files() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [name for name in listing.stdout.decode().split("\0") if name]


def mentions(name: str, root: Path = ROOT) -> list[int]:
    try:
        text = (root / name).read_text(encoding="utf-8", errors="replace")
    except (IsADirectoryError, FileNotFoundError):  # a submodule, or a file deleted but not staged
        return []
    return [number for number, line in enumerate(text.splitlines(), start=1) if NEEDLE in line]


def test_no_tracked_file_outside_docs_refers_to_a_folder_beside_the_clone():
    found = [f"{name}:{line}" for name in tracked_files() if not name.startswith("docs/")
             for line in mentions(name)]
    assert not found, f"these lines refer to {NEEDLE}: {found}"


def test_the_check_sees_a_reference_when_there_is_one(tmp_path):
    (tmp_path / "planted.py").write_text(f'x = 1\nGOLDEN = "{NEEDLE}/seed/golden.json"\n', encoding="utf-8")
    assert mentions("planted.py", tmp_path) == [2]
