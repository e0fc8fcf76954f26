"""The one error type the app shows to a user: a code (for the i18n message), a plain message, params."""


class LabError(ValueError):
    """A user-facing error. `code` selects the translated message `error.<code>` in core.i18n;
    `params` fill its placeholders; str(err) is the English message (CLI, logs)."""

    def __init__(self, code: str, message: str, **params):
        super().__init__(message)
        self.code = code
        self.params = params
