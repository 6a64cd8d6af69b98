"""Who is calling and what they may submit: bearer tokens checked against hashed credentials.

A credentials file (MOTCUA_CREDENTIALS_FILE) lists principals with a scope and the SHA-256 of their
token; tokens themselves are never stored. Tokens are 256-bit random strings (`motcua credentials
new`), so a fast hash is enough: a slow one (scrypt, PBKDF2) protects guessable passwords, and would
cost every call its CPU for nothing here.
"""
from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import grpc

from motcua.config import ConfigError, Settings

SCOPES = ("department", "center", "reader", "admin")
CENTER_ONLY = {"catalog.decision_published", "index766.published"}  # the Center's own publications
# Valid only against deploy/credentials/dev.json (see its README): the local demo and tests use it.
DEV_CENTER_TOKEN = "dev-center"
DEV_READER_TOKEN = "dev-reader"
DEV_ADMIN_TOKEN = "dev-admin"
OPEN_METHODS = ("/grpc.health.v1.Health/", "/grpc.reflection.")  # probes and tools need no token


@dataclass(frozen=True)
class Principal:
    name: str
    scope: str
    department: str = ""

    @property
    def may_submit(self) -> bool:
        return self.scope != "reader"


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def permission_problem(principal: Principal, type_name: str, department: str) -> str | None:
    """Why `principal` may not submit this event, or None when it may."""
    if not principal.may_submit:
        return f"{principal.name} has the read-only scope"
    if principal.scope in ("center", "admin"):
        return None
    if type_name in CENTER_ONLY:
        return f"{type_name} is published by the Center (center or admin scope), not by {principal.name}"
    if department != principal.department:
        return f"{principal.name} submits for {principal.department} only, not for {department or 'no department'}"
    return None


