"""Security of the running services (processes, as deployed): every credential scope on every command
service over TLS, plaintext refused, least-privilege ClickHouse users, and no secret in any log."""
from __future__ import annotations

import dataclasses
import json
import secrets
import shutil
import subprocess
import sys
import uuid
from types import SimpleNamespace

import clickhouse_connect
import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from motcua import chaccess
from motcua.auth import bearer, new_credential
from motcua.v1 import intake_pb2_grpc, payment_pb2_grpc, processing_pb2_grpc, reporting_pb2, reporting_pb2_grpc, survey_pb2_grpc
from motcua_tools.infra import clickhouse
from motcua_tools.stack import Stack, metrics_answer, wait_for
from tests.conftest import free_port_pair
from tests.e2e.conftest import free_service_ports
from tests.integration.commands_support import payload

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl makes the test certificate")
SCOPES = {"tu_phap": ("department", "TU_PHAP"), "center": ("center", ""), "reader": ("reader", ""),
          "admin": ("admin", "")}
CALLS = {  # service: (stub, method, event type)
    "intake": (intake_pb2_grpc.IntakeServiceStub, "ReceiveDossier", "dossier.received"),
    "processing": (processing_pb2_grpc.ProcessingServiceStub, "ResolveDossier", "dossier.resolved"),
    "payment": (payment_pb2_grpc.PaymentServiceStub, "CompletePayment", "payment.completed"),
    "survey": (survey_pb2_grpc.SurveyServiceStub, "SubmitSurvey", "survey.submitted"),
}


def tls_serving(port: int, cert: bytes) -> bool:
    try:
        with grpc.secure_channel(f"127.0.0.1:{port}", grpc.ssl_channel_credentials(cert)) as channel:
            reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=1)
            return reply.status == health_pb2.HealthCheckResponse.SERVING
    except grpc.RpcError:
        return False


def start_service(stack: Stack, service: str, env: dict[str, str], cert: bytes) -> None:
    grpc_port, metrics_port = stack.ports[service]
    env = {**stack.env, **env, "MOTCUA_GRPC_PORT": str(grpc_port), "MOTCUA_METRICS_PORT": str(metrics_port)}
    ready = (lambda: tls_serving(grpc_port, cert)) if grpc_port else (lambda: metrics_answer(metrics_port))
    stack.process(service).start([sys.executable, "-m", service], ready=ready, timeout=60, env=env)


@pytest.fixture(scope="module")
def secured(infra_settings, tmp_path_factory):
    """Command services and projector with TLS, fresh tokens and their own ClickHouse users."""
    folder, run = tmp_path_factory.mktemp("secured"), uuid.uuid4().hex[:8]
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    tokens, entries = {}, []
    for name, (scope, department) in SCOPES.items():
        tokens[name], entry = new_credential(name, scope, department)
        entries.append(entry)
    (folder / "credentials.json").write_text(json.dumps({"credentials": entries}))
    passwords = {chaccess.WRITER: secrets.token_urlsafe(16), chaccess.READER: secrets.token_urlsafe(16)}
    settings = dataclasses.replace(infra_settings, state_dir=folder, topic_prefix=f"s{run}",
                                   clickhouse_database=f"s_{run}", clickhouse_url=f"http://127.0.0.1:{free_port_pair()}")
    chaccess.install(clickhouse.process(settings).workdir, settings.clickhouse_database, passwords)
    clickhouse.start(settings)
    stack = Stack(settings, ports=free_service_ports(), env={
        "MOTCUA_CREDENTIALS_FILE": str(folder / "credentials.json"), "MOTCUA_TLS_CERT_FILE": str(cert),
        "MOTCUA_TLS_KEY_FILE": str(key), "MOTCUA_CLICKHOUSE_USER": chaccess.WRITER,
        "MOTCUA_CLICKHOUSE_PASSWORD": passwords[chaccess.WRITER]})
    try:
        for service in ("intake", "processing", "payment", "survey", "projector"):
            start_service(stack, service, {}, cert.read_bytes())
        yield SimpleNamespace(stack=stack, settings=settings, cert=cert.read_bytes(), tokens=tokens,
                              passwords=passwords, folder=folder)
    finally:
        stack.stop()
        clickhouse.stop(settings)


