"""What the image holds and whom it lets in: no development credentials inside, production by
default, and the credentials file the deployment mounts (intake's WhoAmI)."""
from __future__ import annotations

import hashlib
import json
import subprocess

import grpc

from motcua.auth import bearer
from motcua.v1 import reference_pb2, reference_pb2_grpc
from runners import Runner

_INSPECT = """
import json, os, sys
marker = sys.argv[1].encode()
named, holding = [], []
for top in ("/app", "/etc", "/usr/local/bin"):
    for folder, _, files in os.walk(top):
        for name in files:
            path = os.path.join(folder, name)
            if name == "dev.json":
                named.append(path)
            try:
                if os.path.getsize(path) < 10_000_000 and marker in open(path, "rb").read():
                    holding.append(path)
            except OSError:
                pass
print(json.dumps({"env": os.environ.get("MOTCUA_ENV"), "credentials_file": os.environ.get("MOTCUA_CREDENTIALS_FILE"),
                  "named_dev_json": named, "holding_dev_hash": holding}))
"""


def no_development_credentials(runner: Runner) -> str:
    """'' when the image runs in production and holds no development credentials, else what is wrong."""
    marker = hashlib.sha256(b"dev-center").hexdigest()  # dev.json's entry for the public token dev-center
    argv = runner.command("probe", ["python", "-c", _INSPECT, marker], {}, None)
    result = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    try:
        found = json.loads(result.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return f"could not inspect the image (exit {result.returncode}): {result.stderr.strip()[-500:]}"
    print(f"   inside: MOTCUA_ENV={found['env']}, MOTCUA_CREDENTIALS_FILE={found['credentials_file']}, "
          f"files named dev.json: {found['named_dev_json']}, files holding dev-center's hash: {found['holding_dev_hash']}")
    if found["env"] != "production":
        return f"the image's MOTCUA_ENV is {found['env']!r}, not 'production'"
    if found["named_dev_json"] or found["holding_dev_hash"]:
        return f"the image holds development credentials: {found['named_dev_json'] + found['holding_dev_hash']}"
    return ""


def whoami(port: int, token: str) -> str:
    """'principal/scope' as intake knows the token, or the gRPC status code name."""
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        try:
            caller = reference_pb2_grpc.ReferenceServiceStub(channel).WhoAmI(
                reference_pb2.WhoAmIRequest(), metadata=bearer(token), timeout=10)
        except grpc.RpcError as exc:
            return exc.code().name
    return f"{caller.principal}/{caller.scope}"
