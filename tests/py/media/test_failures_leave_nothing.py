"""A failure at any step of media_upload leaves neither a row without a file nor a file without
a row: Storage unreachable, Storage failing, and the database failing at commit after the file
was stored."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import psycopg
import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from samia_cli.checks import free_port

from .conftest import _reset_function_state


def refused(answer, status: int, code: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == code, answer.text


@pytest.fixture
def broken_storage() -> Iterator[str]:
    """A loopback server that answers every Storage request as a failing Storage does."""

    @Request.application
    def app(request: Request) -> Response:
        return Response('{"statusCode": "500", "code": "InternalError", "error":'
                        ' "internal", "message": "disk full"}', status=500,
                        content_type="application/json")

    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_storage_unreachable(order_in_progress, upload, stored, audio, media_env) -> None:
    media_env.setenv("SUPABASE_URL", f"http://127.0.0.1:{free_port()}")
    _reset_function_state()
    answer = upload(order_in_progress.reader, audio["ogg"], "order_result", order_in_progress.id)
    refused(answer, 502, "MEDST")
    assert stored(order_in_progress.id) == {"rows": [], "objects": [], "files": []}


def storage_health(database_dsn: str) -> tuple:
    with psycopg.connect(database_dsn) as conn:
        return conn.execute("select configured, last_error_code, last_error_message, error_count"
                            " from app.service_status where service = 'storage'").fetchone()


def test_storage_failing(order_in_progress, upload, stored, audio, media_env,
                         broken_storage: str, database_dsn: str) -> None:
    errors_before = storage_health(database_dsn)[3]
    media_env.setenv("SUPABASE_URL", broken_storage)
    _reset_function_state()
    answer = upload(order_in_progress.reader, audio["ogg"], "order_result", order_in_progress.id)
    refused(answer, 502, "MEDST")
    assert answer.json()["details"]["storage_status"] == "500"
    assert stored(order_in_progress.id) == {"rows": [], "objects": [], "files": []}
    # the failure outlives the rolled-back request, for ops_snapshot
    configured, code, message, errors = storage_health(database_dsn)
    assert (configured, code, errors) == (True, "MEDST", errors_before + 1)
    assert message.startswith("Storage could not store the file")


def test_commit_failing_after_the_file_was_stored(order_in_progress, upload, stored, audio,
                                                  database_dsn: str) -> None:
    # a deferred constraint trigger fails the commit, after Storage stored the file
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        conn.execute("""
            create function public.test_fail_at_commit() returns trigger
            language plpgsql as $$
            begin
                raise exception 'the commit fails' using errcode = '23514';
            end;
            $$;
            create constraint trigger test_fail_at_commit after insert on app.media_assets
            deferrable initially deferred for each row
            execute function public.test_fail_at_commit();
        """)
    try:
        answer = upload(order_in_progress.reader, audio["m4a"], "order_result",
                        order_in_progress.id)
    finally:
        with psycopg.connect(database_dsn, autocommit=True) as conn:
            conn.execute("drop trigger test_fail_at_commit on app.media_assets;"
                         " drop function public.test_fail_at_commit();")
    refused(answer, 400, "23514")
    assert stored(order_in_progress.id) == {"rows": [], "objects": [], "files": []}
    # and the same upload works once the database does
    answer = upload(order_in_progress.reader, audio["m4a"], "order_result", order_in_progress.id)
    assert answer.status_code == 201, answer.text
    assert len(stored(order_in_progress.id)["files"]) == 1


def test_a_refused_row_never_reaches_storage(order_in_progress, upload, stored, audio,
                                             make_user) -> None:
    refused(upload(make_user("reader"), audio["wav"], "order_result", order_in_progress.id),
            403, "42501")
    assert stored(order_in_progress.id) == {"rows": [], "objects": [], "files": []}
