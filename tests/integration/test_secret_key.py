"""The secret key: a production start without one stops in one line; `make run` makes one up, once, for all.

A production start is anything but the ``flask`` command: the Procfile's gunicorn, or any other server.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from config import INSTANCE_DIR, ConfigError, load_settings
from tests.integration.test_app_factory import ROOT

MISSING = "configuration error: SECRET_KEY is required: only `make run` and other `flask` commands make one up"


def without_secret_key(**env: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "FLASK_RUN_FROM_CLI"}}
    return {**environment, "PATH": f"{Path(sys.executable).parent}:{environment.get('PATH', '')}", **env}


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)


def flask(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The flask command, as `make run` uses it, with no SECRET_KEY."""
    return run([sys.executable, "-m", "flask", "--app", "intake.app", *args], without_secret_key(**env))


def procfile_command(process: str) -> str:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return next(line.split(":", 1)[1].strip() for line in lines if line.startswith(f"{process}:"))


def test_the_procfiles_gunicorn_stops_in_one_line_naming_secret_key(tmp_path: Path) -> None:
    env = without_secret_key(PORT="0", DATABASE_URL=f"sqlite:///{tmp_path}/x.db")
    result = run(["bash", "-c", procfile_command("web")], env)
    assert result.returncode != 0
    assert (result.stdout + result.stderr).strip().splitlines() == [MISSING]


def test_the_procfiles_gunicorn_stops_in_one_line_naming_a_malformed_channel_setting(tmp_path: Path) -> None:
    """The web form reads WEB_RATE_LIMIT as it starts; gunicorn's master builds the app, so it stops there."""
    env = {**os.environ, "PORT": "0", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "SECRET_KEY": "x" * 32}
    env.update(PATH=f"{Path(sys.executable).parent}:{env.get('PATH', '')}", WEB_RATE_LIMIT="lots")
    result = run(["bash", "-c", procfile_command("web")], env)
    assert result.returncode != 0
    assert (result.stdout + result.stderr).strip().splitlines() == [
        "configuration error: WEB_RATE_LIMIT must be a rate limit such as 60/minute, not 'lots'"
    ]


def test_any_other_server_building_the_app_needs_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_RUN_FROM_CLI", raising=False)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert raised.value.setting == "SECRET_KEY" and str(raised.value.code) == MISSING


def test_production_forbids_a_made_up_key_even_under_the_flask_command(tmp_path: Path) -> None:
    result = flask("init-db", DATABASE_URL=f"sqlite:///{tmp_path}/x.db", PRODUCTION="1")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [MISSING]


KEY_USER = """
import sys
from pathlib import Path
from config.secret_key import instance_secret_key
print("ready", flush=True)
sys.stdin.read()  # every process waits here until the test lets them all go at once
print(instance_secret_key(Path(sys.argv[1])), flush=True)
"""


def test_processes_starting_together_agree_on_one_key_kept_private(tmp_path: Path) -> None:
    path = tmp_path / "instance" / "secret_key"
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", KEY_USER, str(path)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    for start in starts:
        assert start.stdout is not None and start.stdout.readline().strip() == "ready"
    for start in starts:
        assert start.stdin is not None
        start.stdin.close()
    keys = {start.stdout.read().strip() for start in starts if start.stdout is not None}
    assert [start.wait(timeout=60) for start in starts] == [0] * len(starts)
    assert keys == {path.read_text().strip()} and len(path.read_text().strip()) == 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["secret_key"]  # no draft left behind


def test_make_run_keeps_its_made_up_key(tmp_path: Path) -> None:
    """`make run` is the flask command: it starts without a SECRET_KEY, and the next start finds the same key."""
    key = INSTANCE_DIR / "secret_key"
    keys = []
    for _ in range(2):
        result = flask("init-db", DATABASE_URL=f"sqlite:///{tmp_path}/x.db")
        assert result.returncode == 0, result.stderr
        keys.append(key.read_text().strip())
    assert keys[0] == keys[1] and len(keys[0]) >= 32
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
