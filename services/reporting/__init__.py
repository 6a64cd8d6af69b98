"""Reporting: read-only gRPC queries over ClickHouse, and the monthly report."""
