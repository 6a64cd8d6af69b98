"""`motcua report 2024-02 --format docx -o FILE`: ask the running suite's Reporting API for a monthly
report and write it. The address comes from motcua.config (MOTCUA_SERVICES_HOST and
MOTCUA_REPORTING_GRPC_PORT), the token from MOTCUA_TOKEN, else the public development reader's."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import grpc

from motcua import config
from motcua.auth import DEV_READER_TOKEN, with_token
from motcua.v1 import reporting_pb2, reporting_pb2_grpc

FORMATS = ("docx", "html", "xlsx", "json")


def render_request(period: str, fmt: str) -> reporting_pb2.RenderRequest:
    """The one place that knows how the API spells a format (today a string: json|docx|html|xlsx)."""
    return reporting_pb2.RenderRequest(period=period, format=fmt)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("period", help="the month, YYYY-MM")
    parser.add_argument("--format", choices=FORMATS, default="docx")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: the API's file name)")
    parser.add_argument("--target", metavar="HOST:PORT", help="the Reporting API (default: from MOTCUA_* settings)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the report")


def run(args: argparse.Namespace) -> int:
    settings = config.load()
    target = args.target or config.service_address("reporting")
    if settings.tls_ca_file:
        channel = grpc.secure_channel(target, grpc.ssl_channel_credentials(settings.tls_ca_file.read_bytes()))
    else:
        channel = grpc.insecure_channel(target)
    with channel:
        stub = reporting_pb2_grpc.ReportingServiceStub(with_token(channel, settings.client_token or DEV_READER_TOKEN))
        try:
            rendered = stub.RenderReport(render_request(args.period, args.format), timeout=args.timeout)
        except grpc.RpcError as exc:
            reason = exc.details() or exc.code().name
            if exc.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                print(f"error: the Reporting API at {target} does not answer ({reason}); is the suite "
                      "running (`make run`)?", file=sys.stderr)
                return 2
            print(f"error: the Reporting API refused: {exc.code().name}: {reason}", file=sys.stderr)
            return 1
    out = args.output or Path(rendered.filename)
    try:
        out.write_bytes(rendered.content)
    except OSError as exc:
        print(f"error: cannot write {out}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"wrote {out} ({len(rendered.content):,} bytes, {rendered.content_type}) from {target}")
    return 0
