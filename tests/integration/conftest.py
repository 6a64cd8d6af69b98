"""Fixtures the integration layer shares."""
from __future__ import annotations

import uuid

import pytest

from motcua.chschema import connect, migrate


@pytest.fixture(scope="module")
def migrated_database(infra_settings):
    """A database of the module's own with every migration applied: (client, its name)."""
    client = connect(infra_settings, compress=False)
    name = f"m_{uuid.uuid4().hex[:10]}"
    migrate(client, name)
    yield client, name
    client.command(f"DROP DATABASE IF EXISTS {name} SYNC")
