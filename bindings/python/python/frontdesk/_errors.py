"""Exceptions raised by frontdesk. Every one carries the stable ``code`` of the
core error (see docs/errors.md); the class says its family."""

from typing import TYPE_CHECKING, Any, Dict, Tuple

if TYPE_CHECKING:
    from ._records import MissingVariable, QueryDiagnostic, TemplateDiagnostic


class FrontdeskError(Exception):
    """A command or read was refused. ``code`` is the stable snake_case code."""

    code: str

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r}, code={self.code!r})"

    def __reduce__(self) -> Tuple[Any, Tuple[str, str], Dict[str, Any]]:
        # Rebuilt from message and code, then the details (diagnostics,
        # missing) from the instance dict, so errors cross process boundaries.
        return (type(self), (str(self), self.code), self.__dict__)


class NotFoundError(FrontdeskError):
    """Unknown id, or something the actor may not see (also deleted users and conversations)."""


class ForbiddenError(FrontdeskError):
    """The actor is not allowed to do this."""


class InvariantError(FrontdeskError):
    """A business rule refused the change (unpaid invoice, visibility, AI mode, ...)."""


class InvalidInputError(FrontdeskError):
    """The input is malformed (empty name, bad phone number, text too long, ...)."""


class StorageError(FrontdeskError):
    """The durable store failed (codes ``storage_unavailable``, ``storage_busy``,
    ``storage_too_new``); the command was not applied. See docs/storage.md."""


class QuerySyntaxError(InvalidInputError):
    """A search query does not parse (code ``query_syntax``); ``diagnostics``
    lists every problem (``QueryDiagnostic``) with its byte and UTF-16 spans."""

    diagnostics: Tuple["QueryDiagnostic", ...]

    def __init__(self, message: str, code: str, diagnostics: Tuple["QueryDiagnostic", ...] = ()) -> None:
        super().__init__(message, code)
        self.diagnostics = diagnostics


class TemplateSyntaxError(InvalidInputError):
    """A template does not parse (code ``template_syntax``); ``diagnostics``
    lists every problem (``TemplateDiagnostic``) with its span."""

    diagnostics: Tuple["TemplateDiagnostic", ...]

    def __init__(self, message: str, code: str, diagnostics: Tuple["TemplateDiagnostic", ...] = ()) -> None:
        super().__init__(message, code)
        self.diagnostics = diagnostics


class MissingVariablesError(InvalidInputError):
    """Rendering left placeholders without a value (code ``missing_variables``);
    ``missing`` lists each (``MissingVariable``) with its span."""

    missing: Tuple["MissingVariable", ...]

    def __init__(self, message: str, code: str, missing: Tuple["MissingVariable", ...] = ()) -> None:
        super().__init__(message, code)
        self.missing = missing
