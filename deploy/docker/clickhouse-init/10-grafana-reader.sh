#!/bin/bash
# Run once by the clickhouse-server image on an empty data volume (/docker-entrypoint-initdb.d):
# a read-only user for Grafana, allowed to SELECT from the motcua database and nothing else.
set -euo pipefail
clickhouse client --host 127.0.0.1 --user "$CLICKHOUSE_USER" --password "$CLICKHOUSE_PASSWORD" --multiquery <<SQL
CREATE DATABASE IF NOT EXISTS motcua;
CREATE USER IF NOT EXISTS ${CLICKHOUSE_READER_USER} IDENTIFIED WITH sha256_password BY '${CLICKHOUSE_READER_PASSWORD}'
    SETTINGS readonly = 1;
GRANT SELECT ON motcua.* TO ${CLICKHOUSE_READER_USER};
SQL
