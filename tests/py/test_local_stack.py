"""`samia serve` as `./run up` runs it: a fresh data directory, the API, users, restart.

Every server this file starts is stopped again whatever happens (a failed assertion, an
error, Ctrl-C or SIGTERM): see the `servers` fixture, which also checks that both ports are
free afterwards.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from supabase import create_client

from samia_cli.checks import free_port
from samia_cli.config import LOCAL_JWT_SECRET
from samia_cli.tokens import api_key

ROOT = Path(__file__).resolve().parents[2]
SAMIA = str(Path(sys.executable).parent / "samia")
GRACE_SECONDS = 60  # a clean stop includes pg_ctl's fast shutdown of the database


@pytest.fixture
def stack_env() -> Iterator[dict]:
    # Not under pytest's tmp_path: every pytest run on the machine resets /tmp/pytest-of-<user>
    # to 0700, and when run as root the database runs as another user, which then can no
    # longer reach its data directory (pg_ctl stop fails with "Permission denied").
    local = Path(tempfile.mkdtemp(prefix="samia-local-stack-"))
    env = {k: v for k, v in os.environ.items() if k not in ("DB_DSN", "SAMIA_TEST_CLUSTER_DSN")}
    env.update(SAMIA_ROOT=str(ROOT), SAMIA_LOCAL_DIR=str(local / "local"),
               SAMIA_DB_PORT=str(free_port()), SAMIA_API_PORT=str(free_port()))
    try:
        yield env
    finally:
        shutil.rmtree(local, ignore_errors=True)


def listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _end_process_group(proc: subprocess.Popen) -> None:
    """SIGINT (the server stops the database it started), then SIGTERM, then SIGKILL to the
    whole process group, waiting for each."""
    for sig, grace in ((signal.SIGINT, GRACE_SECONDS), (signal.SIGTERM, 10),
                       (signal.SIGKILL, 10)):
        if proc.poll() is not None:
            break
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # anything the server itself left in its group
    if proc.stdout:
        proc.stdout.close()


def _stop_database(env: dict) -> None:
    """pg_ctl detaches the database into a session of its own: stop it by its data directory,
    and kill the postmaster if even that fails."""
    subprocess.run([SAMIA, "db", "stop"], env=env, capture_output=True, timeout=120,
                   check=False)
    for pidfile in Path(env["SAMIA_LOCAL_DIR"]).glob("**/postmaster.pid"):
        with contextlib.suppress(ValueError, IndexError, OSError):
            pid = int(pidfile.read_text().splitlines()[0])
            # a stale file may name a reused pid: only a postgres of this data directory
            if str(pidfile.parent) in Path(f"/proc/{pid}/cmdline").read_text():
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def servers(stack_env: dict) -> Iterator[Callable[[], subprocess.Popen]]:
    """Starts `samia serve` in its own process group; at the end every server started here and
    the database are gone, and the API and database ports are free again."""
    started: list[subprocess.Popen] = []
    done = False

    def cleanup() -> None:
        nonlocal done
        if done:
            return
        done = True
        for proc in started:
            _end_process_group(proc)
        _stop_database(stack_env)

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # SIGTERM (e.g. from `timeout`) unwinds like Ctrl-C does

    previous_sigterm = signal.signal(signal.SIGTERM, interrupted)
    atexit.register(cleanup)  # also when the run is interrupted before the teardown runs

    def start() -> subprocess.Popen:
        proc = subprocess.Popen([SAMIA, "serve"], env=stack_env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, start_new_session=True)
        started.append(proc)
        return proc

    try:
        yield start
    finally:
        cleanup()
        atexit.unregister(cleanup)
        signal.signal(signal.SIGTERM, previous_sigterm)
    ports = (int(stack_env["SAMIA_API_PORT"]), int(stack_env["SAMIA_DB_PORT"]))
    deadline = time.monotonic() + 10
    while any(listening(p) for p in ports) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(listening(p) for p in ports), f"something still listens on {ports}"


def serve(start: Callable[[], subprocess.Popen], env: dict) -> subprocess.Popen:
    """Start `samia serve` and wait for a healthy API."""
    started = time.monotonic()
    proc = start()
    url = f"http://127.0.0.1:{env['SAMIA_API_PORT']}/health"
    while time.monotonic() - started < 120:
        if proc.poll() is not None:
            pytest.fail(f"samia serve exited early:\n{proc.stdout.read()}")
        try:
            # the probe reads the migration state: on a busy machine it takes seconds
            if httpx.get(url, timeout=15).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail("samia serve did not become healthy within 120 s")


def stop(proc: subprocess.Popen, sig: int = signal.SIGINT) -> str:
    """Stop the server as a user or a supervisor would, and return what it printed."""
    proc.send_signal(sig)
    output, _ = proc.communicate(timeout=GRACE_SECONDS)
    return output


def database_status(env: dict) -> str:
    status = subprocess.run([SAMIA, "db", "status"], env=env, capture_output=True, text=True)
    return status.stdout + status.stderr


def test_serve_from_scratch_then_restart(servers, stack_env: dict) -> None:
    proc = serve(servers, stack_env)
    api = f"http://127.0.0.1:{stack_env['SAMIA_API_PORT']}"
    health = httpx.get(f"{api}/health").json()
    assert health["migrations"]["pending"] == 0 and health["migrations"]["drifted"] == 0
    created = subprocess.run([SAMIA, "users", "create", "--email", "Reader@Example.com",
                              "--role", "reader", "--password", "secret1"], env=stack_env,
                             capture_output=True, text=True, check=True)
    token = created.stdout.strip()
    services = httpx.post(f"{api}/rest/v1/rpc/list_services", json={},
                          headers={"Authorization": f"Bearer {token}"})
    assert services.status_code == 200 and len(services.json()) == 5
    # the stack's Auth service signs that user in, as supabase-js does against `supabase start`
    auth = create_client(api, api_key(LOCAL_JWT_SECRET, "anon")).auth
    signed = auth.sign_in_with_password({"email": "reader@example.com", "password": "secret1"})
    assert signed.user.app_metadata["role"] == "reader"
    assert auth.get_user(token).user.id == signed.user.id
    again = subprocess.run([SAMIA, "users", "create", "--email", "reader@example.com"],
                           env=stack_env, capture_output=True, text=True)
    assert again.returncode == 1 and "already exists" in again.stderr
    fresh = subprocess.run([SAMIA, "token", "reader@example.com"], env=stack_env,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert fresh.count(".") == 2
    # Storage: users see no bucket; the service role makes one and the file lands in .local/
    storage = f"{api}/storage/v1"
    assert httpx.get(f"{storage}/bucket", headers={"Authorization": f"Bearer {token}"}).json() \
        == []
    service = {"Authorization": f"Bearer {api_key(LOCAL_JWT_SECRET, 'service_role')}"}
    assert httpx.post(f"{storage}/bucket", json={"name": "stack"}, headers=service).is_success
    assert httpx.post(f"{storage}/object/stack/a.txt", content=b"on disk",
                      headers=service).is_success
    stored = list((Path(stack_env["SAMIA_LOCAL_DIR"]) / "storage" / "stack").rglob("*"))
    assert [p.read_bytes() for p in stored if p.is_file()] == [b"on disk"]

    output = stop(proc)
    assert "anon key" in output and "users create" in output
    assert f"{api}/storage/v1" in output
    assert "stops the server and the database" in output
    assert "the schedule of app.jobs_schedule runs here" in output  # the local job scheduler
    assert "database: stopped" in database_status(stack_env), output
    # the second start reuses the data directory: the user is still there, no migrations run
    proc = serve(servers, stack_env)
    users = subprocess.run([SAMIA, "token", "reader@example.com"], env=stack_env,
                           capture_output=True, text=True)
    assert users.returncode == 0
    output = stop(proc, signal.SIGTERM)  # what a process supervisor sends
    assert "(0 new migrations applied)" in output
    assert "database: stopped" in database_status(stack_env), output
