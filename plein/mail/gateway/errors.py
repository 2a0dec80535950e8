"""Why the gateway refuses a message, as SMTP replies and sysexits codes.

Each error carries the SMTP status (5xx permanent, 4xx try again later),
the enhanced status code and the exit code ``plein mail-in`` returns to a
Postfix pipe transport (sysexits.h).
"""

EX_OK = 0
EX_DATAERR = 65
EX_NOUSER = 67
EX_TEMPFAIL = 75
EX_NOPERM = 77


class GatewayError(Exception):
    smtp_code = 554
    enhanced = "5.6.0"
    exit_code = EX_DATAERR

    def __init__(self, reason: str) -> None:
        self.reason = str(reason)
        super().__init__(self.reason)

    @property
    def is_permanent(self) -> bool:
        return self.smtp_code >= 500

    def smtp_reply(self) -> str:
        text = " ".join(self.reason.split()).encode("ascii", "replace").decode()
        return f"{self.smtp_code} {self.enhanced} {text}"


class MalformedMail(GatewayError):
    """Broken MIME, bombs, missing From: the message itself is the problem."""


class MessageTooBig(GatewayError):
    smtp_code = 552
    enhanced = "5.3.4"


class UnknownAddress(GatewayError):
    """Unknown or deactivated sender, or a recipient address that is not ours."""

    smtp_code = 550
    enhanced = "5.1.1"
    exit_code = EX_NOUSER


class NotAllowed(GatewayError):
    """A known sender without the right, or a From that failed authentication."""

    smtp_code = 550
    enhanced = "5.7.1"
    exit_code = EX_NOPERM


class TemporaryFailure(GatewayError):
    """The database is busy or down: the mail server should try again later."""

    smtp_code = 451
    enhanced = "4.3.0"
    exit_code = EX_TEMPFAIL


class SenderRateLimited(TemporaryFailure):
    """One sender handed in more than MAIL_MAX_PER_SENDER_PER_HOUR messages this hour."""

    enhanced = "4.7.1"
