#!/usr/bin/env bash
# Deploy SAMIA-TAROT (runbook: docs/deploy.md), in this order: the database (migrations, sql/,
# seed) through the project's own migrator, which also creates the Storage buckets; every
# Python function of functions/main.py with gcloud; the Cloud Scheduler jobs that fire the
# declared jobs (app.jobs_schedule) pg_cron does not run.
#   ./deploy.sh [--dry-run] [--skip-functions] [--env-file FILE]
# Settings come from the environment, else from .env (or FILE); see .env.example. The
# functions get theirs through a file only this user may read, never on a command line.
# --dry-run prints every step, secrets masked, and changes nothing.
set -euo pipefail
cd "$(dirname "$0")"

dry_run=false
skip_functions=false
env_file=.env
while [ $# -gt 0 ]; do
    case "$1" in
        --dry-run) dry_run=true ;;
        --skip-functions) skip_functions=true ;;
        --env-file) shift; env_file=${1:?--env-file needs a file} ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "deploy.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

say() { printf '%s\n' "$*"; }

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

# DB_DSN, GCP_PROJECT, GCP_REGION: the environment, else the settings file (read, not run)
eval "$(samia deploy settings --env-file "$env_file")"
if [ -z "${DB_DSN:-}" ]; then
    say "deploy.sh: DB_DSN is not set; point it at the target database (see .env.example)" >&2
    exit 2
fi

# temporary files with secrets (the functions' environment, the Scheduler headers): 600, gone
# when this script ends however it ends
secrets_dir=$(mktemp -d)
trap 'rm -rf "$secrets_dir"' EXIT

target=$(samia db target --dsn "$DB_DSN") \
    || { say "deploy.sh: DB_DSN is not a valid PostgreSQL connection string" >&2; exit 2; }
say "== 1. database: $target"
if $dry_run; then
    # show what would be applied without changing anything
    samia db status --dsn "$DB_DSN" || true
    say "would run: samia db migrate --dsn <DB_DSN>"
else
    samia db migrate --dsn "$DB_DSN"
    samia db audit --dsn "$DB_DSN" >/dev/null
fi

say "== 2. storage buckets (created by the migrations in storage.buckets)"
buckets=$(samia deploy buckets --dsn "$DB_DSN")
if $dry_run; then
    say "present now: ${buckets:-none}; the migrations create order-inputs, order-results, horoscope-audio, exports"
else
    for bucket in order-inputs order-results horoscope-audio exports; do
        [[ " $buckets " == *" $bucket "* ]] \
            || { say "deploy.sh: bucket $bucket is missing after the migration" >&2; exit 4; }
    done
    say "present: $buckets"
fi

if $skip_functions; then
    say "== 3. functions: skipped (--skip-functions)"
    say "== 4. scheduler jobs: skipped (--skip-functions)"
    exit 0
fi

functions=$(samia functions list)
say "== 3. functions: ${functions//$'\n'/ }"
if ! command -v gcloud >/dev/null 2>&1; then
    say "deploy.sh: gcloud is not installed, so the functions were not deployed." >&2
    say "Install the Google Cloud CLI, run 'gcloud auth login', set GCP_PROJECT and GCP_REGION," >&2
    say "then run ./deploy.sh again (the database part is idempotent)." >&2
    $dry_run && exit 0 || exit 3
fi
: "${GCP_PROJECT:?set GCP_PROJECT (see .env.example)}"
: "${GCP_REGION:?set GCP_REGION (see .env.example)}"
place=(--project "$GCP_PROJECT" --region "$GCP_REGION")

# the functions' settings, written for --env-vars-file; printed with the secrets masked
env_vars="$secrets_dir/functions-env.yaml"
if $dry_run; then
    shown=$(samia deploy function-env --env-file "$env_file")
else
    shown=$(samia deploy function-env --env-file "$env_file" --out "$env_vars")
fi
if [[ " $shown " != *" CORS_ALLOWED_ORIGINS="* ]]; then
    say "deploy.sh: CORS_ALLOWED_ORIGINS is not set, so browsers on any origin may call the functions" >&2
fi
for fn in $functions; do
    args=(functions deploy "$fn" --gen2 "${place[@]}" --runtime python311 --source functions
          --entry-point "$fn" --trigger-http --allow-unauthenticated --quiet)
    case "$fn" in
        # download and re-encode up to twelve videos in one request; ffmpeg wants memory
        horoscopes_ingest|regenerate_horoscope) args+=(--timeout 540s --memory 1Gi) ;;
        # the monthly media check downloads and measures every file
        jobs) args+=(--timeout 3600s --memory 1Gi) ;;
        # the bundled sentence encoder's weights live in memory
        assist_search|assist_knowledge_add) args+=(--memory 1Gi) ;;
        # N samples from the drafting model (DEEPCONF_TIMEOUT_SECONDS, 60 s by default), and the
        # embedding model in memory
        assist_draft) args+=(--timeout 180s --memory 1Gi) ;;
    esac
    if $dry_run; then
        say "would run: gcloud ${args[*]} --env-vars-file <file: $shown>"
    else
        # the functions verify the Supabase JWT themselves, so the HTTP trigger stays public
        gcloud "${args[@]}" --env-vars-file "$env_vars"
    fi
done

say "== 4. scheduler jobs (app.scheduled_jobs: what pg_cron does not run here)"
if ! declared=$(samia deploy scheduler-jobs --dsn "$DB_DSN"); then
    say "the database has no schedule yet; after the migration these come from app.jobs_schedule()"
    exit 0
fi
if $dry_run; then
    jobs_url="<the jobs function's URL>"
else
    jobs_url=$(gcloud functions describe jobs --gen2 "${place[@]}" --format 'value(serviceConfig.uri)')
    [ -n "$jobs_url" ] || { say "deploy.sh: cannot find the jobs function's URL" >&2; exit 3; }
fi
scheduler_place=(--project "$GCP_PROJECT" --location "$GCP_REGION")
wanted=" "
while IFS=$'\t' read -r job cron; do
    [ -n "$job" ] || continue
    name="samia-$job"
    wanted+="$name "
    args=(scheduler jobs MODE http "$name" "${scheduler_place[@]}" --schedule "$cron"
          --time-zone Etc/UTC --uri "$jobs_url" --http-method POST
          --message-body "{\"job\": \"$job\"}" --attempt-deadline 30m --quiet)
    if $dry_run; then
        say "would run: gcloud ${args[*]/MODE/create|update} --flags-file <X-Job-Token=***>"
        continue
    fi
    if gcloud scheduler jobs describe "$name" "${scheduler_place[@]}" >/dev/null 2>&1; then
        mode=update
    else
        mode=create
    fi
    flags="$secrets_dir/scheduler-$mode.yaml"
    samia deploy job-headers --env-file "$env_file" --mode "$mode" --out "$flags"
    gcloud "${args[@]/MODE/$mode}" --flags-file "$flags"
done <<< "$declared"
# Scheduler jobs of ours that are no longer declared (or that pg_cron runs now)
if ! $dry_run; then
    existing=$(gcloud scheduler jobs list "${scheduler_place[@]}" \
               --format 'value(name.basename())')
    for name in $existing; do
        if [[ $name == samia-* && "$wanted" != *" $name "* ]]; then
            gcloud scheduler jobs delete "$name" "${scheduler_place[@]}" --quiet
        fi
    done
fi
say "done"
