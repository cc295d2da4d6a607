"""The "schedule" snippet: the expression, what it means, and its next five runs in UTC."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from explorer.domain.content.schema import ParameterValue
from explorer.domain.schedules import describe, next_runs

RUN_COUNT = 5


def render(values: Mapping[str, ParameterValue], *, now: datetime | None = None) -> str:
    """Plain text for the scheduled-tasks pattern's schedule, as the configuration runs it.

    An EventBridge rule always runs in UTC; EventBridge Scheduler runs in `timezone`.
    """
    expression = str(values["schedule"])
    scheduler = values["scheduler"] == "scheduler"
    timezone = str(values["timezone"]) if scheduler else "UTC"
    service = "EventBridge Scheduler" if scheduler else "EventBridge rule (always UTC)"
    runs = next_runs(expression, count=RUN_COUNT, start=now, timezone=timezone)
    lines = [
        f"Schedule expression: {expression}",
        f"Service:             {service}",
        f"Time zone:           {timezone}",
        f"In words:            {describe(expression, timezone)}",
        "",
        f"Next {len(runs)} runs (UTC):",
        *(f"  {run:%a %Y-%m-%d %H:%M} UTC" for run in runs),
    ]
    if len(runs) < RUN_COUNT:
        lines.append("  (no later runs: the expression's years end)")
    return "\n".join(lines) + "\n"
