"""The reporting process's own settings, from what motcua.config read of the environment (it alone
reads it): the schedule, the live page and the letterhead. A bad value has stopped the process there,
with a clear message."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from motcua.config import load_reporting
from reporting.model import DEFAULT_AGENCY
from reporting.scheduler import Schedule


@dataclass(frozen=True)
class ReportingSettings:
    schedule: Schedule | None = Schedule()   # None: no scheduled generation
    live_port: int = 8080                     # 0: no live page
    live_seconds: int = 15                    # how often the live figures and gauges are refreshed
    agency: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_AGENCY))
    live_stale_seconds: int = 900             # the live page warns when its data is older than this


def load() -> ReportingSettings:
    """MOTCUA_REPORT_DAY (1-28, 0 = off; default 1), MOTCUA_REPORT_HOUR (0-23; default 6),
    MOTCUA_LIVE_PORT (default 8080, 0 = off), MOTCUA_LIVE_SECONDS (1-3600; default 15),
    MOTCUA_AGENCY_PROVINCE / _ISSUER / _CENTER (the letterhead; default Hà Nam's), MOTCUA_AGENCY_SIGNER_NAME,
    _SIGNER_TITLE and _RECIPIENTS (lines split by "|"), _DOCUMENT_NUMBER (default: the April 2023 report's),
    MOTCUA_LIVE_STALE_SECONDS (10-86400; default 900)."""
    env = load_reporting()
    return ReportingSettings(
        schedule=Schedule(day=env.report_day, hour=env.report_hour) if env.report_day else None,
        live_port=env.live_port,
        live_seconds=env.live_seconds,
        agency={**DEFAULT_AGENCY, **signature(env.agency)},
        live_stale_seconds=env.live_stale_seconds,
    )


def signature(values: dict[str, str]) -> dict[str, Any]:
    """The environment's strings as the model's agency keys: several-line values become lists."""
    agency: dict[str, Any] = dict(values)
    if "signer_title" in agency:
        agency["signer_lines"] = [line.strip() for line in agency.pop("signer_title").split("|") if line.strip()]
    if "recipients" in agency:
        agency["recipients"] = [line.strip() for line in agency["recipients"].split("|") if line.strip()]
    return agency
