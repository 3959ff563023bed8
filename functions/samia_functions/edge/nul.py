"""NUL bytes: PostgreSQL text and jsonb cannot hold U+0000, so a request carrying one is refused
before it reaches the database. Each edge says how: the functions with their own 400 RQNUL, the
dev gateway with what PostgREST's database would answer (22021)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..errors import NUL_BYTE, AppError
from ..postgrest.errors import ApiError

NulError = Callable[[str], ApiError]  # the refusal, given where the NUL byte was


def nul_error(where: str) -> AppError:
    """The functions' refusal."""
    return AppError(NUL_BYTE, f"The request holds a NUL byte (\\u0000) in {where}", 400,
                    hint="Text cannot contain U+0000; remove it.")


def reject_nul(values: Iterable[str | bytes], where: str, error: NulError = nul_error) -> None:
    for value in values:
        if ("\x00" if isinstance(value, str) else b"\x00") in value:
            raise error(where)