class Credentials:
    def __init__(self, principals: dict[str, Principal]) -> None:
        self._by_hash = principals  # token sha256 -> principal

    @classmethod
    def load(cls, path: Path, departments: Iterable[str]) -> Credentials:
        """Read and check the credentials file; any problem stops the service at start."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"credentials file {path} not found (MOTCUA_CREDENTIALS_FILE)") from None
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
        entries = data.get("credentials") if isinstance(data, dict) else None
        if not isinstance(entries, list) or not entries:
            raise ConfigError(f"{path}: expected {{\"credentials\": [...]}} with at least one entry")
        known, principals = set(departments), {}
        for index, entry in enumerate(entries):
            principal, digest = _entry(entry, known, f"{path}: entry {index}")
            if digest in principals:
                raise ConfigError(f"{path}: entry {index}: the same token as {principals[digest].name}")
            principals[digest] = principal
        return cls(principals)

    def principal(self, metadata: Iterable[tuple[str, str | bytes]] | None) -> Principal | None:
        token = bearer_token(metadata)
        return self._by_hash.get(token_sha256(token)) if token else None


def public_development_tokens(departments: Iterable[str]) -> list[str]:
    """The tokens of dev.json, printed in deploy/credentials/README.md: anyone may present them."""
    return [DEV_CENTER_TOKEN, DEV_ADMIN_TOKEN, DEV_READER_TOKEN, *(f"dev-{code}" for code in departments)]


def load_for_service(settings: Settings, departments: Iterable[str]) -> Credentials:
    """The service's credentials; outside development, a file that accepts a public token stops it.

    Checked by token, not by file name: a copy of dev.json under another name is refused as well.
    """
    departments = list(departments)
    credentials = Credentials.load(settings.credentials_file, departments)
    public = [token for token in public_development_tokens(departments) if credentials.principal(bearer(token))]
    if public and not settings.development:
        shown = ", ".join(public[:3]) + (f" and {len(public) - 3} more" if len(public) > 3 else "")
        raise ConfigError(
            f"{settings.credentials_file} accepts the public development tokens {shown} "
            f"(deploy/credentials/README.md) and MOTCUA_ENV={settings.environment}: give the service its own "
            "credentials file (MOTCUA_CREDENTIALS_FILE; `motcua credentials new` makes entries), "
            "or set MOTCUA_ENV=development on a development machine")
    return credentials


def _entry(entry: object, departments: set[str], where: str) -> tuple[Principal, str]:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: expected an object")
    name, scope, digest = entry.get("principal"), entry.get("scope"), entry.get("token_sha256")
    department = entry.get("department") or ""
    if not isinstance(name, str) or not name:
        raise ConfigError(f"{where}: 'principal' must be a non-empty string")
    if scope not in SCOPES:
        raise ConfigError(f"{where}: 'scope' must be one of {', '.join(SCOPES)}")
    if not isinstance(digest, str) or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ConfigError(f"{where}: 'token_sha256' must be 64 lowercase hex digits")
    if (scope == "department") != bool(department):
        raise ConfigError(f"{where}: a department is required for, and only for, the department scope")
    if department and department not in departments:
        raise ConfigError(f"{where}: unknown department {department!r}")
    return Principal(name, scope, department), digest


def bearer_token(metadata: Iterable[tuple[str, str | bytes]] | None) -> str | None:
    for key, value in metadata or ():
        if key == "authorization" and isinstance(value, str):
            scheme, _, token = value.partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
    return None


def new_credential(principal: str, scope: str, department: str = "") -> tuple[str, dict[str, str]]:
    """A fresh token and the credentials-file entry that accepts it."""
    token = secrets.token_urlsafe(32)
    entry = {"principal": principal, "scope": scope, "token_sha256": token_sha256(token)}
    if department:
        entry["department"] = department
    return token, entry


class AuthInterceptor(grpc.aio.ServerInterceptor):
    """Refuses calls without a known bearer token (UNAUTHENTICATED) before any handler runs.

    What a caller may do is the handlers' decision: they read the principal from the same metadata.
    """

    def __init__(self, credentials: Credentials) -> None:
        self.credentials = credentials

    async def intercept_service(self, continuation, details):
        handler = await continuation(details)
        if handler is None or details.method.startswith(OPEN_METHODS):
            return handler
        if self.credentials.principal(details.invocation_metadata) is not None:
            return handler
        message = ("a bearer token is required: metadata `authorization: Bearer <token>`"
                   if bearer_token(details.invocation_metadata) is None else "unknown token")
        return _refusing(handler, message)


def _refusing(handler: grpc.RpcMethodHandler, message: str) -> grpc.RpcMethodHandler:
    async def refuse(request, context):
        await context.abort(grpc.StatusCode.UNAUTHENTICATED, message)

    async def refuse_stream(request, context):
        await context.abort(grpc.StatusCode.UNAUTHENTICATED, message)
        yield  # pragma: no cover - makes this an async generator for streaming handlers

    kind = ("stream_" if handler.request_streaming else "unary_") + ("stream" if handler.response_streaming else "unary")
    factory = getattr(grpc, f"{kind}_rpc_method_handler")
    # An unauthenticated request is never parsed: its bytes are nobody's business.
    return factory(refuse_stream if handler.response_streaming else refuse,
                   request_deserializer=lambda data: None,
                   response_serializer=handler.response_serializer)


def bearer(token: str) -> tuple[tuple[str, str], ...]:
    """Call metadata that presents `token`."""
    return (("authorization", f"Bearer {token}"),)


class _BearerToken(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor):
    def __init__(self, token: str) -> None:
        self.metadata = bearer(token)

    def _with_token(self, details):
        return details._replace(metadata=(*(details.metadata or ()), *self.metadata))

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._with_token(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._with_token(details), request)


def with_token(channel: grpc.Channel, token: str) -> grpc.Channel:
    """A (synchronous) channel whose every call presents `token`."""
    return grpc.intercept_channel(channel, _BearerToken(token))
