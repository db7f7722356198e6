#!/usr/bin/env bash
# Run a local MinIO natively (no Docker) for Cartable development and tests.
#
#   scripts/services/minio.sh start    build (once), start, wait until ready, create the bucket
#   scripts/services/minio.sh stop     stop the server started by `start`
#   scripts/services/minio.sh status   exit 0 when the server is running and ready
#   scripts/services/minio.sh env      print KEY=value lines for `set -a; eval "$(... env)"; set +a`
#   scripts/services/minio.sh build    only build the server binary
#   scripts/services/minio.sh logs     print the tail of the server log
#
# The server is built from source through the Go module proxy (`go install`, needs Go >= 1.24) into
# $CARTABLE_CACHE_DIR/minio/<version>/bin, outside the repository, once per version. MinIO's release
# tags (RELEASE.2025-…) are not semantic versions, so the module is pinned by pseudo-version; the
# default is the last commit of github.com/minio/minio (the repository was archived in February 2026),
# i.e. RELEASE.2025-10-15T17-29-55Z plus 11 commits. Every start wipes the data directory and creates
# the bucket again (a signed S3 PUT with curl --aws-sigv4; no `mc` needed), so each run begins empty.
# The server listens on 127.0.0.1 only.
#
# Environment (all optional):
#   MINIO_VERSION          module version of github.com/minio/minio (default below)
#   CARTABLE_CACHE_DIR     cache root (default ~/.cache/cartable)
#   MINIO_DATA_DIR         runtime dir: objects, log, pid (default $CARTABLE_CACHE_DIR/minio-data)
#   MINIO_PORT             S3 API port on 127.0.0.1 (default 9100)
#   MINIO_CONSOLE_PORT     web console port on 127.0.0.1 (default 9101)
#   MINIO_ROOT_USER        access key (default cartable)
#   MINIO_ROOT_PASSWORD    secret key (default cartable-minio-secret)
#   MINIO_BUCKET           bucket created at start (default cartable)
#   MINIO_START_TIMEOUT    seconds to wait for readiness (default 60)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=service-lib.sh disable=SC1091 # lint with -x
source "$SCRIPT_DIR/service-lib.sh"

MINIO_VERSION="${MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"
CARTABLE_CACHE_DIR="${CARTABLE_CACHE_DIR:-$HOME/.cache/cartable}"
MINIO_DATA_DIR="${MINIO_DATA_DIR:-$CARTABLE_CACHE_DIR/minio-data}"
MINIO_PORT="${MINIO_PORT:-9100}"
MINIO_CONSOLE_PORT="${MINIO_CONSOLE_PORT:-9101}"
MINIO_ROOT_USER="${MINIO_ROOT_USER:-cartable}"
MINIO_ROOT_PASSWORD="${MINIO_ROOT_PASSWORD:-cartable-minio-secret}"
MINIO_BUCKET="${MINIO_BUCKET:-cartable}"
MINIO_START_TIMEOUT="${MINIO_START_TIMEOUT:-60}"
REGION="us-east-1"

BIND_HOST="127.0.0.1"
MINIO_URL="http://$BIND_HOST:$MINIO_PORT"

MINIO_VERSION_DIR="$CARTABLE_CACHE_DIR/minio/$MINIO_VERSION"
MINIO_BIN="$MINIO_VERSION_DIR/bin/minio"
OBJECTS_DIR="$MINIO_DATA_DIR/objects"
PID_FILE="$MINIO_DATA_DIR/minio.pid"
LOG_FILE="$MINIO_DATA_DIR/minio.log"
# shellcheck disable=SC2034 # read by service-lib.sh
DATA_MARKER="$MINIO_DATA_DIR/.cartable-minio-data"

# Settings of service-lib.sh (described there).
# shellcheck disable=SC2034 # read by service-lib.sh
{
  SERVICE_NAME="minio"
  SERVICE_DISPLAY_NAME="MinIO"
  SERVICE_URL="$MINIO_URL"
  SERVICE_DATA_DIR="$MINIO_DATA_DIR"
  SERVICE_READY_CHECK=is_ready
  SERVICE_CMDLINE_MATCH="$MINIO_BIN server"
  SERVICE_START_TIMEOUT="$MINIO_START_TIMEOUT"
}

# ---------------------------------------------------------------- binary

# `go install` once per version (service-lib.sh).
build() { go_install_once github.com/minio/minio "$MINIO_VERSION" "$MINIO_VERSION_DIR" "once; several minutes"; }

# ---------------------------------------------------------------- process

is_ready() { curl -fsS -o /dev/null --max-time 2 "$MINIO_URL/minio/health/ready" 2>/dev/null; }

# PUT /<bucket>, signed with SigV4 by curl; 409 (the bucket exists and is ours) is fine.
create_bucket() {
  local status
  status="$(curl -sS -o "$MINIO_DATA_DIR/create-bucket.xml" -w '%{http_code}' --max-time 10 \
    --aws-sigv4 "aws:amz:$REGION:s3" --user "$MINIO_ROOT_USER:$MINIO_ROOT_PASSWORD" \
    -X PUT "$MINIO_URL/$MINIO_BUCKET")"
  case "$status" in
    200 | 409) rm -f "$MINIO_DATA_DIR/create-bucket.xml" ;;
    *)
      cat "$MINIO_DATA_DIR/create-bucket.xml" >&2 || true
      die "creating bucket $MINIO_BUCKET answered HTTP $status"
      ;;
  esac
}

print_env() {
  print_kv_lines \
    "S3_ENDPOINT=$MINIO_URL" \
    "S3_REGION=$REGION" \
    "S3_BUCKET=$MINIO_BUCKET" \
    "S3_ACCESS_KEY_ID=$MINIO_ROOT_USER" \
    "S3_SECRET_ACCESS_KEY=$MINIO_ROOT_PASSWORD" \
    "S3_FORCE_PATH_STYLE=true"
  warn_if_not_running
}

start_server() {
  local t0 pid
  reuse_running_server && return 0
  ensure_ports_free "$MINIO_PORT" "$MINIO_CONSOLE_PORT"

  build
  t0="$(now)"
  wipe_data_dir
  mkdir -p "$OBJECTS_DIR"
  log "starting MinIO $MINIO_VERSION on $MINIO_URL, log: $LOG_FILE"
  spawn_server env \
    MINIO_ROOT_USER="$MINIO_ROOT_USER" \
    MINIO_ROOT_PASSWORD="$MINIO_ROOT_PASSWORD" \
    MINIO_UPDATE=off \
    "$MINIO_BIN" server "$OBJECTS_DIR" \
    --address "$BIND_HOST:$MINIO_PORT" \
    --console-address "$BIND_HOST:$MINIO_CONSOLE_PORT"
  pid="$SERVER_PID"
  wait_ready "$pid"
  create_bucket
  log "ready at $MINIO_URL (bucket $MINIO_BUCKET, pid $pid) in $(elapsed "$t0")s"
}

service_main build "$@"
