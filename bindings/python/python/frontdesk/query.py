"""The search query language outside a workspace: ``parse`` (the canonical form
with every error and warning), ``compile_sql`` (a query as SQL over the
reference schema, with the viewer's visibility applied) and ``export_rows``
(a workspace's rows for that schema)."""

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, Literal, Tuple, Union

from ._frontdesk import _compile_sql, _parse_query, _sql_schema
from ._records import QueryDiagnostic, SqlContext

if TYPE_CHECKING:
    from ._frontdesk import Workspace

Dialect = Literal["postgres", "sqlite"]
SqlValue = Union[None, bool, int, str]


@dataclass(frozen=True)
class ParsedQuery:
    """A query parsed leniently: ``query`` is its canonical form (invalid terms
    left out), ``diagnostics`` every error and warning in input order."""

    query: str
    diagnostics: Tuple[QueryDiagnostic, ...]

    @property
    def errors(self) -> Tuple[QueryDiagnostic, ...]:
        """The diagnostics that make a strict parse (``search``) fail."""
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> Tuple[QueryDiagnostic, ...]:
        """The diagnostics that do not."""
        return tuple(d for d in self.diagnostics if d.severity != "error")


@dataclass(frozen=True)
class CompiledSql:
    """A ``SELECT c.id FROM conversations c WHERE ... ORDER BY c.id`` statement
    and the values of its placeholders (``$1`` for PostgreSQL, ``?1`` for SQLite)."""

    sql: str
    params: Tuple[Union[int, str], ...]


@dataclass(frozen=True)
class SqlTable:
    """The rows of one table of the reference schema, one value per column."""

    name: str
    columns: Tuple[str, ...]
    rows: Tuple[Tuple[SqlValue, ...], ...]


def parse(query: str) -> ParsedQuery:
    """Parses ``query`` without raising: the valid parts and every diagnostic."""
    canonical, diagnostics = _parse_query(query)
    return ParsedQuery(canonical, diagnostics)


def compile_sql(query: str, context: SqlContext, dialect: Dialect = "postgres") -> CompiledSql:
    """Compiles ``query`` (parsed strictly: errors raise ``QuerySyntaxError``)
    for the viewer of ``context`` (``Workspace.sql_context``)."""
    out = json.loads(
        _compile_sql(query, context.viewer, context.is_admin, context.now, context.utc_offset_minutes, dialect)
    )
    return CompiledSql(out["sql"], tuple(p["value"] for p in out["params"]))


def schema(dialect: Dialect = "postgres") -> str:
    """The reference schema's ``CREATE TABLE`` statements."""
    return _sql_schema(dialect)


def _value(v: Dict[str, Any]) -> SqlValue:
    value: SqlValue = v.get("value")
    return value


def export_rows(workspace: "Workspace") -> Tuple[SqlTable, ...]:
    """Every row of ``workspace`` for the reference schema, parents first."""
    out = json.loads(workspace._export_rows())
    return tuple(
        SqlTable(t["name"], tuple(t["columns"]), tuple(tuple(_value(v) for v in row) for row in t["rows"]))
        for t in out["tables"]
    )


__all__ = ["CompiledSql", "Dialect", "ParsedQuery", "SqlTable", "SqlValue", "compile_sql", "export_rows", "parse", "schema"]
