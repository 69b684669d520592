"""The values written by hand: a command's result, the batch outcomes,
response goals (the one a user builds) and template info (read through the
core's methods); every other value is generated into ``frontdesk._records``
from the core."""

from dataclasses import dataclass
from typing import Generic, List, Optional, TypeVar

from ._errors import FrontdeskError
from ._records import Transcript
from .events import Event

_V = TypeVar("_V")


@dataclass(frozen=True)
class Applied(Generic[_V]):
    """What a command returned (``value``: a new id, a ``Delivered``, a chosen
    user, or None) and the events it caused, in order (``events``)."""

    value: _V
    events: List[Event]


@dataclass(frozen=True)
class BulkOutcome:
    """What a bulk action did to one conversation: its events, or the
    ``FrontdeskError`` that left it unchanged."""

    conversation: int
    events: Optional[List[Event]]
    error: Optional[FrontdeskError]


@dataclass(frozen=True)
class ExportOutcome:
    """One conversation of a bulk export: its transcript, or the refusal."""

    conversation: int
    transcript: Optional[Transcript]
    error: Optional[FrontdeskError]


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
