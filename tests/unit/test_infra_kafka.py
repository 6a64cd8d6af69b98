"""The local broker's cluster id: Kafka's form, and never one its storage tool reads as an option."""
from __future__ import annotations

import base64
import uuid

from motcua_tools.infra import kafka


def test_a_cluster_id_never_starts_with_a_dash(monkeypatch):
    leading_dash = uuid.UUID(bytes=b"\xf8" + bytes(15))  # 0b111110.. is '-' in URL-safe base64
    plain = uuid.UUID(bytes=bytes(16))
    drawn = iter([leading_dash, plain])
    monkeypatch.setattr(kafka.uuid, "uuid4", lambda: next(drawn))
    assert base64.urlsafe_b64encode(leading_dash.bytes).decode().startswith("-")
    assert kafka._kafka_uuid() == "AAAAAAAAAAAAAAAAAAAAAA"


def test_a_cluster_id_is_16_bytes_in_url_safe_base64():
    cluster_id = kafka._kafka_uuid()
    assert len(cluster_id) == 22 and len(base64.urlsafe_b64decode(cluster_id + "==")) == 16
