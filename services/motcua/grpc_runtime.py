"""What every gRPC service shares: health, reflection, metrics, rich errors, graceful shutdown."""
from __future__ import annotations

import asyncio
import importlib
import logging
import pkgutil
import signal
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from grpc_status import rpc_status
from prometheus_client import Counter, Histogram, start_http_server

from motcua.config import ConfigError, Settings

log = logging.getLogger("motcua.grpc")
MAX_MESSAGE_BYTES = 8 * 1024 * 1024  # larger requests are refused with RESOURCE_EXHAUSTED

REQUESTS = Counter("motcua_grpc_requests", "gRPC calls handled", ["service", "method", "code"])
LATENCY = Histogram("motcua_grpc_request_duration_seconds", "gRPC call latency", ["service", "method"],
                    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))


# A refusal travels in trailing metadata, which gRPC caps at 16 KiB: a message that quotes a huge
# input would itself be refused ("Stream removed"). Clip here, once, for every service.
MAX_DETAIL_CHARS = 300
MAX_VIOLATIONS = 10


def _clip(text: str, limit: int = MAX_DETAIL_CHARS) -> str:
    return text if len(text) <= limit else text[:limit] + f"… ({len(text) - limit} more characters)"


def _clipped(errors: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    listed = list(errors)
    kept = [(_clip(f, 100), _clip(d)) for f, d in listed[:MAX_VIOLATIONS]]
    if len(listed) > MAX_VIOLATIONS:
        kept.append(("", f"and {len(listed) - MAX_VIOLATIONS} more problems"))
    return kept


def field_violations(errors: Iterable[tuple[str, str]]) -> status_pb2.Status:
    request = error_details_pb2.BadRequest(field_violations=[
        error_details_pb2.BadRequest.FieldViolation(field=f, description=d) for f, d in _clipped(errors)])
    detail = any_pb2.Any()
    detail.Pack(request)
    first = next(iter(request.field_violations), None)
    message = f"{first.field}: {first.description}" if first else "invalid argument"
    if len(request.field_violations) > 1:
        message += f" (and {len(request.field_violations) - 1} more)"
    return status_pb2.Status(code=code_pb2.INVALID_ARGUMENT, message=message, details=[detail])


async def abort_invalid(context: grpc.aio.ServicerContext, errors: Iterable[tuple[str, str]]) -> None:
    await context.abort_with_status(rpc_status.to_status(field_violations(errors)))


def refusal(code: grpc.StatusCode, errors: Sequence[tuple[str, str]], reason: str = "") -> status_pb2.Status:
    """A refused call's status with the detail google.rpc prescribes for its code."""
    if code == grpc.StatusCode.INVALID_ARGUMENT:
        return field_violations(errors)
    errors, reason = _clipped(errors), _clip(reason)
    if code in (grpc.StatusCode.FAILED_PRECONDITION, grpc.StatusCode.ALREADY_EXISTS):
        detail = error_details_pb2.PreconditionFailure(violations=[
            error_details_pb2.PreconditionFailure.Violation(type="STATE", subject=f, description=d)
            for f, d in errors])
    else:
        detail = error_details_pb2.ErrorInfo(reason=reason or code.name, domain="motcua",
                                             metadata={f: d for f, d in errors})
    packed = any_pb2.Any()
    packed.Pack(detail)
    message = "; ".join(f"{f}: {d}" if f else d for f, d in errors) or code.name
    return status_pb2.Status(code=code.value[0], message=message, details=[packed])


async def abort_refused(context: grpc.aio.ServicerContext, code: grpc.StatusCode,
                        errors: Sequence[tuple[str, str]], reason: str = "") -> None:
    await context.abort_with_status(rpc_status.to_status(refusal(code, errors, reason)))


class Undecodable:
    """What a request that is not a valid protobuf message of its method becomes: gRPC would
    otherwise answer UNKNOWN, and the caller deserves INVALID_ARGUMENT."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def tolerant(deserialize: Callable[[bytes], object] | None) -> Callable[[bytes], object] | None:
    if deserialize is None:
        return None

    def parse(data: bytes) -> object:
        try:
            return deserialize(data)
        except Exception as exc:  # DecodeError, or anything a broken message raises
            return Undecodable(f"{type(exc).__name__}: {exc}")

    return parse


class MetricsInterceptor(grpc.aio.ServerInterceptor):
    """Counts calls by method and status code and times them; refuses undecodable requests with
    INVALID_ARGUMENT. Works for unary calls."""

    async def intercept_service(self, continuation, details):
        handler = await continuation(details)
        if handler is None or handler.unary_unary is None:
            return handler
        service, _, method = details.method.lstrip("/").rpartition("/")
        service = service.rsplit(".", 1)[-1]
        inner = handler.unary_unary

        async def observed(request, context):
            began = time.perf_counter()
            code = "OK"
            try:
                if isinstance(request, Undecodable):
                    await abort_invalid(context, [("request", f"not a valid {method} message ({request.reason})")])
                return await inner(request, context)
            except asyncio.CancelledError:
                code = "CANCELLED"
                raise
            except Exception:
                code = context.code().name if context.code() is not None else "UNKNOWN"
                raise
            finally:
                if code == "OK" and context.code() not in (None, grpc.StatusCode.OK):
                    code = context.code().name
                REQUESTS.labels(service, method, code).inc()
                LATENCY.labels(service, method).observe(time.perf_counter() - began)

        return grpc.unary_unary_rpc_method_handler(
            observed, request_deserializer=tolerant(handler.request_deserializer),
            response_serializer=handler.response_serializer)


def server_credentials(settings: Settings) -> grpc.ServerCredentials | None:
    if not settings.tls_cert_file and not settings.tls_key_file:
        return None
    if not (settings.tls_cert_file and settings.tls_key_file):
        raise ConfigError("TLS needs both MOTCUA_TLS_CERT_FILE and MOTCUA_TLS_KEY_FILE")
    return grpc.ssl_server_credentials([(settings.tls_key_file.read_bytes(), settings.tls_cert_file.read_bytes())])


def load_descriptors() -> None:
    """Reflection answers from the default descriptor pool, which holds only the .proto files that
    some module imported. A file that declares nothing but a service (intake.proto) is imported by
    nobody (its _grpc module imports the message files), so grpcurl got "Symbol not found" for
    motcua.v1.IntakeService. Import every generated module; google.rpc status and error_details are
    imported above, so clients decode the error details through reflection too."""
    import motcua.v1 as generated

    for module in pkgutil.iter_modules(generated.__path__):
        if module.name.endswith("_pb2"):
            importlib.import_module(f"{generated.__name__}.{module.name}")


async def serve(name: str, settings: Settings,
                register: Callable[[grpc.aio.Server], list[str]],
                on_stop: Callable[[], Awaitable[None]] | None = None,
                ready: asyncio.Event | None = None,
                interceptors: Sequence[grpc.aio.ServerInterceptor] = (),
                stop: asyncio.Event | None = None,
                probe: Callable[[], Awaitable[bool]] | None = None) -> None:
    """Run until SIGTERM/SIGINT (or `stop` is set, for in-process use): stop taking calls, let
    in-flight ones finish, then on_stop. `probe` (e.g. "Kafka answers") drives the health status."""
    server = grpc.aio.server(interceptors=[MetricsInterceptor(), *interceptors], options=[
        ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
        ("grpc.max_send_message_length", MAX_MESSAGE_BYTES)])
    names = register(server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    load_descriptors()
    reflection.enable_server_reflection([*names, health.SERVICE_NAME, reflection.SERVICE_NAME], server)
    address = f"{settings.grpc_host}:{settings.grpc_port}"
    creds = server_credentials(settings)
    port = server.add_secure_port(address, creds) if creds else server.add_insecure_port(address)
    if settings.metrics_port:
        start_http_server(settings.metrics_port, addr=settings.grpc_host)
    await server.start()
    for service_name in [*names, ""]:
        await health_servicer.set(service_name, health_pb2.HealthCheckResponse.SERVING)
    log.info("%s serving gRPC on %s:%d (%s), metrics on %d", name, settings.grpc_host, port,
             "TLS" if creds else "plaintext", settings.metrics_port)
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
    watcher = asyncio.create_task(_watch(health_servicer, [*names, ""], probe)) if probe else None
    if ready is not None:
        ready.set()
    await stop.wait()
    log.info("%s shutting down: refusing new calls, finishing in-flight ones", name)
    if watcher is not None:
        watcher.cancel()
    await health_servicer.enter_graceful_shutdown()
    await server.stop(grace=10)
    if on_stop is not None:
        await on_stop()
    log.info("%s stopped", name)


async def _watch(health_servicer, names: list[str], probe: Callable[[], Awaitable[bool]],
                 every_s: float = 5.0) -> None:
    """NOT_SERVING while what the service needs does not answer, so probes route calls elsewhere."""
    serving = True
    while True:
        ok = await probe()
        if ok != serving:
            serving = ok
            log.warning("dependency %s: health %s", "back" if ok else "unreachable", "SERVING" if ok else "NOT_SERVING")
            status = health_pb2.HealthCheckResponse.SERVING if ok else health_pb2.HealthCheckResponse.NOT_SERVING
            for service_name in names:
                await health_servicer.set(service_name, status)
        await asyncio.sleep(every_s)
