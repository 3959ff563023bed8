"""NUL bytes: PostgreSQL text and jsonb cannot hold U+0000, so a request carrying one is refused
with 400 RQNUL before it reaches the database."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import NUL_BYTE, AppError


def nul_error(where: str) -> AppError:
    return AppError(NUL_BYTE, f"The request holds a NUL byte (\\u0000) in {where}", 400,
                    hint="Text cannot contain U+0000; remove it.")


def reject_nul(values: Iterable[str | bytes], where: str) -> None:
    for value in values:
        if ("\x00" if isinstance(value, str) else b"\x00") in value:
            raise nul_error(where)
