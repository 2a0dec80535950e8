"""Running Plein's processes side by side for ``plein serve --with-worker``.

The supervisor starts each process, restarts the ones that die (the worker,
the scheduler, the mail gateway) with back-off, and stops everything on
Ctrl-C or SIGTERM: SIGTERM to each, a second SIGTERM after ``grace`` seconds
(the worker then puts its current task back in the queue), SIGKILL after
twice that. The web server is *essential*: when it stops, so does the rest,
and ``run`` returns its exit code.

Each child runs in a session of its own, so Ctrl-C in the terminal reaches
the supervisor only and the stop is orderly; on Linux a child also gets
SIGTERM when the supervisor dies, even of ``kill -9``, so nothing is left
behind holding the ports.
"""

import contextlib
import ctypes
import ctypes.util
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType

logger = logging.getLogger(__name__)

# A child that ran this long before dying starts again after one second;
# one that keeps dying sooner waits twice as long each time, up to a minute.
STABLE_SECONDS = 60.0
MAX_BACKOFF_SECONDS = 60.0
PR_SET_PDEATHSIG = 1


@dataclass
class Child:
    """One process the supervisor runs."""

    name: str
    argv: list[str]
    essential: bool = False
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    quick_deaths: int = 0
    restart_at: float | None = None
    env: dict[str, str] | None = field(default=None, repr=False)


def _die_with_parent(parent_pid: int) -> Callable[[], None]:
    def prepare() -> None:
        # Runs in the child between fork and exec: ask Linux for SIGTERM
        # when the parent dies, and go at once if it died already.
        if sys.platform.startswith("linux"):
            libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent_pid:
            os._exit(1)

    return prepare


class Supervisor:
    """Start, watch and stop a set of child processes (see the module docstring)."""

    def __init__(
        self,
        children: list[Child],
        *,
        grace: float = 10.0,
        on_ready: Callable[[], bool] | None = None,
    ) -> None:
        self.children = children
        self.grace = grace
        # Called each pass until it returns True (e.g. "the port answers").
        self.on_ready = on_ready
        self.stopping = threading.Event()
        self.forced = False

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        """Signal handler: the first signal stops in order, the second at once."""
        if self.stopping.is_set():
            self.forced = True
        self.stopping.set()

    def start(self, child: Child) -> None:
        child.process = subprocess.Popen(  # noqa: S603 - our own commands
            child.argv,
            env=child.env,
            start_new_session=True,
            # Safe here: the supervisor runs no threads that could hold a lock.
            preexec_fn=_die_with_parent(os.getpid()),
        )
        child.started_at = time.monotonic()
        child.restart_at = None
        logger.debug("started %s (pid %d)", child.name, child.process.pid)

    def run(self) -> int:
        """Run until stopped or the essential child ends; its exit code, or 0."""
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self.request_stop)
        code = 0
        try:
            for child in self.children:
                self.start(child)
            while not self.stopping.is_set():
                ended = self.watch()
                if ended is not None:
                    code = ended
                    break
                if self.on_ready is not None and self.on_ready():
                    self.on_ready = None
                self.stopping.wait(0.2)
        finally:
            self.stop_all()
        return code

    def watch(self) -> int | None:
        """One pass: restart what died and is due; the code if the essential one ended."""
        now = time.monotonic()
        for child in self.children:
            if child.process is None:
                if child.restart_at is not None and now >= child.restart_at:
                    self.start(child)
                continue
            code = child.process.poll()
            if code is None:
                continue
            child.process = None
            if child.essential:
                logger.error("%s stopped (exit code %s)", child.name, code)
                return code
            if now - child.started_at >= STABLE_SECONDS:
                child.quick_deaths = 0
            child.quick_deaths += 1
            delay = min(MAX_BACKOFF_SECONDS, 2.0 ** (child.quick_deaths - 1))
            child.restart_at = now + delay
            logger.warning(
                "%s stopped (exit code %s); starting it again in %.0f s",
                child.name,
                code,
                delay,
            )
        return None

    def stop_all(self) -> None:
        """SIGTERM every child, again after the grace period, then SIGKILL."""
        processes = [c.process for c in self.children if c.process is not None]
        steps = (
            (signal.SIGTERM, self.grace),
            (signal.SIGTERM, self.grace),
            (signal.SIGKILL, 5.0),
        )
        for step, (signum, wait) in enumerate(steps):
            processes = [p for p in processes if p.poll() is None]
            if not processes:
                return
            if step and not self.forced:
                logger.warning(
                    "%d process(es) still running: sending %s",
                    len(processes),
                    signal.Signals(signum).name,
                )
            for process in processes:
                if signum == signal.SIGKILL:
                    # The whole group: a child's own workers (granian's)
                    # would otherwise live on without their parent.
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signum)
                else:
                    process.send_signal(signum)
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                processes = [p for p in processes if p.poll() is None]
                # A second Ctrl-C skips the waiting.
                if not processes or (self.forced and signum != signal.SIGKILL):
                    break
                time.sleep(0.05)
