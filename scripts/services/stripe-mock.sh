#!/usr/bin/env bash
# Run Stripe's official API mock (stripe-mock) natively, for the billing tests and CI.
#
#   scripts/services/stripe-mock.sh start    build (once), start, wait until it answers
#   scripts/services/stripe-mock.sh stop     stop the server started by `start`
#   scripts/services/stripe-mock.sh status   exit 0 when the server is running and answering
#   scripts/services/stripe-mock.sh env      print the STRIPE_* variables for `set -a; eval "$(... env)"; set +a`
#   scripts/services/stripe-mock.sh build    only build the server binary
#   scripts/services/stripe-mock.sh logs     print the tail of the server log
#
# stripe-mock (github.com/stripe/stripe-mock) answers the whole Stripe API from Stripe's OpenAPI
# specification: it validates every request (unknown or malformed parameters get Stripe's 400) and
# returns fixture objects; it keeps no state. It is built from source through the Go module proxy
# (`go install`, needs Go >= 1.24) into $CARTABLE_CACHE_DIR/stripe-mock/<version>/bin, once per version
# (≈ 10 s). HTTP listens on 127.0.0.1 only; its HTTPS side is put on a Unix socket in the data directory,
# so that nothing listens on another interface.
#
# Environment (all optional):
#   STRIPE_MOCK_VERSION        module version of github.com/stripe/stripe-mock (default below)
#   CARTABLE_CACHE_DIR         cache root (default ~/.cache/cartable)
#   STRIPE_MOCK_DATA_DIR       runtime dir: log, pid, HTTPS socket (default $CARTABLE_CACHE_DIR/stripe-mock-data)
#   STRIPE_MOCK_PORT           HTTP port on 127.0.0.1 (default 12111)
#   STRIPE_MOCK_START_TIMEOUT  seconds to wait for readiness (default 30)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=service-lib.sh disable=SC1091 # lint with -x
source "$SCRIPT_DIR/service-lib.sh"

STRIPE_MOCK_VERSION="${STRIPE_MOCK_VERSION:-v0.203.0}"
CARTABLE_CACHE_DIR="${CARTABLE_CACHE_DIR:-$HOME/.cache/cartable}"
STRIPE_MOCK_DATA_DIR="${STRIPE_MOCK_DATA_DIR:-$CARTABLE_CACHE_DIR/stripe-mock-data}"
STRIPE_MOCK_PORT="${STRIPE_MOCK_PORT:-12111}"
STRIPE_MOCK_START_TIMEOUT="${STRIPE_MOCK_START_TIMEOUT:-30}"
# stripe-mock accepts any key of the right shape (letters and digits after the prefix); fixed, so that
# `env` is reproducible.
SECRET_KEY="sk_test_CartableStripeMock"
WEBHOOK_SECRET="whsec_CartableStripeMock"

BIND_HOST="127.0.0.1"
STRIPE_MOCK_URL="http://$BIND_HOST:$STRIPE_MOCK_PORT"

STRIPE_MOCK_VERSION_DIR="$CARTABLE_CACHE_DIR/stripe-mock/$STRIPE_MOCK_VERSION"
STRIPE_MOCK_BIN="$STRIPE_MOCK_VERSION_DIR/bin/stripe-mock"
PID_FILE="$STRIPE_MOCK_DATA_DIR/stripe-mock.pid"
LOG_FILE="$STRIPE_MOCK_DATA_DIR/stripe-mock.log"
HTTPS_SOCKET="$STRIPE_MOCK_DATA_DIR/https.sock"
# shellcheck disable=SC2034 # read by service-lib.sh
DATA_MARKER="$STRIPE_MOCK_DATA_DIR/.cartable-stripe-mock-data"

# Settings of service-lib.sh (described there).
# shellcheck disable=SC2034 # read by service-lib.sh
{
  SERVICE_NAME="stripe-mock"
  SERVICE_DISPLAY_NAME="stripe-mock"
  SERVICE_URL="$STRIPE_MOCK_URL"
  SERVICE_DATA_DIR="$STRIPE_MOCK_DATA_DIR"
  SERVICE_READY_CHECK=is_ready
  SERVICE_CMDLINE_MATCH="$STRIPE_MOCK_BIN -http-addr"
  SERVICE_START_TIMEOUT="$STRIPE_MOCK_START_TIMEOUT"
}

# ---------------------------------------------------------------- binary

# `go install` once per version (service-lib.sh).
build() { go_install_once github.com/stripe/stripe-mock "$STRIPE_MOCK_VERSION" "$STRIPE_MOCK_VERSION_DIR" "once"; }

# ---------------------------------------------------------------- process

# Any authenticated request answers 200 once the specification is loaded.
is_ready() {
  curl -fsS -o /dev/null --max-time 2 -H "Authorization: Bearer $SECRET_KEY" "$STRIPE_MOCK_URL/v1/balance" 2>/dev/null
}

print_env() {
  print_kv_lines \
    "STRIPE_API_URL=$STRIPE_MOCK_URL" \
    "STRIPE_SECRET_KEY=$SECRET_KEY" \
    "STRIPE_WEBHOOK_SECRET=$WEBHOOK_SECRET"
  warn_if_not_running
}

start_server() {
  local t0 pid
  reuse_running_server && return 0
  ensure_ports_free "$STRIPE_MOCK_PORT"

  build
  t0="$(now)"
  wipe_data_dir
  log "starting stripe-mock $STRIPE_MOCK_VERSION on $STRIPE_MOCK_URL, log: $LOG_FILE"
  spawn_server "$STRIPE_MOCK_BIN" -http-addr "$BIND_HOST:$STRIPE_MOCK_PORT" -https-unix "$HTTPS_SOCKET"
  pid="$SERVER_PID"
  wait_ready "$pid"
  log "ready at $STRIPE_MOCK_URL (pid $pid) in $(elapsed "$t0")s"
}

service_main build "$@"
