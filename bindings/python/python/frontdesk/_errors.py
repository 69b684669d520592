"""Exceptions raised by frontdesk. Every one carries the stable ``code`` of the
core error (see docs/errors.md); the class says its family."""


class FrontdeskError(Exception):
    """A command or read was refused. ``code`` is the stable snake_case code."""

    code: str

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r}, code={self.code!r})"


class NotFoundError(FrontdeskError):
    """Unknown id, or something the actor may not see (also deleted users and conversations)."""


class ForbiddenError(FrontdeskError):
    """The actor is not allowed to do this."""


class InvariantError(FrontdeskError):
    """A business rule refused the change (unpaid invoice, visibility, AI mode, ...)."""


class InvalidInputError(FrontdeskError):
    """The input is malformed (empty name, bad phone number, text too long, ...)."""
