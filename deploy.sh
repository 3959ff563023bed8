#!/usr/bin/env bash
# Deploy SAMIA-TAROT: the database (migrations, sql/, seed) to $DB_DSN with the project's own
# migrator, then every Python function of functions/main.py with gcloud.
#   DB_DSN=postgresql://… ./deploy.sh [--dry-run] [--skip-functions]
# Secrets come only from the environment (see .env.example); nothing is read from files.
set -euo pipefail
cd "$(dirname "$0")"

dry_run=false
skip_functions=false
for arg in "$@"; do
    case "$arg" in
        --dry-run) dry_run=true ;;
        --skip-functions) skip_functions=true ;;
        -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "deploy.sh: unknown argument $arg (try --help)" >&2; exit 2 ;;
    esac
done

say() { printf '%s\n' "$*"; }
run() { if $dry_run; then say "would run: $*"; else "$@"; fi; }

if [ -z "${DB_DSN:-}" ]; then
    say "deploy.sh: DB_DSN is not set; point it at the target database (see .env.example)" >&2
    exit 2
fi

# The Python that runs the project's own migrator: $SAMIA_PYTHON when given (any Python with
# this project installed, e.g. a CI environment), else .venv's, created here on first use;
# installing it locally changes nothing remote, even in a dry run.
python=${SAMIA_PYTHON:-}
if [ -z "$python" ]; then
    if [ ! -x .venv/bin/samia ]; then
        python3 -m venv .venv
        .venv/bin/python -m pip install --quiet -e .
    fi
    python=.venv/bin/python
fi
samia() {
    "$python" -c 'import sys; from samia_cli.cli import main; sys.exit(main(prog_name="samia"))' "$@"
}

target=$(samia db target --dsn "$DB_DSN") \
    || { say "deploy.sh: DB_DSN is not a valid PostgreSQL connection string" >&2; exit 2; }
say "== database: $target"
if $dry_run; then
    # show what would be applied without changing anything
    samia db status --dsn "$DB_DSN" || true
    say "would run: samia db migrate --dsn <DB_DSN>"
else
    samia db migrate --dsn "$DB_DSN"
    samia db audit --dsn "$DB_DSN" >/dev/null
fi

if $skip_functions; then
    say "== functions: skipped (--skip-functions)"
    exit 0
fi

functions=$(samia functions list)
say "== functions: ${functions//$'\n'/ }"
if ! command -v gcloud >/dev/null 2>&1; then
    say "deploy.sh: gcloud is not installed, so the functions were not deployed." >&2
    say "Install the Google Cloud CLI, run 'gcloud auth login', set GCP_PROJECT and GCP_REGION," >&2
    say "then run ./deploy.sh again (the database part is idempotent)." >&2
    $dry_run && exit 0 || exit 3
fi
: "${GCP_PROJECT:?set GCP_PROJECT (see .env.example)}"
: "${GCP_REGION:?set GCP_REGION (see .env.example)}"

# The functions' settings. Values may hold commas (CORS_ALLOWED_ORIGINS is a comma-separated
# list, a password may have one), so gcloud gets them with its alternate delimiter syntax
# (`gcloud topic escaping`): "^|~|^A=1|~|B=2".
delim='|~|'
env_names=(FUNCTIONS_DB_DSN JWT_SECRET)
: "${FUNCTIONS_DB_DSN:?set FUNCTIONS_DB_DSN}" "${JWT_SECRET:?set JWT_SECRET}"
# optional: a function that needs a missing one answers 503 CFGMS naming it (Twilio for phone
# verification; SUPABASE_URL and SUPABASE_ANON_KEY for media_upload and media_url); the
# SEMANTIC_* ones switch AI assist to an outside embeddings provider; without DEEPCONF_BASE_URL
# assist_draft makes extractive drafts
for optional in JOB_TOKEN TWILIO_ACCOUNT_SID TWILIO_AUTH_TOKEN TWILIO_VERIFY_SERVICE_SID \
                CORS_ALLOWED_ORIGINS REQUEST_BODY_MAX_BYTES MEDIA_UPLOAD_MAX_BYTES SUPABASE_URL \
                SUPABASE_ANON_KEY SEMANTIC_BASE_URL SEMANTIC_API_KEY SEMANTIC_MODEL \
                SEMANTIC_DIMENSIONS \
                DEEPCONF_BASE_URL DEEPCONF_API_KEY DEEPCONF_MODEL DEEPCONF_SAMPLES DEEPCONF_WINDOW \
                DEEPCONF_THRESHOLD DEEPCONF_TOP_LOGPROBS DEEPCONF_TIMEOUT_SECONDS; do
    if [ -n "${!optional:-}" ]; then env_names+=("$optional"); fi
done
if [ -z "${CORS_ALLOWED_ORIGINS:-}" ]; then
    say "deploy.sh: CORS_ALLOWED_ORIGINS is not set, so browsers on any origin may call the functions" >&2
fi
env_vars=""
masked=""
for name in "${env_names[@]}"; do
    value=${!name}
    if [[ $value == *"$delim"* ]]; then
        say "deploy.sh: $name must not contain '$delim'" >&2
        exit 2
    fi
    case "$name" in  # settings, not secrets: shown in full
        CORS_ALLOWED_ORIGINS|REQUEST_BODY_MAX_BYTES|MEDIA_UPLOAD_MAX_BYTES|SUPABASE_URL) shown=$value ;;
        SEMANTIC_BASE_URL|SEMANTIC_MODEL|SEMANTIC_DIMENSIONS) shown=$value ;;
        DEEPCONF_BASE_URL|DEEPCONF_MODEL|DEEPCONF_SAMPLES|DEEPCONF_WINDOW|DEEPCONF_THRESHOLD) shown=$value ;;
        DEEPCONF_TOP_LOGPROBS|DEEPCONF_TIMEOUT_SECONDS) shown=$value ;;
        *) shown='***' ;;
    esac
    env_vars="${env_vars:+$env_vars$delim}$name=$value"
    masked="${masked:+$masked$delim}$name=$shown"
done
env_vars="^${delim}^$env_vars"
masked="^${delim}^$masked"
for fn in $functions; do
    args=(functions deploy "$fn" --gen2 --project "$GCP_PROJECT" --region "$GCP_REGION"
          --runtime python311 --source functions --entry-point "$fn" --trigger-http
          --allow-unauthenticated --quiet)
    case "$fn" in
        # download and re-encode up to twelve videos in one request; ffmpeg wants memory
        horoscopes_ingest|regenerate_horoscope) args+=(--timeout 540s --memory 1Gi) ;;
        # the bundled sentence encoder's weights live in memory
        assist_search|assist_knowledge_add) args+=(--memory 1Gi) ;;
        # N samples from the drafting model (DEEPCONF_TIMEOUT_SECONDS, 60 s by default), and the
        # embedding model in memory
        assist_draft) args+=(--timeout 180s --memory 1Gi) ;;
    esac
    if $dry_run; then
        say "would run: gcloud ${args[*]} --set-env-vars $masked"
    else
        # the functions verify the Supabase JWT themselves, so the HTTP trigger stays public
        gcloud "${args[@]}" --set-env-vars "$env_vars"
    fi
done
say "done"
