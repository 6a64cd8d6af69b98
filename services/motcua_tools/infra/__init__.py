"""Local infrastructure launchers: a real Kafka broker and a real ClickHouse, no Docker needed."""
