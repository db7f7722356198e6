#!/usr/bin/env bash
# Bounded fuzz run of the whole GraphQL schema (schemathesis, GraphQL mode) against the real server with
# the demo data, as every demo user and as an anonymous caller. Fails on any HTTP 5xx
# and on any INTERNAL_SERVER_ERROR in a response body (the check of cartable_fuzz_hooks.py).
#
#   npm run test:fuzz            build, then this script
#   bash scripts/fuzz/run.sh     on an existing build (server/dist)
#
# The server runs on a fresh temporary data folder (embedded PostgreSQL, local storage, outbox), on free
# loopback ports, and is stopped at the end whatever happens, its PostgreSQL with it.
#
# Environment (all optional):
#   FUZZ_MAX_EXAMPLES     test cases per operation and identity (default 10)
#   FUZZ_SEED             seed of the generated inputs, for a reproducible run (default 20261206)
#   FUZZ_WORKERS          concurrent schemathesis workers (default 2)
#   FUZZ_USERS            space-separated demo users (default: all five); `anonymous` is always run
#   FUZZ_REPORT_DIR       where the JUnit reports and logs go (default: a temporary folder, kept on failure)
#   CARTABLE_CACHE_DIR    cache root; the virtual environment is $CARTABLE_CACHE_DIR/venv-fuzz
#                         (default ~/.cache/cartable)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"

SCHEMATHESIS_VERSION="4.32.5"
FUZZ_MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-10}"
FUZZ_SEED="${FUZZ_SEED:-20261206}"
FUZZ_WORKERS="${FUZZ_WORKERS:-2}"
FUZZ_USERS="${FUZZ_USERS:-claire.martin paul.bernard secretariat.ville secretariat.doubs coordination}"
DEMO_PASSWORD="demo"
CARTABLE_CACHE_DIR="${CARTABLE_CACHE_DIR:-$HOME/.cache/cartable}"
VENV="$CARTABLE_CACHE_DIR/venv-fuzz"

log() { printf '[fuzz] %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# ---------------------------------------------------------------- schemathesis, once per version

if ! [[ -x "$VENV/bin/st" ]] || [[ "$("$VENV/bin/st" --version 2>/dev/null)" != *" $SCHEMATHESIS_VERSION" ]]; then
  log "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  mkdir -p "$CARTABLE_CACHE_DIR"
  python3 -m venv --clear "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

# ---------------------------------------------------------------- the server

# shellcheck source=../lib/demo-server.sh
source "$REPO_ROOT/scripts/lib/demo-server.sh"

WORK_DIR="$(mktemp -d -t cartable-fuzz.XXXXXX)"
REPORT_DIR="${FUZZ_REPORT_DIR:-$WORK_DIR/reports}"
mkdir -p "$REPORT_DIR"
REPORT_DIR="$(cd "$REPORT_DIR" && pwd)"
SERVER_LOG="$REPORT_DIR/server.log"
SUMMARY_PRINTED=""

cleanup() {
  local status=$?
  demo_server_stop
  if ((status == 0)) && [[ -z "${FUZZ_REPORT_DIR:-}" ]]; then
    rm -rf "$WORK_DIR"
  else
    [[ -n "$SUMMARY_PRINTED" ]] || log "reports and server log kept in $REPORT_DIR"
    rm -rf "$DATA_DIR"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

demo_server_start "$VENV/bin/python" "$WORK_DIR" "$SERVER_LOG"

token_of() {
  curl -fsS --max-time 30 "$BASE_URL/realms/cartable/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=cartable-cli --data-urlencode "username=$1" --data-urlencode "password=$DEMO_PASSWORD" |
    "$VENV/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}

# ---------------------------------------------------------------- the runs

identities=(anonymous $FUZZ_USERS)
declare -A tokens=()
for identity in $FUZZ_USERS; do
  tokens[$identity]="$(token_of "$identity")" || die "no token for $identity"
done
export FUZZ_VALUES_FILE="$REPORT_DIR/demo-values.json"
for identity in $FUZZ_USERS; do printf '%s %s\n' "$identity" "${tokens[$identity]}"; done |
  "$VENV/bin/python" "$REPO_ROOT/scripts/fuzz/demo_values.py" "$BASE_URL/graphql" "$FUZZ_VALUES_FILE"

# Schemathesis keeps its example database in .schemathesis/ of the working directory: the temporary
# folder, so that each run starts afresh and nothing is written into the repository.
cd "$WORK_DIR"
export PYTHONPATH="$REPO_ROOT/scripts/fuzz${PYTHONPATH:+:$PYTHONPATH}"
export SCHEMATHESIS_HOOKS=cartable_fuzz_hooks
for identity in "${identities[@]}"; do
  headers=()
  if [[ "$identity" != anonymous ]]; then
    # A fresh token for each run: the ones above may have expired during the previous runs.
    token="$(token_of "$identity")" || die "no token for $identity"
    headers=(-H "Authorization: Bearer $token")
  fi
  t1=$SECONDS
  # A failing run is read from its report below; schemathesis' exit code only says that something failed.
  "$VENV/bin/st" run "$REPO_ROOT/schema/schema.graphql" --url "$BASE_URL/graphql" "${headers[@]}" \
    --checks no_server_error \
    --max-examples "$FUZZ_MAX_EXAMPLES" --seed "$FUZZ_SEED" --workers "$FUZZ_WORKERS" --no-shrink \
    --request-timeout 30 --output-sanitize true --output-truncate true \
    --report junit --report-junit-path "$REPORT_DIR/$identity.xml" \
    >"$REPORT_DIR/$identity.log" 2>&1 || true
  [[ -f "$REPORT_DIR/$identity.xml" ]] || {
    tail -n 40 "$REPORT_DIR/$identity.log" >&2
    die "schemathesis wrote no report for $identity"
  }
  log "$identity: done in $((SECONDS - t1))s"
  kill -0 "$SERVER_PID" 2>/dev/null || die "the server died during the run of $identity (log: $SERVER_LOG)"
done

log "reports and server log in $REPORT_DIR (kept when the run fails)"
SUMMARY_PRINTED=1
"$VENV/bin/python" "$REPO_ROOT/scripts/fuzz/summarise.py" "$REPORT_DIR" "${identities[@]}"
