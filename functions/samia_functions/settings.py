"""Settings from the environment, read on first use (never at import) and then cached."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

from .errors import NOT_CONFIGURED, AppError

MIN_SECRET_LENGTH = 32  # PostgREST refuses shorter HS256 secrets; the job token follows suit

# Environment variable names, as documented in .env.example and set by deploy.sh.
DB_DSN_VAR = "FUNCTIONS_DB_DSN"
JWT_SECRET_VAR = "JWT_SECRET"  # noqa: S105  (a variable name, not a secret)
JOB_TOKEN_VAR = "JOB_TOKEN"  # noqa: S105  (a variable name, not a secret)
SUPABASE_URL_VAR = "SUPABASE_URL"
SUPABASE_ANON_KEY_VAR = "SUPABASE_ANON_KEY"


@dataclass(frozen=True)
class Settings:
    # Connects as the authenticator role (locally
    # postgresql://authenticator:postgres@127.0.0.1:54322/postgres) and switches role per
    # request, as PostgREST does; never a superuser DSN.
    db_dsn: str
    jwt_secret: str
    # Shared secret for /functions/v1/jobs; None = that endpoint refuses every call.
    job_token: str | None

    def __repr__(self) -> str:  # keep secrets out of logs and tracebacks
        return f"Settings(db_dsn=<set>, jwt_secret=<set>, job_token={self.job_token and '<set>'})"


@cache
def get_settings() -> Settings:
    """The function settings; a missing or invalid one is a 503 naming the variables.

    A failed read is not cached, so fixing the environment takes effect on the next request.
    """
    env = {name: os.environ.get(name, "").strip() for name in (DB_DSN_VAR, JWT_SECRET_VAR)}
    missing = [name for name, value in env.items() if not value]
    if missing:
        raise AppError(NOT_CONFIGURED, f"Missing settings: {', '.join(missing)}", 503,
                       detail={"missing": missing},
                       hint="Set them in the function's environment (see .env.example).")
    if len(env[JWT_SECRET_VAR]) < MIN_SECRET_LENGTH:
        raise AppError(NOT_CONFIGURED, f"Invalid setting: {JWT_SECRET_VAR}", 503,
                       detail={"invalid": [JWT_SECRET_VAR]},
                       hint=f"{JWT_SECRET_VAR} must be at least {MIN_SECRET_LENGTH} characters.")
    return Settings(db_dsn=env[DB_DSN_VAR], jwt_secret=env[JWT_SECRET_VAR],
                    job_token=os.environ.get(JOB_TOKEN_VAR, "").strip() or None)


@dataclass(frozen=True)
class StorageSettings:
    # The project's API URL (Storage is at <url>/storage/v1) and its anon key, which Storage
    # wants as `apikey` next to the caller's own bearer token: the functions store and sign
    # files as the caller, never with a service key.
    url: str
    anon_key: str

    def __repr__(self) -> str:
        return f"StorageSettings(url={self.url!r}, anon_key=<set>)"


@cache
def get_storage_settings() -> StorageSettings:
    """Where Storage is, for the media functions; a missing setting is a 503 naming it."""
    env = {name: os.environ.get(name, "").strip()
           for name in (SUPABASE_URL_VAR, SUPABASE_ANON_KEY_VAR)}
    missing = [name for name, value in env.items() if not value]
    if missing:
        raise AppError(NOT_CONFIGURED, f"Missing settings: {', '.join(missing)}", 503,
                       detail={"missing": missing},
                       hint="Set them in the function's environment (see .env.example).")
    return StorageSettings(url=env[SUPABASE_URL_VAR].rstrip("/"),
                           anon_key=env[SUPABASE_ANON_KEY_VAR])


def _endpoint(base_url_var: str, api_key_var: str, model_var: str,
              kind: str) -> tuple[str, str, str] | None:
    """(base URL, key, model) of an optional OpenAI-compatible endpoint, or None when its URL
    is unset; a URL without a model is a 503 naming the missing variable."""
    base_url = os.environ.get(base_url_var, "").strip()
    if not base_url:
        return None
    model = os.environ.get(model_var, "").strip()
    if not model:
        raise AppError(NOT_CONFIGURED, f"Missing settings: {model_var}", 503,
                       detail={"missing": [model_var]},
                       hint=f"{base_url_var} is set: name the {kind} model too.")
    # servers without keys (a local one) still need a non-empty value for the client
    return base_url.rstrip("/"), os.environ.get(api_key_var, "").strip() or "unused", model


# Optional OpenAI-compatible embeddings provider for AI assist (docs/assist.md). Unset
# SEMANTIC_BASE_URL = the bundled local model; set it and SEMANTIC_MODEL is required too.
SEMANTIC_BASE_URL_VAR = "SEMANTIC_BASE_URL"
SEMANTIC_API_KEY_VAR = "SEMANTIC_API_KEY"  # noqa: S105  (a variable name, not a secret)
SEMANTIC_MODEL_VAR = "SEMANTIC_MODEL"
SEMANTIC_DIMENSIONS_VAR = "SEMANTIC_DIMENSIONS"


@dataclass(frozen=True)
class SemanticSettings:
    base_url: str  # e.g. https://api.openai.com/v1, or any server speaking /embeddings
    api_key: str
    model: str
    # asked of the provider when set (OpenAI's `dimensions`); otherwise its default
    dimensions: int | None

    def __repr__(self) -> str:
        return (f"SemanticSettings(base_url={self.base_url!r}, api_key=<set>, "
                f"model={self.model!r}, dimensions={self.dimensions})")


@cache
def get_semantic_settings() -> SemanticSettings | None:
    """The outside embeddings provider, or None for the bundled model; a half-set provider
    (URL without a model, a dimension that is not a positive integer) is a 503 naming it."""
    endpoint = _endpoint(SEMANTIC_BASE_URL_VAR, SEMANTIC_API_KEY_VAR, SEMANTIC_MODEL_VAR,
                         "embeddings")
    if endpoint is None:
        return None
    base_url, api_key, model = endpoint
    raw_dimensions = os.environ.get(SEMANTIC_DIMENSIONS_VAR, "").strip()
    if raw_dimensions and not (raw_dimensions.isdigit() and 0 < int(raw_dimensions) <= 16000):
        raise AppError(NOT_CONFIGURED, f"Invalid setting: {SEMANTIC_DIMENSIONS_VAR}", 503,
                       detail={"invalid": [SEMANTIC_DIMENSIONS_VAR]},
                       hint=f"{SEMANTIC_DIMENSIONS_VAR} is a positive integer (or unset).")
    return SemanticSettings(
        base_url=base_url,
        api_key=api_key,
        model=model,
        dimensions=int(raw_dimensions) if raw_dimensions else None,
    )


# Optional chat-completions model for AI assist drafts (docs/assist_drafts.md). Unset
# DEEPCONF_BASE_URL = extractive drafts only; set it and DEEPCONF_MODEL is required too.
DEEPCONF_BASE_URL_VAR = "DEEPCONF_BASE_URL"
DEEPCONF_API_KEY_VAR = "DEEPCONF_API_KEY"  # noqa: S105  (a variable name, not a secret)
DEEPCONF_MODEL_VAR = "DEEPCONF_MODEL"
DEEPCONF_SAMPLES_VAR = "DEEPCONF_SAMPLES"
DEEPCONF_WINDOW_VAR = "DEEPCONF_WINDOW"
DEEPCONF_THRESHOLD_VAR = "DEEPCONF_THRESHOLD"
DEEPCONF_TOP_LOGPROBS_VAR = "DEEPCONF_TOP_LOGPROBS"
DEEPCONF_TIMEOUT_VAR = "DEEPCONF_TIMEOUT_SECONDS"


@dataclass(frozen=True)
class DeepConfSettings:
    base_url: str  # any server speaking OpenAI's POST /chat/completions with logprobs
    api_key: str
    model: str
    samples: int  # drafts sampled per request (the API's `n`)
    window: int  # tokens per sliding window of the group confidence
    # drafts whose confidence is below it are dropped; None keeps every sample
    threshold: float | None
    top_logprobs: int  # alternatives per token the confidence averages over (the API's limit: 20)
    timeout_seconds: float

    def __repr__(self) -> str:
        return (f"DeepConfSettings(base_url={self.base_url!r}, api_key=<set>, "
                f"model={self.model!r}, samples={self.samples}, window={self.window}, "
                f"threshold={self.threshold}, top_logprobs={self.top_logprobs}, "
                f"timeout_seconds={self.timeout_seconds})")


def _number(name: str, default: float, cast: type, low: float, high: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = cast(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise AppError(NOT_CONFIGURED, f"Invalid setting: {name}", 503,
                       detail={"invalid": [name]},
                       hint=f"{name} is a number from {low} to {high} (or unset).")
    return value


@cache
def get_deepconf_settings() -> DeepConfSettings | None:
    """The drafting model, or None for extractive drafts; a half-set or out-of-range setting is
    a 503 naming it (a failed read is not cached)."""
    endpoint = _endpoint(DEEPCONF_BASE_URL_VAR, DEEPCONF_API_KEY_VAR, DEEPCONF_MODEL_VAR, "chat")
    if endpoint is None:
        return None
    base_url, api_key, model = endpoint
    threshold_set = bool(os.environ.get(DEEPCONF_THRESHOLD_VAR, "").strip())
    threshold = _number(DEEPCONF_THRESHOLD_VAR, 0.0, float, 0.0, 1000.0)
    return DeepConfSettings(
        base_url=base_url,
        api_key=api_key,
        model=model,
        samples=int(_number(DEEPCONF_SAMPLES_VAR, 4, int, 1, 16)),
        window=int(_number(DEEPCONF_WINDOW_VAR, 32, int, 1, 4096)),
        threshold=threshold if threshold_set else None,
        top_logprobs=int(_number(DEEPCONF_TOP_LOGPROBS_VAR, 5, int, 1, 20)),
        timeout_seconds=_number(DEEPCONF_TIMEOUT_VAR, 60.0, float, 0.1, 600.0),
    )
