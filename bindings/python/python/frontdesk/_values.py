"""Value objects of views, search, metrics, routing, priority and templates.

They are frozen dataclasses built by the compiled module from the core's
values: snapshots that do not change when the workspace does. Times are aware
``datetime`` objects in UTC; durations are whole milliseconds.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Optional, Tuple, Union

from ._enums import AiMode, Channel, Mode, Priority, RoutingStrategy, Sort, Status, TimeRange, View


@dataclass(frozen=True)
class ListRow:
    """One conversation as a list (view or search result) shows it."""

    conversation: int
    internal: bool
    contact: Optional[int]
    title: str
    preview: str
    last_activity_at: datetime
    channel: Channel
    unread: int
    unreplied: int
    status: Status
    priority: Priority
    assignees: Tuple[int, ...]
    ai_mode: AiMode


@dataclass(frozen=True)
class Page:
    """One page of a list; ``next`` is the cursor of the next page (None: last page)."""

    rows: Tuple[ListRow, ...]
    next: Optional[str]


@dataclass(frozen=True)
class Tiles:
    """The dashboard tiles and the count of every view, for one viewer."""

    assigned_to_me: int
    my_unreplied_messages: int
    unassigned: int
    unreplied_messages: int
    unread_conversations: int
    team_inbox: int
    in_progress: int
    closed: int
    my_inbox: int
    needs_my_attention: int
    waiting_for_customer: int


@dataclass(frozen=True)
class ConversationMetrics:
    """Figures of one conversation (durations in ms)."""

    duration_ms: int
    messages: int
    notes: int
    first_response_ms: Optional[int]
    average_response_ms: Optional[int]
    resolution_ms: Optional[int]
    handled_by_human: bool
    handled_by_ai: bool


@dataclass(frozen=True)
class InboxMetrics:
    """Figures of a set of customer conversations (a workspace or an agent's)."""

    conversations: int
    new_today: int
    resolved_today: int
    backlog: int
    average_first_response_ms: Optional[int]
    resolution_rate: Optional[float]
    handled_by_ai: int
    handled_by_humans: int
    ai_share: Optional[float]
    satisfaction_ratings: int = 0
    average_satisfaction: Optional[float] = None


@dataclass(frozen=True)
class RoutingDecision:
    """What auto-assignment decided and why. ``outcome`` is "assign", "queue"
    or "not_routed"; ``users`` and ``strategy`` are set for "assign"."""

    conversation: int
    outcome: str
    users: Tuple[int, ...]
    strategy: Optional[RoutingStrategy]
    reason: str


@dataclass(frozen=True)
class FiredRule:
    """A priority rule that fired."""

    rule_id: str
    priority: Priority
    reason: str


@dataclass(frozen=True)
class PriorityDecision:
    """The priority the rules ask for (None: none fired) and which rules fired."""

    priority: Optional[Priority]
    fired: Tuple[FiredRule, ...]


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


@dataclass(frozen=True)
class TemplateMatch:
    """A template found for what the agent typed after ``/``; ``kind`` says how it matched."""

    name: str
    kind: str


@dataclass(frozen=True)
class VariableInfo:
    """A variable of a template: its key, where it appears (byte spans), its default."""

    key: str
    spans: Tuple[Tuple[int, int], ...]
    default: Optional[str]
    required: bool


@dataclass(frozen=True)
class TemplateVariables:
    """The variables filled from the conversation, and those the agent fills in."""

    automatic: Tuple[VariableInfo, ...]
    manual: Tuple[VariableInfo, ...]


@dataclass(frozen=True)
class SqlContext:
    """What compiled search SQL needs to run as a viewer."""

    viewer: int
    is_admin: bool
    now: datetime
    utc_offset_minutes: int


@dataclass(frozen=True)
class QueryFix:
    """A suggested edit: replace the bytes ``span`` with ``replacement``."""

    span: Tuple[int, int]
    replacement: str


@dataclass(frozen=True)
class QueryDiagnostic:
    """One problem in a search query: spans in UTF-8 bytes and in UTF-16 code units."""

    code: str
    severity: str
    message: str
    span: Tuple[int, int]
    utf16_span: Tuple[int, int]
    fixes: Tuple[QueryFix, ...]


@dataclass(frozen=True)
class TemplateDiagnostic:
    """One problem in a template's text (span in bytes)."""

    code: str
    message: str
    span: Tuple[int, int]


@dataclass(frozen=True)
class MissingVariable:
    """A placeholder left without a value or default (span in bytes)."""

    variable: str
    span: Tuple[int, int]


@dataclass(frozen=True)
class SavedFilter:
    """A saved filter: a named query on a view with the view's filters.
    ``owner`` is None for the host's filters (always shared); ``query`` is in
    canonical form (empty: none); ``time_range`` is a ``TimeRange`` or a
    ``(start, end)`` tuple."""

    id: int
    name: str
    owner: Optional[int]
    shared: bool
    query: str
    view: View
    sort: Sort
    channel: Optional[Channel]
    status: Optional[Status]
    priority: Optional[Priority]
    ai_mode: Optional[AiMode]
    tag: Optional[str]
    time_range: Optional[Union[TimeRange, Tuple[datetime, datetime]]]
    mode: Optional[Mode]
    campaign: Optional[str]
    created_at: datetime


@dataclass(frozen=True)
class SavedFilterCount:
    """A saved filter as a viewer lists it, with how many conversations it
    holds for that viewer now."""

    filter: SavedFilter
    count: int


@dataclass(frozen=True)
class FeedRow:
    """A row of a watched view as it is now: place it by ``group`` (ascending),
    then ``row.last_activity_at`` and ``row.conversation`` (descending, ascending
    for ``Sort.OLDEST``); ``cursor`` is the same position as a view cursor."""

    row: ListRow
    group: int
    cursor: str


@dataclass(frozen=True)
class FeedView:
    """What changed in one watched view: rows that entered, changed (updated or
    moved) and left, and the new row count when it changed."""

    view: View
    sort: Sort
    entered: Tuple[FeedRow, ...]
    changed: Tuple[FeedRow, ...]
    left: Tuple[int, ...]
    count: Optional[int]


@dataclass(frozen=True)
class Feed:
    """What changed for one viewer since their last ``take_feed``: per watched
    view, the new tiles when they changed, and the ids they can no longer see
    (``gone``). ``reset``: read the views again."""

    viewer: int
    reset: bool
    views: Tuple[FeedView, ...]
    tiles: Optional[Tiles]
    gone: Tuple[int, ...]
