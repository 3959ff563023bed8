"""`samia serve` as `./run up` runs it: a fresh data directory, the API, users, restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from samia_cli.checks import free_port

ROOT = Path(__file__).resolve().parents[2]
SAMIA = str(Path(sys.executable).parent / "samia")


@pytest.fixture
def stack_env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DB_DSN", "SAMIA_TEST_CLUSTER_DSN")}
    env.update(SAMIA_ROOT=str(ROOT), SAMIA_LOCAL_DIR=str(tmp_path / "local"),
               SAMIA_DB_PORT=str(free_port()), SAMIA_API_PORT=str(free_port()))
    return env


def serve(env: dict) -> tuple[subprocess.Popen, float]:
    """Start `samia serve` and wait for a healthy API; returns the process and seconds taken."""
    started = time.monotonic()
    proc = subprocess.Popen([SAMIA, "serve"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{env['SAMIA_API_PORT']}/health"
    while time.monotonic() - started < 120:
        if proc.poll() is not None:
            pytest.fail(f"samia serve exited early:\n{proc.stdout.read()}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return proc, time.monotonic() - started
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.kill()
    pytest.fail("samia serve did not become healthy within 120 s")


def stop(proc: subprocess.Popen, sig: int = signal.SIGINT) -> str:
    proc.send_signal(sig)
    output, _ = proc.communicate(timeout=60)
    return output


def database_stopped(env: dict) -> bool:
    status = subprocess.run([SAMIA, "db", "status"], env=env, capture_output=True, text=True)
    return "stopped" in status.stdout


def test_serve_from_scratch_then_restart(stack_env: dict) -> None:
    proc, _ = serve(stack_env)
    api = f"http://127.0.0.1:{stack_env['SAMIA_API_PORT']}"
    try:
        health = httpx.get(f"{api}/health").json()
        assert health["migrations"]["pending"] == 0 and health["migrations"]["drifted"] == 0
        created = subprocess.run([SAMIA, "users", "create", "--email", "Reader@Example.com",
                                  "--role", "reader"], env=stack_env, capture_output=True,
                                 text=True, check=True)
        token = created.stdout.strip()
        services = httpx.post(f"{api}/rest/v1/rpc/list_services", json={},
                              headers={"Authorization": f"Bearer {token}"})
        assert services.status_code == 200 and len(services.json()) == 5
        again = subprocess.run([SAMIA, "users", "create", "--email", "reader@example.com"],
                               env=stack_env, capture_output=True, text=True)
        assert again.returncode == 1 and "already exists" in again.stderr
        fresh = subprocess.run([SAMIA, "token", "reader@example.com"], env=stack_env,
                               capture_output=True, text=True, check=True).stdout.strip()
        assert fresh.count(".") == 2
    finally:
        output = stop(proc)
    assert "anon key" in output and "users create" in output
    assert "stops the server and the database" in output
    assert database_stopped(stack_env)
    # the second start reuses the data directory: the user is still there, no migrations run
    proc, _ = serve(stack_env)
    try:
        users = subprocess.run([SAMIA, "token", "reader@example.com"], env=stack_env,
                               capture_output=True, text=True)
        assert users.returncode == 0
    finally:
        output = stop(proc, signal.SIGTERM)  # what a process supervisor sends
    assert "(0 new migrations applied)" in output
    assert database_stopped(stack_env)
