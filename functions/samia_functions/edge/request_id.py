"""X-Request-Id: kept when short and plain, otherwise replaced by a fresh uuid4.

The id ends up in logs, in the `request.headers` setting the database reads and in audit rows,
so only ids that cannot smuggle anything (no spaces, quotes, control characters) pass through.
"""

from __future__ import annotations

import re
import uuid

HEADER = "X-Request-Id"
ENVIRON_KEY = "HTTP_X_REQUEST_ID"
_PLAIN = re.compile(r"[A-Za-z0-9._-]{1,64}")


def is_plain(value: str | None) -> bool:
    return value is not None and _PLAIN.fullmatch(value) is not None


def request_id(presented: str | None) -> str:
    """The id to record and echo for a request that presented `presented`."""
    return presented if is_plain(presented) else str(uuid.uuid4())
