"""The `motcua` command: `motcua import FILE.jsonl|-`, `motcua report YYYY-MM`, `motcua credentials new`,
`motcua run|status|stop` (the suite), `motcua up|down` (Kafka and ClickHouse alone). Addresses and
ports come from the MOTCUA_* settings (motcua.config), the same ones `make run` starts the suite on."""
from __future__ import annotations

import argparse
import asyncio
import json
import sys

from motcua_tools.importer import STUBS, ImportAborted, Importer, print_report, read_lines


def _import(args: argparse.Namespace) -> int:
    import grpc
    from tqdm import tqdm

    from motcua import config

    settings = config.load()
    # Every service at its configured address; --target moves one of them.
    targets = {**{s: config.service_address(s) for s in STUBS}, **dict(t.split("=", 1) for t in args.target)}
    ca_file = args.tls_ca or settings.tls_ca_file
    credentials = grpc.ssl_channel_credentials(open(ca_file, "rb").read()) if ca_file else None
    try:
        stream = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")
    except OSError as exc:
        print(f"error: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2

    async def go():
        importer = Importer(targets, batch_size=args.batch_size, credentials=credentials,
                            token=args.token or settings.client_token or None, in_flight=args.in_flight)
        try:
            with tqdm(unit=" lines", disable=args.quiet or not sys.stderr.isatty()) as bar:
                return await importer.run(read_lines(stream), progress=lambda n: bar.update(n - bar.n))
        finally:
            await importer.close()

    with stream:
        try:
            report = asyncio.run(go())
        except ImportAborted as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    print_report(report)
    return report.exit_status  # 0 all accepted, 1 some refused, 3 some never answered (importer.py)


def _credentials(args: argparse.Namespace) -> int:
    from motcua.auth import new_credential

    if (args.scope == "department") != bool(args.department):
        print("error: --department is required for, and only for, --scope department", file=sys.stderr)
        return 2
    token, entry = new_credential(args.principal, args.scope, args.department or "")
    print(f"token (give it to the integrator; it is not stored anywhere): {token}", file=sys.stderr)
    print(json.dumps(entry, ensure_ascii=False))
    return 0


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="motcua")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="send a JSONL export through the command services")
    imp.add_argument("file", help="a .jsonl file, or - for standard input")
    imp.add_argument("--batch-size", type=int, default=1000)
    imp.add_argument("--in-flight", type=int, default=4, help="batches awaiting an answer at once")
    imp.add_argument("--target", action="append", default=[], metavar="SERVICE=HOST:PORT",
                     help="override one service's address (default: from the MOTCUA_* settings)")
    imp.add_argument("--token", help="bearer token (default: $MOTCUA_TOKEN, else the development Center's)")
    imp.add_argument("--tls-ca", help="CA certificate of the services' TLS (default: $MOTCUA_TLS_CA_FILE)")
    imp.add_argument("--quiet", action="store_true")
    creds = sub.add_parser("credentials", help="make a token and its credentials-file entry")
    creds.add_argument("action", choices=["new"])
    creds.add_argument("--principal", required=True)
    creds.add_argument("--scope", required=True, choices=["department", "center", "reader", "admin"])
    creds.add_argument("--department")
    from motcua_tools import report_cli

    report_cli.add_arguments(sub.add_parser("report", help="write a monthly report from the running suite"))
    for action in ("up", "down"):
        cmd = sub.add_parser(action, help=f"{action} the local Kafka and ClickHouse")
        cmd.add_argument("servers", nargs="*")
    for action in ("run", "status", "stop"):
        sub.add_parser(action, help=f"{action} the whole suite (as `make {action}`)")
    proj = sub.add_parser("projector", help="projector administration (e.g. rebuild)")
    proj.add_argument("args", nargs=argparse.REMAINDER)
    sub.add_parser("ledger", add_help=False, help="compare acknowledged event ids with the events archive")
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["ledger"]:  # its options are the ledger's own (see motcua_tools.ledger)
        from motcua_tools.ledger import main as ledger_main
        return ledger_main(argv[1:])
    args = parser.parse_args(argv)
    if args.command == "projector":
        from projector.cli import main as projector_main  # rebuild and friends live with the projector
        return projector_main(args.args)
    if args.command == "import":
        return _import(args)
    if args.command == "credentials":
        return _credentials(args)
    if args.command == "report":
        return report_cli.run(args)
    if args.command in ("run", "status", "stop"):
        from motcua_tools.suite import main as suite_main
        return suite_main([args.command])
    from motcua_tools.infra.__main__ import main as infra_main
    return infra_main([args.command, *args.servers])


def main(argv: list[str] | None = None) -> int:
    """The console entry point: a bad MOTCUA_* setting is one line, not a traceback."""
    from motcua.config import ConfigError

    try:
        return _main(argv)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
