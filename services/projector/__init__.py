"""Projector: folds the event log (Kafka) into ClickHouse read models, exactly once, in any order."""
