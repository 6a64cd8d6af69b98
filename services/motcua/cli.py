"""The `motcua` command: `motcua import FILE.jsonl|-`, `motcua up|down|status`."""
from __future__ import annotations

import argparse
import asyncio
import sys

from motcua.importer import Importer, print_report, read_lines


def _import(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    stream = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")
    targets = {s: a for s, a in (t.split("=", 1) for t in args.target)} or None

    async def go():
        importer = Importer(targets, batch_size=args.batch_size)
        try:
            with tqdm(unit=" lines", disable=args.quiet or not sys.stderr.isatty()) as bar:
                return await importer.run(read_lines(stream), progress=lambda n: bar.update(n - bar.n))
        finally:
            await importer.close()

    with stream:
        report = asyncio.run(go())
    print_report(report)
    return 0 if report.refused == 0 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="motcua")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="send a JSONL export through the command services")
    imp.add_argument("file", help="a .jsonl file, or - for standard input")
    imp.add_argument("--batch-size", type=int, default=1000)
    imp.add_argument("--target", action="append", default=[], metavar="SERVICE=HOST:PORT")
    imp.add_argument("--quiet", action="store_true")
    for action in ("up", "down", "status"):
        cmd = sub.add_parser(action, help=f"{action} the local Kafka and ClickHouse")
        cmd.add_argument("servers", nargs="*")
    proj = sub.add_parser("projector", help="projector administration (e.g. rebuild)")
    proj.add_argument("args", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.command == "projector":
        from projector.cli import main as projector_main  # rebuild and friends live with the projector
        return projector_main(args.args)
    if args.command == "import":
        return _import(args)
    from motcua.infra.__main__ import main as infra_main
    return infra_main([args.command, *args.servers])


if __name__ == "__main__":
    sys.exit(main())
