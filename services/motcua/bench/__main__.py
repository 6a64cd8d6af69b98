"""`make bench`: run every benchmark module present, one after the other, on one local stack."""
from __future__ import annotations

import importlib
import sys

BENCHES = ["commands", "projector", "reporting"]


def main(argv: list[str]) -> int:
    chosen = argv or BENCHES
    failed = 0
    for name in chosen:
        try:
            module = importlib.import_module(f"motcua.bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"motcua.bench.{name}":
                raise
            print(f"[{name}] no benchmark yet")
            continue
        print(f"\n=== {name} ===", flush=True)
        failed |= module.main() != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
