"""The service's processes, as the Procfile names them, kept running as a process manager would.

Each is started with the soak's settings in its environment; when one dies (a kill -9, a crash
while the database was away) it is started again a second later and the restart is counted.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
FLASK = [str(VENV_BIN / "flask"), "--app", "intake.app"]


@dataclass
class Managed:
    name: str
    command: list[str]
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0


@dataclass
class Supervisor:
    environment: dict[str, str]
    logs: Path
    managed: dict[str, Managed] = field(default_factory=dict)
    _stopping: bool = False

    def add(self, name: str, command: list[str]) -> None:
        self.managed[name] = Managed(name, command)
        self._start(self.managed[name])

    def watch(self) -> None:
        threading.Thread(target=self._watch, daemon=True).start()

    def kill(self, name: str) -> int:
        """kill -9 one managed process; its pid."""
        process = self.managed[name].process
        assert process is not None
        os.kill(process.pid, signal.SIGKILL)
        return process.pid

    def kill_worker(self, name: str) -> int:
        """kill -9 one of a gunicorn master's workers (the master starts another); its pid."""
        master = self.managed[name].process
        assert master is not None
        workers = _children(master.pid)
        if not workers:
            return 0
        pid = random.choice(workers)
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> None:
        self._stopping = True
        for managed in self.managed.values():
            if managed.process is not None and managed.process.poll() is None:
                managed.process.terminate()
        for managed in self.managed.values():
            if managed.process is not None:
                try:
                    managed.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    managed.process.kill()

    def _start(self, managed: Managed) -> None:
        log = (self.logs / f"{managed.name}.log").open("ab")
        managed.process = subprocess.Popen(
            managed.command, cwd=ROOT, env=self.environment, stdout=log, stderr=subprocess.STDOUT
        )

    def _watch(self) -> None:
        while not self._stopping:
            for managed in self.managed.values():
                if managed.process is not None and managed.process.poll() is not None and not self._stopping:
                    time.sleep(1)
                    managed.restarts += 1
                    self._start(managed)
            time.sleep(0.5)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(child) for child in path.read_text().split()]
    except OSError:
        return []


def gunicorn(port: int, workers: int) -> list[str]:
    """The Procfile's web process on a port of its own."""
    return [
        str(VENV_BIN / "gunicorn"),
        "--config",
        "gunicorn.conf.py",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--graceful-timeout",
        "5",
        "intake.app:create_app()",
    ]
