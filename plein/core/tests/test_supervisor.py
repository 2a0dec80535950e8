"""plein serve's supervisor restarts what dies and stops everything on Ctrl-C."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from plein.core.tests.processes import ROOT

# A child that notes its pid, then sleeps until it is stopped.
SLEEPER = (
    "import os, sys, time\n"
    "with open(sys.argv[1], 'a') as f: f.write(f'{sys.argv[2]} {os.getpid()}\\n')\n"
    "time.sleep(60)\n"
)
SUPERVISE = (
    "import logging, sys\n"
    "from plein.core.supervisor import Child, Supervisor\n"
    "logging.basicConfig(level=logging.INFO)\n"
    "sleeper = [sys.executable, '-c', {sleeper!r}, {pids!r}]\n"
    "children = [Child('worker', sleeper + ['worker']),\n"
    "            Child('web', sleeper + ['web'], essential=True)]\n"
    "print('exit code', Supervisor(children, grace=2).run())\n"
)


def pids(path: Path) -> list[tuple[str, int]]:
    if not path.exists():
        return []
    return [
        (n, int(p)) for n, p in (line.split() for line in path.read_text().splitlines())
    ]


def wait_for(condition, what: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited {timeout} s for {what}"
        time.sleep(0.05)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (dead, not yet reaped by its parent) counts as gone (Linux).
    stat = Path(f"/proc/{pid}/stat")
    return not stat.exists() or stat.read_text().rpartition(")")[2].split()[0] != "Z"


def supervise(tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    started = tmp_path / "pids"
    code = SUPERVISE.format(sleeper=SLEEPER, pids=str(started))
    supervisor = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(lambda: len(pids(started)) == 2, "both children")
    return supervisor, started


def test_dead_worker_is_started_again_and_ctrl_c_stops_everything(tmp_path) -> None:
    supervisor, started = supervise(tmp_path)
    worker = dict(pids(started))["worker"]

    os.kill(worker, signal.SIGKILL)
    wait_for(lambda: len(pids(started)) == 3, "the worker to start again")
    supervisor.send_signal(signal.SIGINT)

    assert supervisor.wait(timeout=10) == 0
    assert supervisor.stdout.read() == "exit code 0\n"
    names = [name for name, _pid in pids(started)]
    # The first two started together, in either order; then the worker again.
    assert (sorted(names[:2]), names[2:]) == (["web", "worker"], ["worker"])
    assert not any(alive(pid) for _name, pid in pids(started))
    log = supervisor.stderr.read()
    assert "worker stopped (exit code -9); starting it again in 1 s" in log


def test_children_stop_when_the_supervisor_is_killed(tmp_path) -> None:
    supervisor, started = supervise(tmp_path)

    supervisor.kill()
    supervisor.wait(timeout=10)

    wait_for(
        lambda: not any(alive(pid) for _name, pid in pids(started)),
        "the children to stop with their parent",
    )


def test_end_of_the_web_server_ends_the_supervisor_with_its_code(tmp_path) -> None:
    supervisor, started = supervise(tmp_path)

    os.kill(dict(pids(started))["web"], signal.SIGKILL)

    assert supervisor.wait(timeout=10) == 0
    assert supervisor.stdout.read() == "exit code -9\n"
    assert not any(alive(pid) for _name, pid in pids(started))


# A child that ignores SIGTERM and starts a grandchild that ignores it too, as
# a server holding open streams may: the last resort must reach both.
STUBBORN = (
    "import signal, subprocess, sys, time\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "code = 'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN);"
    " time.sleep(60)'\n"
    "grandchild = subprocess.Popen([sys.executable, '-c', code])\n"
    "with open(sys.argv[1], 'a') as f: f.write(f'grandchild {grandchild.pid}\\n')\n"
    "time.sleep(60)\n"
)


def test_the_last_resort_stops_a_childs_own_children_too(tmp_path) -> None:
    from plein.core.supervisor import Child, Supervisor

    started = tmp_path / "pids"
    child = Child("live", [sys.executable, "-c", STUBBORN, str(started)])
    supervisor = Supervisor([child], grace=0.3)
    supervisor.start(child)
    wait_for(lambda: len(pids(started)) == 1, "the grandchild")
    [(_name, grandchild)] = pids(started)

    supervisor.stop_all()

    assert child.process is not None
    assert child.process.poll() is not None
    wait_for(lambda: not alive(grandchild), "the grandchild to stop")