def call(secured, service: str, token: str | None, type_name: str | None = None, **changes) -> grpc.StatusCode:
    stub_type, method, default_type = CALLS[service]
    metadata = (("authorization", f"Bearer {token}"),) if token else ()
    address = f"127.0.0.1:{secured.stack.ports[service][0]}"
    with grpc.secure_channel(address, grpc.ssl_channel_credentials(secured.cert)) as channel:
        try:
            getattr(stub_type(channel), method)(payload(type_name or default_type, **changes), metadata=metadata,
                                                 timeout=10)
            return grpc.StatusCode.OK
        except grpc.RpcError as error:
            return error.code()


@pytest.mark.parametrize("service", sorted(CALLS))
def test_every_scope_on_every_command_service_over_tls(secured, service):
    tokens, code = secured.tokens, grpc.StatusCode
    own = {"department": "TU_PHAP", "dossier_id": f"TP-{uuid.uuid4().hex[:12]}"}
    other = {"department": "Y_TE", "dossier_id": f"YT-{uuid.uuid4().hex[:12]}"}
    if service == "intake":
        other.update(field="Dược phẩm", procedure_code="YT-001")
    assert call(secured, service, None, **own) == code.UNAUTHENTICATED
    assert call(secured, service, "not-a-known-token", **own) == code.UNAUTHENTICATED
    assert call(secured, service, tokens["reader"], **own) == code.PERMISSION_DENIED
    assert call(secured, service, tokens["tu_phap"], **own) == code.OK
    assert call(secured, service, tokens["tu_phap"], **other) == code.PERMISSION_DENIED
    for scope in ("center", "admin"):
        assert call(secured, service, tokens[scope], **other) == code.OK, scope


def test_the_centers_publications_need_the_center_or_admin_scope(secured):
    stub_type = intake_pb2_grpc.IntakeServiceStub
    with grpc.secure_channel(f"127.0.0.1:{secured.stack.ports['intake'][0]}",
                             grpc.ssl_channel_credentials(secured.cert)) as channel:
        publish = stub_type(channel).PublishIndex766
        for name, expected in (("tu_phap", grpc.StatusCode.PERMISSION_DENIED), ("reader", grpc.StatusCode.PERMISSION_DENIED),
                               ("center", None), ("admin", None)):
            try:
                publish(payload("index766.published", total=70.0 + len(name)),
                        metadata=(("authorization", f"Bearer {secured.tokens[name]}"),), timeout=10)
                assert expected is None, name
            except grpc.RpcError as error:
                assert error.code() == expected, (name, error.details())


def test_plaintext_clients_are_refused_by_the_tls_ports(secured):
    for service in CALLS:
        with grpc.insecure_channel(f"127.0.0.1:{secured.stack.ports[service][0]}") as channel:
            with pytest.raises(grpc.RpcError) as info:
                health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=3)
            assert info.value.code() == grpc.StatusCode.UNAVAILABLE
        assert tls_serving(secured.stack.ports[service][0], secured.cert), "health is open over TLS"


def clickhouse_as(secured, user: str, password: str = ""):
    port = int(secured.settings.clickhouse_url.rsplit(":", 1)[1])
    return clickhouse_connect.get_client(host="127.0.0.1", port=port, username=user, password=password)


def refused(client, sql: str) -> bool:
    try:
        client.command(sql)
    except clickhouse_connect.driver.exceptions.DatabaseError as error:
        return "ACCESS_DENIED" in str(error) or "Not enough privileges" in str(error)
    return False


def test_the_projector_writes_as_projector_writer_and_reporting_reads_as_reporting_reader(secured):
    db, passwords = secured.settings.clickhouse_database, secured.passwords
    assert call(secured, "intake", secured.tokens["center"], dossier_id="TP-LEAST-0001") == grpc.StatusCode.OK
    reader = clickhouse_as(secured, chaccess.READER, passwords[chaccess.READER])
    archived = lambda: reader.query(f"SELECT count() FROM {db}.events FINAL "  # noqa: E731
                                    "WHERE dossier_id = 'TP-LEAST-0001'").result_rows[0][0] == 1
    assert wait_for(archived, timeout=30, interval=0.5), "the reader cannot see the event the writer folded"
    reader.command(f"INSERT INTO {db}.reports (period, generated_at, trigger, model) VALUES ('2000-01', now(), 't', '{{}}')")
    for sql in (f"INSERT INTO {db}.events (event_id) VALUES ('forged')", f"ALTER TABLE {db}.events DELETE WHERE 1",
                f"TRUNCATE TABLE {db}.events", f"DROP TABLE {db}.events", f"CREATE TABLE {db}.x (a UInt8) ENGINE = Memory",
                "CREATE DATABASE elsewhere", f"CREATE USER intruder_{uuid.uuid4().hex[:6]}", "SELECT count() FROM system.users"):
        assert refused(reader, sql), sql
    writer = clickhouse_as(secured, chaccess.WRITER, passwords[chaccess.WRITER])
    writer.command(f"CREATE TABLE IF NOT EXISTS {db}.rebuild_probe AS {db}.events")
    writer.command(f"EXCHANGE TABLES {db}.rebuild_probe AND {db}.rebuild_probe")  # a rebuild's swap is allowed
    writer.command(f"DROP TABLE {db}.rebuild_probe")
    for sql in ("CREATE DATABASE elsewhere", f"CREATE USER intruder_{uuid.uuid4().hex[:6]}", "SELECT count() FROM system.users",
                "SYSTEM SHUTDOWN", f"GRANT SELECT ON {db}.* TO default"):
        assert refused(writer, sql), sql
    anonymous = clickhouse_as(secured, "default")
    assert refused(anonymous, f"SELECT count() FROM {db}.events")
    with pytest.raises(clickhouse_connect.driver.exceptions.DatabaseError, match="AUTHENTICATION_FAILED|516"):
        clickhouse_as(secured, chaccess.WRITER, "a wrong password")


