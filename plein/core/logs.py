"""Log records as one readable line each (``LOGGING`` in config/settings.py).

A record with an exception gets the exception's type and first line on the
same line, so ``grep ERROR`` shows what went wrong; the traceback follows
the line on the console unless a log file takes it (``LOG_FILE``).
"""

import logging

REASON_LENGTH = 200


class OneLineFormatter(logging.Formatter):
    """``time LEVEL logger: message (ExceptionType: reason)``, then maybe the traceback."""

    def __init__(self, *, datefmt: str | None = None, tracebacks: bool = True) -> None:
        super().__init__(datefmt=datefmt)
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        message, _newline, rest = record.getMessage().partition("\n")
        error = record.exc_info[1] if record.exc_info else None
        if error is not None:
            reason = str(error).strip().partition("\n")[0][:REASON_LENGTH]
            message += (
                f" ({type(error).__name__}: {reason})"
                if reason
                else (f" ({type(error).__name__})")
            )
        line = (
            f"{self.formatTime(record, self.datefmt)} {record.levelname} "
            f"{record.name}: {message}"
        )
        if not self.tracebacks:
            return line
        if rest:
            line += "\n" + rest
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line
