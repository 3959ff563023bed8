"""Passwords as GoTrue keeps them: bcrypt at cost 10 with the `$2a$` prefix Go writes, a
minimum of 6 characters and bcrypt's own maximum of 72 bytes."""

from __future__ import annotations

import bcrypt

from .errors import AuthError, validation_failed

MIN_LENGTH = 6  # the CLI's minimum_password_length, and GoTrue's floor
MAX_BYTES = 72  # bcrypt reads no further; GoTrue refuses longer passwords
COST = 10  # Go's bcrypt.DefaultCost
_BCRYPT_PREFIXES = ("$2a$", "$2b$", "$2y$")


def check_length(password: str) -> None:
    """Over 72 bytes is a 400; GoTrue runs it before (and apart from) the strength rules."""
    if len(password.encode()) > MAX_BYTES:
        raise validation_failed(f"Password cannot be longer than {MAX_BYTES} characters")


def check_strength(password: str) -> None:
    """422 weak_password with GoTrue's reasons (only `length`: no character classes are
    required locally, as the CLI's `password_requirements = ""`)."""
    check_length(password)
    if len(password) < MIN_LENGTH:
        message = f"Password should be at least {MIN_LENGTH} characters."
        raise AuthError(422, "weak_password", message,
                        weak_password={"reasons": ["length"], "message": message})


def hash_password(password: str) -> str:
    check_length(password)
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(COST, prefix=b"2a")).decode()


def is_bcrypt_hash(value: str) -> bool:
    return value.startswith(_BCRYPT_PREFIXES) and len(value) == 60


# Checked against when there is no real hash, so an unknown user costs one bcrypt like a
# known one and the two refusals cannot be told apart by their time.
_DUMMY_HASH = bcrypt.hashpw(b"no user has this password", bcrypt.gensalt(COST, prefix=b"2a"))


def verify_password(password: str, stored_hash: str | None) -> bool:
    """Whether `password` is the one hashed in `stored_hash`. Always costs one bcrypt check:
    a missing or unreadable hash is checked against a dummy and answers False. A password over
    72 bytes is False too, never its first 72 bytes compared (none was ever stored)."""
    usable = bool(stored_hash) and is_bcrypt_hash(stored_hash or "")
    candidate = password.encode()
    try:
        # Python's bcrypt reads the $2a$/$2y$ variants as $2b$, like Go's parser
        matched = bcrypt.checkpw(candidate[:MAX_BYTES],
                                 stored_hash.encode() if usable and stored_hash else _DUMMY_HASH)
    except ValueError:
        return False
    return matched and usable and len(candidate) <= MAX_BYTES
