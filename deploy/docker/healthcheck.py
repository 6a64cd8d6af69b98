"""Container healthcheck: the gRPC health service when MOTCUA_GRPC_PORT is set (the four command
services and reporting), else the /metrics page on MOTCUA_METRICS_PORT (the projector).
Exit 0 when healthy, 1 otherwise, as Docker expects."""
from __future__ import annotations

import os
import sys
import urllib.request


def grpc_serving(port: int) -> bool:
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=3)
        except grpc.RpcError as exc:
            print(f"gRPC health on {port}: {exc.code().name}", file=sys.stderr)
            return False
    return reply.status == health_pb2.HealthCheckResponse.SERVING


def metrics_answer(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=3) as response:
            return response.status == 200
    except OSError as exc:
        print(f"/metrics on {port}: {exc}", file=sys.stderr)
        return False


def main() -> int:
    grpc_port = int(os.environ.get("MOTCUA_GRPC_PORT") or 0)
    metrics_port = int(os.environ.get("MOTCUA_METRICS_PORT") or 0)
    if grpc_port:
        return 0 if grpc_serving(grpc_port) else 1
    if metrics_port:
        return 0 if metrics_answer(metrics_port) else 1
    print("neither MOTCUA_GRPC_PORT nor MOTCUA_METRICS_PORT is set", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
