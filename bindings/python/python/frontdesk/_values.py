"""The values written by hand: response goals (the one a user builds) and
template info (read through the core's methods); every other value is
generated into ``frontdesk._records`` from the core."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ResponseGoals:
    """Response-time goals per priority, in seconds (SLA warnings)."""

    urgent_secs: int = 900
    high_secs: int = 3600
    normal_secs: int = 7200
    low_secs: int = 86400


@dataclass(frozen=True)
class TemplateInfo:
    """A reply template kept by the workspace."""

    name: str
    source: str
    whatsapp_approved: bool
