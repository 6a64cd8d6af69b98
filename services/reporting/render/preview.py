"""Writes a report model in every format: python -m reporting.render.preview MODEL.json OUTDIR"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import FORMATS, filename, render


def write_all(model_path: Path, out_dir: Path) -> list[Path]:
    model = json.loads(model_path.read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in FORMATS:
        target = out_dir / filename(model.get("period", "period"), fmt)
        target.write_bytes(render(model, fmt))
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("model", type=Path, help="report model as JSON")
    parser.add_argument("out_dir", type=Path, help="directory for the rendered files")
    args = parser.parse_args(argv)
    for path in write_all(args.model, args.out_dir):
        print(f"{path}  {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
