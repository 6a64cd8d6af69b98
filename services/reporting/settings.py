"""The reporting process's own settings, from what motcua.config read of the environment (it alone
reads it): the schedule, the live page and the letterhead. A bad value has stopped the process there,
with a clear message."""
from __future__ import annotations

from dataclasses import dataclass, field

from motcua.config import load_reporting
from reporting.model import DEFAULT_AGENCY
from reporting.scheduler import Schedule


@dataclass(frozen=True)
class ReportingSettings:
    schedule: Schedule | None = Schedule()   # None: no scheduled generation
    live_port: int = 8080                     # 0: no live page
    live_seconds: int = 15                    # how often the live figures and gauges are refreshed
    agency: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_AGENCY))


def load() -> ReportingSettings:
    """MOTCUA_REPORT_DAY (1-28, 0 = off; default 1), MOTCUA_REPORT_HOUR (0-23; default 6),
    MOTCUA_LIVE_PORT (default 8080, 0 = off), MOTCUA_LIVE_SECONDS (1-3600; default 15),
    MOTCUA_AGENCY_PROVINCE / _ISSUER / _CENTER (the letterhead; default Hà Nam's)."""
    env = load_reporting()
    return ReportingSettings(
        schedule=Schedule(day=env.report_day, hour=env.report_hour) if env.report_day else None,
        live_port=env.live_port,
        live_seconds=env.live_seconds,
        agency={**DEFAULT_AGENCY, **env.agency},
    )
