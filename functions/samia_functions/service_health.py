"""What the functions saw of the outside services, for ops_snapshot: whether a service's settings
were present, and the last error it caused, in app.service_status.

Each record is its own short transaction as the service role, so it stays when the failed
request's transaction rolls back. Recording is best effort: a failure to record is logged and
never replaces the error being answered.
"""

from __future__ import annotations

import logging

from . import db

log = logging.getLogger(__name__)

TWILIO_VERIFY = "twilio_verify"
STORAGE = "storage"
TIKTOK = "tiktok"


def record_error(service: str, code: str, message: str) -> None:
    """Remember `service`'s latest failure (the code answered and a short message)."""
    try:
        with db.as_service() as conn:
            conn.execute("select app.record_service_error(%s, %s, %s)",
                         (service, code, message[:500]))
    except Exception:  # noqa: BLE001 - recording must not hide the error being answered
        log.warning("could not record the %s error %s", service, code, exc_info=True)


def record_configured(service: str, configured: bool) -> None:
    """Remember whether `service`'s settings were present when a function last read them."""
    try:
        with db.as_service() as conn:
            conn.execute("select app.record_service_configured(%s, %s)", (service, configured))
    except Exception:  # noqa: BLE001 - best effort, as above
        log.warning("could not record whether %s is configured", service, exc_info=True)
