"""Credentials and scopes: hashed tokens from a file, checked fast, and who may submit what."""
from __future__ import annotations

import json

import pytest

from motcua import config
from motcua.auth import DEV_CENTER_TOKEN, Credentials, Principal, bearer_token, new_credential, permission_problem, token_sha256
from motcua.catalog import Catalog
from motcua.config import ConfigError

DEPARTMENTS = [d.code for d in Catalog.load().departments]
TU_PHAP = Principal("tu_phap", "department", "TU_PHAP")


def write(tmp_path, entries) -> Credentials:
    path = tmp_path / "credentials.json"
    path.write_text(json.dumps({"credentials": entries}))
    return Credentials.load(path, DEPARTMENTS)


def test_the_development_file_knows_every_department_and_the_documented_tokens():
    credentials = Credentials.load(config.load().credentials_file, DEPARTMENTS)
    assert credentials.principal([("authorization", f"Bearer {DEV_CENTER_TOKEN}")]).scope == "center"
    assert credentials.principal([("authorization", "Bearer dev-reader")]).scope == "reader"
    assert credentials.principal([("authorization", "Bearer dev-admin")]).scope == "admin"
    for code in DEPARTMENTS:
        assert credentials.principal([("authorization", f"Bearer dev-{code}")]).department == code


def test_a_token_is_found_by_its_hash_only(tmp_path):
    token, entry = new_credential("tu_phap", "department", "TU_PHAP")
    assert token not in json.dumps(entry) and entry["token_sha256"] == token_sha256(token)
    credentials = write(tmp_path, [entry])
    assert credentials.principal([("authorization", f"Bearer {token}")]) == TU_PHAP
    assert credentials.principal([("authorization", f"bearer {token}")]) == TU_PHAP
    assert credentials.principal([("authorization", f"Bearer {token}x")]) is None
    assert credentials.principal([("authorization", token)]) is None
    assert credentials.principal([]) is None and credentials.principal(None) is None


def test_bearer_token_reads_only_the_authorization_metadata():
    assert bearer_token([("x-token", "Bearer a"), ("authorization", "Bearer  b ")]) == "b"
    assert bearer_token([("authorization", "Basic abc")]) is None
    assert bearer_token([("authorization", "Bearer ")]) is None


@pytest.mark.parametrize("entry, problem", [
    ({"principal": "x", "scope": "owner", "token_sha256": "0" * 64}, "scope"),
    ({"principal": "", "scope": "center", "token_sha256": "0" * 64}, "principal"),
    ({"principal": "x", "scope": "center", "token_sha256": "abc"}, "token_sha256"),
    ({"principal": "x", "scope": "center", "token_sha256": "A" * 64}, "token_sha256"),
    ({"principal": "x", "scope": "department", "token_sha256": "0" * 64}, "department"),
    ({"principal": "x", "scope": "center", "department": "TU_PHAP", "token_sha256": "0" * 64}, "department"),
    ({"principal": "x", "scope": "department", "department": "NOWHERE", "token_sha256": "0" * 64}, "NOWHERE"),
    ("not an object", "object"),
])
def test_a_bad_entry_stops_the_service_at_start(tmp_path, entry, problem):
    with pytest.raises(ConfigError, match=problem):
        write(tmp_path, [entry])


def test_a_missing_empty_or_malformed_file_stops_the_service(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        Credentials.load(tmp_path / "absent.json", DEPARTMENTS)
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(ConfigError, match="invalid JSON"):
        Credentials.load(tmp_path / "bad.json", DEPARTMENTS)
    with pytest.raises(ConfigError, match="at least one"):
        write(tmp_path, [])
    same = {"principal": "a", "scope": "center", "token_sha256": "0" * 64}
    with pytest.raises(ConfigError, match="same token"):
        write(tmp_path, [same, {**same, "principal": "b"}])


@pytest.mark.parametrize("principal, type_name, department, allowed", [
    (TU_PHAP, "dossier.received", "TU_PHAP", True),
    (TU_PHAP, "dossier.received", "Y_TE", False),
    (TU_PHAP, "dossier.resolved", "", False),
    (TU_PHAP, "catalog.decision_published", "TU_PHAP", False),
    (TU_PHAP, "index766.published", "", False),
    (Principal("center", "center"), "dossier.received", "Y_TE", True),
    (Principal("center", "center"), "index766.published", "", True),
    (Principal("admin", "admin"), "catalog.decision_published", "TU_PHAP", True),
    (Principal("reader", "reader"), "survey.submitted", "TU_PHAP", False),
])
def test_who_may_submit_what(principal, type_name, department, allowed):
    assert (permission_problem(principal, type_name, department) is None) == allowed
