"""The two kinds of stage failure: worth retrying, or not."""


class StageError(Exception):
    """A failure with a machine-readable code and a reason an editor understands."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class TransientError(StageError):
    """A failure that may go away by itself (timeouts, 5xx, resets): retried with backoff."""
