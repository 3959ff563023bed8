"""The functions' own error codes, and `AppError` to raise them.

Every failure a function answers is a `postgrest.errors.ApiError`, shaped exactly like
PostgREST's errors (`{"code", "message", "details", "hint"}`, same headers), so a client
handles /rest/v1 and /functions/v1 errors the same way and branches on `code`. Errors from the
database become ApiErrors in `postgrest.errors.from_pg_error`; the codes below are the ones the
functions raise themselves. Codes are listed in docs/error_codes.md.
"""

from __future__ import annotations

from typing import Any

from .postgrest.errors import ApiError

# Codes the functions raise themselves (HTTP status in brackets).
NOT_CONFIGURED = "CFGMS"  # [503] a required setting is missing or invalid
AUTH_REQUIRED = "AUTRQ"  # [401] no bearer token, or only the anon key
METHOD_NOT_ALLOWED = "MTHNA"  # [405] the function does not answer this HTTP method
BAD_REQUEST = "BADRQ"  # [400] the body is not the JSON the function expects
JOB_TOKEN_REJECTED = "JOBTK"  # noqa: S105  [403] X-Job-Token missing or wrong (a code)
JOB_NOT_FOUND = "JOBNF"  # [404] no function app.job_<name>() without arguments (app.run_job)
JOB_STEP_FAILED = "JOBST"  # [502] a job's Python step failed (recorded in app.job_runs)
# Codes of the edge guards (samia_functions.edge), answered by the dev gateway too.
NUL_BYTE = "RQNUL"  # [400] a NUL byte in the path, query, a header, a cookie or the body
BODY_TOO_LARGE = "RQTLG"  # [413] the body is over REQUEST_BODY_MAX_BYTES
NOT_FOUND = "RTNFD"  # [404] no such path
INTERNAL = "INERR"  # [500] an unexpected failure, logged with the request id
MEDIA_DAMAGED = "MEDBD"  # [400] the file cannot be read as the type its content claims
MEDIA_NOT_FOUND = "MEDNF"  # [404] no media with that id that the caller may see
STORAGE_FAILED = "MEDST"  # [502] Storage did not store, remove or sign the file


class AppError(ApiError):
    """An ApiError the functions raise themselves, written code first as the registry lists
    them; answered like every other ApiError (samia_functions.edge.flask_app)."""

    def __init__(self, code: str, message: str, status: int, detail: Any = None,
                 hint: Any = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(status, code, message, detail, hint, headers=headers)
