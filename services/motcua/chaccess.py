"""Least-privilege ClickHouse users: the projector writes its database, reporting reads it.

`projector_writer` may create and change the tables of one database (migrations, rebuilds) and write
and read them; `reporting_reader` may read that database and add stored reports (its scheduler keeps
each month's report model in `reports`), nothing else. Neither can touch another database, users or
the server.

On a ClickHouse server an operator applies `python -m motcua.chaccess sql` (CREATE USER, GRANT; only
password hashes are printed). The local ClickHouse (clickhouse-local from chdb) has no writable access
storage, so CREATE USER fails there (ACCESS_STORAGE_FOR_INSERTION_NOT_FOUND): `install` writes the same
users and grants as a users.xml in its folder, with `config.d/` pointing at it, before it starts. There
the passwordless `default` user, which the embedded engine itself logs in as, keeps only what the
launcher needs: to open the listeners and to stop its keep-alive query.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from motcua.tables import REPORTS, identifier

WRITER, READER = "projector_writer", "reporting_reader"
ENGINES = ("Atomic", "MergeTree", "ReplacingMergeTree", "AggregatingMergeTree")  # those of schema/*.sql
HOUSEKEEPING = ("SYSTEM LISTEN ON *.*", "KILL QUERY ON *.*", "SELECT ON system.processes")


def grants(database: str) -> dict[str, list[str]]:
    identifier(database)
    return {
        WRITER: [f"SELECT, INSERT, ALTER, CREATE DATABASE, CREATE TABLE, CREATE VIEW, DROP TABLE, DROP VIEW, "
                 f"TRUNCATE, OPTIMIZE, SHOW TABLES ON {database}.*",
                 *(f"TABLE ENGINE ON {engine}" for engine in ENGINES)],
        READER: [f"SELECT, SHOW TABLES ON {database}.*", f"INSERT ON {database}.{REPORTS}"],
    }


def sha256_hex(password: str) -> str:
    return hashlib.sha256(password.encode()).hexdigest()


def sql(database: str, password_hashes: dict[str, str]) -> list[str]:
    """Statements for a ClickHouse server with SQL-driven access control."""
    statements = []
    for user, granted in grants(database).items():
        statements.append(f"CREATE USER IF NOT EXISTS {user} IDENTIFIED WITH sha256_hash BY '{password_hashes[user]}'")
        statements += [f"GRANT {grant} TO {user}" for grant in granted]
    return statements


def _user_xml(name: str, password_hash: str | None, granted: list[str] | tuple[str, ...]) -> str:
    password = (f"<password_sha256_hex>{password_hash}</password_sha256_hex>" if password_hash
                else "<password></password>")
    queries = "".join(f"<query>GRANT {escape(g)}</query>" for g in granted)
    return (f"    <{name}>{password}<networks><ip>127.0.0.1</ip><ip>::1</ip></networks>"
            f"<profile>default</profile><quota>default</quota><grants>{queries}</grants></{name}>\n")


def users_xml(database: str, password_hashes: dict[str, str]) -> str:
    users = _user_xml("default", None, HOUSEKEEPING)
    users += "".join(_user_xml(user, password_hashes[user], granted) for user, granted in grants(database).items())
    return ("<clickhouse>\n  <profiles><default/></profiles>\n  <quotas><default/></quotas>\n"
            f"  <users>\n{users}  </users>\n</clickhouse>\n")


def install(workdir: Path, database: str, passwords: dict[str, str]) -> Path:
    """Write the users of `database` for the local ClickHouse in `workdir` (before it starts)."""
    users = workdir / "users.xml"
    (workdir / "config.d").mkdir(parents=True, exist_ok=True)
    users.write_text(users_xml(database, {u: sha256_hex(p) for u, p in passwords.items()}))
    users.chmod(0o600)
    (workdir / "config.d" / "access.xml").write_text(
        "<clickhouse>\n  <user_directories replace=\"replace\">\n"
        f"    <users_xml><path>{escape(str(users))}</path></users_xml>\n"
        "  </user_directories>\n</clickhouse>\n")
    return users


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m motcua.chaccess", description=__doc__.split("\n\n")[0])
    parser.add_argument("format", choices=["sql", "xml"])
    parser.add_argument("--database", default="motcua")
    parser.add_argument("--writer-password-file", type=Path, required=True)
    parser.add_argument("--reader-password-file", type=Path, required=True)
    args = parser.parse_args(argv)
    hashes = {WRITER: sha256_hex(args.writer_password_file.read_text().strip()),
              READER: sha256_hex(args.reader_password_file.read_text().strip())}
    print(";\n".join(sql(args.database, hashes)) + ";" if args.format == "sql" else users_xml(args.database, hashes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
