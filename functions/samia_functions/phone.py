"""Phone numbers: whatever the user typed, parsed and normalised to E.164 with `phonenumbers`."""

from __future__ import annotations

import phonenumbers

from .errors import AppError

INVALID_PHONE = "BADPH"  # [400] not a valid phone number (also raised by app.assert_e164)
MAX_INPUT_LENGTH = 40


def to_e164(raw: str, default_region: str | None) -> str:
    """`raw` as E.164; a number without "+" is read in `default_region` (ISO alpha-2).

    AppError BADPH when it cannot be parsed or is not a valid number for its region.
    """
    text = raw.strip()
    if not text or len(text) > MAX_INPUT_LENGTH:
        raise _invalid(raw, "Send the number with its country code, e.g. +971501234567.")
    international = text.startswith("+")
    if not international and not default_region:
        raise _invalid(raw, "Start the number with + and the country code, or set your country "
                            "with complete_profile first.")
    try:
        number = phonenumbers.parse(text, None if international else default_region)
    except phonenumbers.NumberParseException as exc:
        raise _invalid(raw, "Send the number with its country code, e.g. +971501234567.") from exc
    if not phonenumbers.is_valid_number(number):
        raise _invalid(raw, "This is not a valid number for its country.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _invalid(raw: str, hint: str) -> AppError:
    return AppError(INVALID_PHONE, "Invalid phone number", 400, detail={"phone": raw[:64]},
                    hint=hint)
