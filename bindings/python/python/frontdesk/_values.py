"""Value objects of templates, query diagnostics and response goals (the
other values are generated into ``frontdesk._records`` from the core)."""

from dataclasses import dataclass
from typing import Optional, Tuple


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
