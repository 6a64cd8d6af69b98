"""The reporting process's own settings. motcua.config owns the shared ones; these few only concern
reporting (schedule, live page, gauges, letterhead), so they are read here, once, at start, and a
bad value stops the process with a clear message."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from motcua.config import ConfigError
from reporting.model import DEFAULT_AGENCY
from reporting.scheduler import Schedule


def _bounded(name: str, default: int, low: int, high: int) -> int:
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not an integer") from None
    if not low <= value <= high:
        raise ConfigError(f"{name}={raw!r} must be between {low} and {high}")
    return value


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
    day = _bounded("MOTCUA_REPORT_DAY", 1, 0, 28)
    hour = _bounded("MOTCUA_REPORT_HOUR", 6, 0, 23)
    agency = {key: os.environ.get(f"MOTCUA_AGENCY_{key.upper()}") or value for key, value in DEFAULT_AGENCY.items()}
    return ReportingSettings(
        schedule=Schedule(day=day, hour=hour) if day else None,
        live_port=_bounded("MOTCUA_LIVE_PORT", 8080, 0, 65535),
        live_seconds=_bounded("MOTCUA_LIVE_SECONDS", 15, 1, 3600),
        agency=agency,
    )