async def test_a_rebuild_runs_with_the_projector_writers_privileges_alone(secured):
    from projector.rebuild import rebuild

    as_writer = dataclasses.replace(secured.settings, clickhouse_user=chaccess.WRITER,
                                    clickhouse_password=secured.passwords[chaccess.WRITER])
    done = await rebuild(as_writer, say=lambda line: None)
    assert done.tables and done.replayed.records > 0


def test_reporting_starts_with_the_read_only_clickhouse_user(secured):
    # The projector applied the migrations; reporting finds them current and runs no DDL.
    start_service(secured.stack, "reporting", {"MOTCUA_CLICKHOUSE_USER": chaccess.READER,
                                               "MOTCUA_CLICKHOUSE_PASSWORD": secured.passwords[chaccess.READER]},
                  secured.cert)


def test_reporting_refuses_a_call_without_a_token_and_answers_a_reader(secured):
    if secured.stack.pid("reporting") is None:
        start_service(secured.stack, "reporting", {}, secured.cert)  # as projector_writer: see the test above
    with grpc.secure_channel(f"127.0.0.1:{secured.stack.ports['reporting'][0]}",
                             grpc.ssl_channel_credentials(secured.cert)) as channel:
        with pytest.raises(grpc.RpcError) as info:
            reporting_pb2_grpc.ReportingServiceStub(channel).ListStoredReports(
                reporting_pb2.ListStoredReportsRequest(), timeout=10)
        assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
        with pytest.raises(grpc.RpcError) as info:
            reporting_pb2_grpc.ReportingServiceStub(channel).ListStoredReports(
                reporting_pb2.ListStoredReportsRequest(), metadata=bearer("not-a-known-token"), timeout=10)
        assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
        for scope in ("reader", "tu_phap"):  # every known principal may read
            reporting_pb2_grpc.ReportingServiceStub(channel).ListStoredReports(
                reporting_pb2.ListStoredReportsRequest(), metadata=bearer(secured.tokens[scope]), timeout=10)


def test_no_token_and_no_password_appears_in_any_log(secured):
    secrets_used = [*secured.tokens.values(), "not-a-known-token", *secured.passwords.values()]
    logs = [*secured.folder.rglob("*.log")]
    assert any(log.name == "intake.log" for log in logs) and any(log.name == "projector.log" for log in logs)
    for log in logs:
        text = log.read_text(errors="replace")
        for secret in secrets_used:
            assert secret not in text, f"a secret appears in {log.name}"
        assert "Bearer " not in text, f"an authorization header appears in {log.name}"


def test_the_sql_for_a_clickhouse_server_grants_the_same_and_holds_no_password():
    hashes = {chaccess.WRITER: chaccess.sha256_hex("w-secret"), chaccess.READER: chaccess.sha256_hex("r-secret")}
    statements = chaccess.sql("motcua", hashes)
    assert not any("secret" in statement for statement in statements)
    for user, granted in chaccess.grants("motcua").items():
        assert f"CREATE USER IF NOT EXISTS {user} IDENTIFIED WITH sha256_hash BY '{hashes[user]}'" in statements
        assert [f"GRANT {grant} TO {user}" for grant in granted] == [s for s in statements if s.endswith(f" TO {user}")]
    with pytest.raises(ValueError):
        chaccess.grants("motcua; DROP DATABASE x")
