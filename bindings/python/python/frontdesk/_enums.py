"""The enums of frontdesk. Each is a ``str`` enum, so a member compares equal to
its name (``Status.OPEN == "open"``) and every method also accepts the plain
string."""

from enum import Enum


class _StrEnum(str, Enum):
    def __str__(self) -> str:
        return str(self.value)


class Status(_StrEnum):
    """Where a conversation stands: open ("active"), pending, resolved ("closed"), archived."""

    OPEN = "open"
    PENDING = "pending"
    RESOLVED = "resolved"
    ARCHIVED = "archived"


class Priority(_StrEnum):
    """How urgent a conversation is, lowest first."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Channel(_StrEnum):
    """A communication channel."""

    WEBCHAT = "webchat"
    WHATSAPP = "whatsapp"
    SMS = "sms"
    EMAIL = "email"
    TELEPHONY = "telephony"
    LINKEDIN = "linkedin"
    INTERNAL = "internal"


class AiMode(_StrEnum):
    """Who answers the customer: the AI (active), nobody automatically (paused), humans only (manual)."""

    ACTIVE = "active"
    PAUSED = "paused"
    MANUAL = "manual"


class Role(_StrEnum):
    """What a user may do."""

    ADMIN = "admin"
    AGENT = "agent"


class Availability(_StrEnum):
    """Whether a user can take conversations now."""

    ONLINE = "online"
    AWAY = "away"
    OFFLINE = "offline"


class ClosedPolicy(_StrEnum):
    """What a message to a closed conversation does."""

    REOPEN_ON_REPLY = "reopen_on_reply"
    NEW_CONVERSATION_AFTER_CLOSE = "new_conversation_after_close"


class Origin(_StrEnum):
    """How a conversation came to be."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"
    CONTINUED = "continued"
    INTERNAL = "internal"


class MessageKind(_StrEnum):
    """Text, private note, invoice or checkout."""

    TEXT = "text"
    NOTE = "note"
    INVOICE = "invoice"
    CHECKOUT = "checkout"


class PaymentKind(_StrEnum):
    """An invoice (blocks closing while unpaid) or a checkout link."""

    INVOICE = "invoice"
    CHECKOUT = "checkout"


class PaymentState(_StrEnum):
    """Payment state of an invoice or checkout."""

    UNPAID = "unpaid"
    PAID = "paid"
    CANCELLED = "cancelled"


class Audience(_StrEnum):
    """Who a transcript is for: the customer (no private notes) or the team."""

    CUSTOMER = "customer"
    TEAM = "team"


class BulkAction(_StrEnum):
    """An action applied to many conversations by ``Workspace.bulk``."""

    ASSIGN = "assign"
    AUTO_ASSIGN = "auto_assign"
    ASSIGN_TEAM = "assign_team"
    SET_STATUS = "set_status"
    SET_PRIORITY = "set_priority"
    ARCHIVE = "archive"
    DELETE = "delete"


class RoutingStrategy(_StrEnum):
    """One step of an auto-assignment chain."""

    CONTACT_OWNER = "contact_owner"
    SKILL_BASED = "skill_based"
    PRIORITY_BASED = "priority_based"
    LOAD_BALANCING = "load_balancing"
    ROUND_ROBIN = "round_robin"


class View(_StrEnum):
    """An inbox list, always seen by a viewer."""

    TEAM_INBOX = "team_inbox"
    UNASSIGNED = "unassigned"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"
    MY_INBOX = "my_inbox"
    NEEDS_MY_ATTENTION = "needs_my_attention"
    WAITING_FOR_CUSTOMER = "waiting_for_customer"
    ACTIVE = "active"
    PENDING = "pending"
    RESOLVED_TODAY = "resolved_today"
    READY_TO_CLOSE = "ready_to_close"
    NEEDS_REVIEW = "needs_review"
    WEBCHAT_INBOX = "webchat_inbox"
    WHATSAPP_INBOX = "whatsapp_inbox"
    SMS_INBOX = "sms_inbox"
    EMAIL_INBOX = "email_inbox"
    TELEPHONY_INBOX = "telephony_inbox"
    LINKEDIN_INBOX = "linkedin_inbox"


class Mode(_StrEnum):
    """The quick "Mode" filter: who answers the customer ("all" is no filter)."""

    ALL = "all"
    AI_HANDLED = "ai_handled"
    MANUAL = "manual"


class Sort(_StrEnum):
    """The order of a list or of search results."""

    RECENT = "recent"
    OLDEST = "oldest"
    PRIORITY = "priority"
    CHANNEL = "channel"
    ASSIGNMENT = "assignment"


class TimeRange(_StrEnum):
    """A last-activity window in the workspace time zone (a custom range is a
    ``(start, end)`` tuple of aware datetimes instead)."""

    LAST_HOUR = "last_hour"
    TODAY = "today"
    THIS_WEEK = "this_week"
    THIS_MONTH = "this_month"
