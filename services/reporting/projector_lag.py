"""How far the projector is behind: records on the command topics its consumer group has not committed.
The live page warns from it; the admin client is made on first use and kept (Kafka may come up later)."""
from __future__ import annotations

from motcua.config import Settings


class ProjectorLag:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.admin = None

    def __call__(self) -> int:
        from kafka.admin import KafkaAdminClient

        from projector.app import group_id
        from projector.metrics import consumer_lag

        if self.admin is None:
            self.admin = KafkaAdminClient(bootstrap_servers=self.settings.kafka_servers,
                                          client_id="motcua-reporting-live")
        return sum(consumer_lag(self.admin, group_id(self.settings), self.settings.command_topics).values())

    def close(self) -> None:
        if self.admin is not None:
            self.admin.close()
