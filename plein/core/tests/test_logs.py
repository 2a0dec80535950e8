"""Log records are one readable line; tracebacks follow, or go to LOG_FILE."""

import logging
import sys

from plein.core.logs import OneLineFormatter
from plein.core.tests.test_settings import run_manage

RAISE_AND_LOG = (
    "import logging\n"
    "try:\n"
    "    {}['missing']\n"
    "except KeyError:\n"
    "    logging.getLogger('plein.demo').exception('task %s failed', 'deliver_post')\n"
)


def record(
    *, error: BaseException | None = None, message: str = "it broke"
) -> logging.LogRecord:
    exc_info = (type(error), error, error.__traceback__) if error else None
    return logging.LogRecord(
        "plein.x", logging.ERROR, __file__, 1, message, (), exc_info
    )


def failing() -> BaseException:
    try:
        raise ValueError("no such group\nsecond line")
    except ValueError:
        return sys.exc_info()[1]  # type: ignore[return-value]


def test_error_is_one_line_with_its_reason_when_a_file_takes_tracebacks() -> None:
    formatter = OneLineFormatter(datefmt="%H:%M", tracebacks=False)

    line = formatter.format(record(error=failing()))

    assert "\n" not in line
    assert line.endswith("ERROR plein.x: it broke (ValueError: no such group)")


def test_traceback_follows_the_line_on_the_console_without_a_log_file() -> None:
    formatter = OneLineFormatter(datefmt="%H:%M", tracebacks=True)

    first, *rest = formatter.format(record(error=failing())).splitlines()

    assert first.endswith("it broke (ValueError: no such group)")
    assert rest[0] == "Traceback (most recent call last):"
    assert rest[-1] == "second line"


def test_multi_line_message_keeps_its_first_line_only_without_tracebacks() -> None:
    formatter = OneLineFormatter(tracebacks=False)

    assert formatter.format(record(message="job failed\nTraceback…")).endswith(
        "ERROR plein.x: job failed"
    )


def test_settings_print_one_line_and_write_the_traceback_to_log_file(tmp_path) -> None:
    log_file = tmp_path / "plein.log"

    result = run_manage(
        "shell",
        "-c",
        RAISE_AND_LOG,
        PLEIN_DATA_DIR=str(tmp_path),
        LOG_FILE=str(log_file),
    )

    assert result.returncode == 0, result.stderr
    console = result.stderr.strip().splitlines()
    assert len(console) == 1
    assert console[0].endswith(
        "ERROR plein.demo: task deliver_post failed (KeyError: 'missing')"
    )
    written = log_file.read_text()
    assert "task deliver_post failed" in written
    assert "Traceback (most recent call last):" in written


def test_bad_log_level_is_refused_in_one_line(tmp_path) -> None:
    result = run_manage("check", PLEIN_DATA_DIR=str(tmp_path), LOG_LEVEL="LOUD")

    assert result.returncode != 0
    assert "LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL" in result.stderr
