"""frontdesk: the rules of a customer-conversation inbox, written once in Rust.

Every command takes the acting user (a user id, or ``SYSTEM`` for the host
application) and ``now`` (a timezone-aware ``datetime``) and returns an
``Applied`` with the command's ``value`` and the ``events`` it caused (frozen
classes of ``frontdesk.events`` with a ``type`` discriminator). A refused
command raises a ``FrontdeskError`` subclass with a
stable ``code`` and changes nothing.

``Workspace(config)`` keeps everything in memory; ``frontdesk.open(url,
workspace_id)`` opens a durable one kept in SQLite (``sqlite:///abs/path.db``)
or PostgreSQL (``postgres://...``) with the same methods, plus ``refresh()``
and ``close_store()``.
"""

from dataclasses import dataclass
from typing import Literal, Optional, Tuple

from ._enums import *  # noqa: F403 (the generated enums, listed in _enums.__all__)
from ._errors import (
    ForbiddenError,
    FrontdeskError,
    InvalidInputError,
    InvariantError,
    MissingVariablesError,
    NotFoundError,
    QuerySyntaxError,
    StorageError,
    TemplateSyntaxError,
)
from . import events, query
from .events import Event
from ._frontdesk import (
    SNAPSHOT_FORMAT_VERSION,
    __version__,
    Inbound,
    Workspace,
    _preset,
    error_codes,
    normalize_phone,
    open,
)
from ._records import *  # noqa: F403 (the generated values, listed in _records.__all__)
from . import _enums, _records
from ._values import Applied, BulkOutcome, ExportOutcome, ResponseGoals, TemplateInfo

SYSTEM: Literal["system"] = "system"
"""The actor for the host application (integrations, the AI agent, webhooks)."""

EVERYONE: Literal["everyone"] = "everyone"
"""The visibility that lets every user see a conversation."""


@dataclass(frozen=True)
class WorkspaceConfig:
    """Settings of a workspace. Start from a preset and change fields with
    ``dataclasses.replace``; ``None`` turns a timer off."""

    closed_policy: ClosedPolicy = ClosedPolicy.REOPEN_ON_REPLY
    company_name: str = ""
    pending_after_secs: Optional[int] = 3600
    archive_after_secs: Optional[int] = 7 * 24 * 3600
    utc_offset_minutes: int = 0
    default_ai_mode: AiMode = AiMode.ACTIVE
    default_country_code: Optional[int] = None
    max_message_bytes: int = 64 * 1024
    routing: Tuple[RoutingStrategy, ...] = ()
    """The auto-assignment chain; empty: off."""
    priority_rules: Optional[str] = None
    """Priority rules as JSON text (``{"rules": [...]}``, docs/prioritization.md); None: no rules."""
    response_goals: Optional[ResponseGoals] = None
    """Response-time goals behind SLA warnings; None: no warnings."""
    notification_defaults: Optional[str] = None
    """Notification channels per alert kind for users without their own, as JSON text
    (``{"assigned_to_you": ["in_app", "email"], ...}``); None: the overview's settings."""
    pending_alert_after_secs: Optional[int] = None
    """A pending conversation with nothing exchanged this long raises "pending too long"; None: never."""
    presence_ttl_secs: int = 30
    """How long a viewing or typing signal lasts, in seconds."""
    ai_confidence_alert_below: int = 50
    """An AI reply whose confidence (percent) is below this raises "AI confidence low"."""

    @classmethod
    def reopen_on_reply(cls, company_name: str = "") -> "WorkspaceConfig":
        """The AI-assisted inbox: pending after 1 hour, archived 7 days after resolution,
        any message reopens a closed conversation."""
        return cls(**{**_preset("reopen_on_reply"), "company_name": company_name})

    @classmethod
    def new_conversation_after_close(cls, company_name: str = "") -> "WorkspaceConfig":
        """Helpdesk tickets: a closed conversation stays closed, new messages start a new one."""
        return cls(**{**_preset("new_conversation_after_close"), "company_name": company_name})


__all__ = [
    "Event",
    "events",
    "query",
    "__version__",
    "MissingVariablesError",
    "QuerySyntaxError",
    "ResponseGoals",
    "TemplateInfo",
    "TemplateSyntaxError",
    "SYSTEM",
    "EVERYONE",
    "SNAPSHOT_FORMAT_VERSION",
    "Applied",
    "BulkOutcome",
    "ExportOutcome",
    "ForbiddenError",
    "FrontdeskError",
    "Inbound",
    "InvalidInputError",
    "InvariantError",
    "NotFoundError",
    "StorageError",
    "Workspace",
    "WorkspaceConfig",
    "error_codes",
    "normalize_phone",
    # `open` is left out of __all__ so `from frontdesk import *` does not
    # shadow the builtin; call it as `frontdesk.open(...)`.
]
__all__ += _enums.__all__ + _records.__all__
