"""`python -m motcua_tools.protos generate|check`: proto/ is the source; services/motcua/v1 is generated.

`generate` also writes proto/motcua/v1/motcua.desc, a FileDescriptorSet of every file with its
imports, so a team without our code decodes Kafka records (`protoc --decode motcua.v1.Event
--descriptor_set_in=proto/motcua/v1/motcua.desc`) or loads it into any protobuf library.

`check` regenerates into a scratch folder and fails when the committed code or descriptor set
differs, so a proto change can never land without them.
"""
from __future__ import annotations

import filecmp
import sys
import tempfile
from pathlib import Path

import grpc_tools
from grpc_tools import protoc

from motcua.config import REPO_ROOT

PROTO_ROOT = REPO_ROOT / "proto"
OUT_ROOT = REPO_ROOT / "services"
PACKAGE = Path("motcua") / "v1"
DESCRIPTOR_SET = PROTO_ROOT / PACKAGE / "motcua.desc"
INIT = '"""Generated from proto/motcua/v1 by `make protos`; do not edit."""\n'


def generate(out_root: Path, descriptor_set: Path = DESCRIPTOR_SET) -> None:
    sources = sorted(str(p.relative_to(PROTO_ROOT)) for p in (PROTO_ROOT / PACKAGE).glob("*.proto"))
    include = Path(grpc_tools.__file__).parent / "_proto"
    args = ["protoc", f"-I{PROTO_ROOT}", f"-I{include}", f"--python_out={out_root}",
            f"--pyi_out={out_root}", f"--grpc_python_out={out_root}",
            "--include_imports", f"--descriptor_set_out={descriptor_set}", *sources]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")
    (out_root / PACKAGE / "__init__.py").write_text(INIT)


def check() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        fresh_set = Path(scratch) / DESCRIPTOR_SET.name
        generate(Path(scratch), fresh_set)
        fresh, committed = Path(scratch) / PACKAGE, OUT_ROOT / PACKAGE
        names = sorted({p.name for p in fresh.iterdir()} | {p.name for p in committed.glob("*.py*")})
        stale = [n for n in names if not (fresh / n).exists() or not (committed / n).exists()
                 or not filecmp.cmp(fresh / n, committed / n, shallow=False)]
        if not DESCRIPTOR_SET.exists() or not filecmp.cmp(fresh_set, DESCRIPTOR_SET, shallow=False):
            stale.append(str(DESCRIPTOR_SET.relative_to(REPO_ROOT)))
    if stale:
        print(f"generated code is stale, run `make protos`: {', '.join(stale)}", file=sys.stderr)
        return 1
    print(f"generated code and {DESCRIPTOR_SET.name} match proto/ ({len(names)} files)")
    return 0


def main() -> int:
    action = sys.argv[1] if len(sys.argv) > 1 else "generate"
    if action == "generate":
        generate(OUT_ROOT)
        return 0
    if action == "check":
        return check()
    print("usage: python -m motcua_tools.protos generate|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
