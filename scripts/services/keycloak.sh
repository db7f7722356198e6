#!/usr/bin/env bash
# Run a local Keycloak natively (no Docker) for Cartable development and tests.
#
#   scripts/services/keycloak.sh start    download (once), build (once), start, wait until ready
#   scripts/services/keycloak.sh stop     stop the server started by `start`
#   scripts/services/keycloak.sh status   exit 0 when the server is running and ready
#   scripts/services/keycloak.sh env      print KEY=value lines for `eval "$(... env)"`
#   scripts/services/keycloak.sh fetch    only download, verify and unpack the distribution
#   scripts/services/keycloak.sh logs     print the tail of the server log
#
# The distribution (the Maven artifact org.keycloak:keycloak-quarkus-dist:<version>:tar.gz) is
# fetched through the machine's own Maven client, from the repository its settings name, with
# strict checksum verification (`mvn -C dependency:get`), or downloaded from KEYCLOAK_DIST_URL
# when that is set. It is unpacked outside the repository in
# $CARTABLE_CACHE_DIR/keycloak/<version>/ and built once for this setup
# (`kc.sh build`), so each start is `kc.sh start --optimized`. Every start wipes the data
# directory and re-imports the realm files of deploy/keycloak/, so each run begins from the
# same state. The server listens on 127.0.0.1 only.
#
# Environment (all optional):
#   KEYCLOAK_VERSION              Keycloak version (default below)
#   CARTABLE_CACHE_DIR            cache root (default ~/.cache/cartable)
#   KEYCLOAK_DATA_DIR             runtime dir: database, log, pid (default $CARTABLE_CACHE_DIR/keycloak-data)
#   KEYCLOAK_PORT                 HTTP port on 127.0.0.1 (default 8180)
#   KEYCLOAK_MANAGEMENT_PORT      management port on 127.0.0.1, serves /health/* (default 9180)
#   KEYCLOAK_IMPORT_DIR           directory whose *.json realm files are imported (default deploy/keycloak)
#   KEYCLOAK_START_TIMEOUT        seconds to wait for readiness (default 180)
#   KEYCLOAK_JAVA_HOME            JDK to use (default: first JDK >= 21 found, else >= 17; see find_java)
#   KEYCLOAK_JAVA_OPTS_APPEND     extra JVM options
#   KC_BOOTSTRAP_ADMIN_USERNAME   master-realm admin (default admin)
#   KC_BOOTSTRAP_ADMIN_PASSWORD   its password (default: generated at each start, see `env`)
#   CARTABLE_PROVISIONER_SECRET   client secret of cartable-provisioner (default cartable-provisioner-dev-secret)
#   CARTABLE_SMTP_HOST/PORT       SMTP server the realm sends its emails (invitations) to (default 127.0.0.1:2525)
#   KEYCLOAK_DIST_URL             URL of the distribution's .tar.gz, used instead of Maven; its
#                                 .sha512 (or .sha1) beside it must match (default: unset, use mvn)
#   KEYCLOAK_MVN                  Maven command (default mvn)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=service-lib.sh disable=SC1091 # lint with -x
source "$SCRIPT_DIR/service-lib.sh"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

KEYCLOAK_VERSION="${KEYCLOAK_VERSION:-26.7.3}"
CARTABLE_CACHE_DIR="${CARTABLE_CACHE_DIR:-$HOME/.cache/cartable}"
KEYCLOAK_DATA_DIR="${KEYCLOAK_DATA_DIR:-$CARTABLE_CACHE_DIR/keycloak-data}"
KEYCLOAK_PORT="${KEYCLOAK_PORT:-8180}"
KEYCLOAK_MANAGEMENT_PORT="${KEYCLOAK_MANAGEMENT_PORT:-9180}"
KEYCLOAK_IMPORT_DIR="${KEYCLOAK_IMPORT_DIR:-$REPO_ROOT/deploy/keycloak}"
KEYCLOAK_START_TIMEOUT="${KEYCLOAK_START_TIMEOUT:-180}"
KEYCLOAK_DIST_URL="${KEYCLOAK_DIST_URL:-}"
KEYCLOAK_MVN="${KEYCLOAK_MVN:-mvn}"
DEFAULT_PROVISIONER_SECRET="cartable-provisioner-dev-secret" # keep in sync with realm-cartable.json

BIND_HOST="127.0.0.1"
KEYCLOAK_URL="http://$BIND_HOST:$KEYCLOAK_PORT"
KEYCLOAK_MANAGEMENT_URL="http://$BIND_HOST:$KEYCLOAK_MANAGEMENT_PORT"
REALM="cartable"

KC_VERSION_DIR="$CARTABLE_CACHE_DIR/keycloak/$KEYCLOAK_VERSION"
KC_DIST="$KC_VERSION_DIR/dist"
RUN_HOME="$KEYCLOAK_DATA_DIR/home" # kc.home.dir of the running server (links into KC_DIST)
PID_FILE="$KEYCLOAK_DATA_DIR/keycloak.pid"
LOG_FILE="$KEYCLOAK_DATA_DIR/keycloak.log"
STATE_FILE="$KEYCLOAK_DATA_DIR/keycloak.env"
# shellcheck disable=SC2034 # read by service-lib.sh
DATA_MARKER="$KEYCLOAK_DATA_DIR/.cartable-keycloak-data"

# Settings of service-lib.sh (described there).
# shellcheck disable=SC2034 # read by service-lib.sh
{
  SERVICE_NAME="keycloak"
  SERVICE_DISPLAY_NAME="Keycloak"
  SERVICE_URL="$KEYCLOAK_URL"
  SERVICE_DATA_DIR="$KEYCLOAK_DATA_DIR"
  SERVICE_READY_CHECK=is_ready
  SERVICE_CMDLINE_MATCH="$RUN_HOME/bin/kc.sh" # the server's pid is our kc.sh's
  SERVICE_START_TIMEOUT="$KEYCLOAK_START_TIMEOUT"
  SERVICE_POLL_INTERVAL=0.25
  SERVICE_STOP_TIMEOUT=30
  SERVICE_LOG_TAIL_LINES=60
  SERVICE_KILL_GROUP=1                    # kc.sh and the JVM it starts
  SERVICE_STOP_WAIT_PORT="$KEYCLOAK_PORT" # the JVM may outlive the kc.sh wrapper for a moment
  SERVICE_WORKDIR="$KEYCLOAK_DATA_DIR"    # Quarkus reads a .env file from the working directory
}

# Build-time options, baked into the cached distribution by `kc.sh build`.
BUILD_OPTS=(
  --db=dev-file
  --health-enabled=true
  --tracing-enabled=false # no OpenTelemetry exporter
)

# ---------------------------------------------------------------- distribution

# Resolve the distribution through Maven into its local repository (checksums verified by Maven,
# strictly) and print the path of the .tar.gz there.
fetch_with_maven() {
  command -v "$KEYCLOAK_MVN" >/dev/null || die "$KEYCLOAK_MVN not found: install Maven, or set KEYCLOAK_DIST_URL"
  local artifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:tar.gz" repo_file repo t0
  # The path goes through a file: Maven's console output carries colour codes even in batch mode.
  repo_file="$(mktemp)"
  "$KEYCLOAK_MVN" -B -q help:evaluate -Dexpression=settings.localRepository -Doutput="$repo_file" >&2 ||
    die "could not read Maven's local repository path (mvn help:evaluate)"
  repo="$(cat "$repo_file")"
  rm -f "$repo_file"
  [[ -d "$repo" ]] || die "Maven's local repository $repo is not a directory"
  local tarball="$repo/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz"
  if [[ ! -f "$tarball" ]]; then
    t0="$(now)"
    log "resolving $artifact with $KEYCLOAK_MVN"
    "$KEYCLOAK_MVN" -B -q -C dependency:get -Dartifact="$artifact" -Dtransitive=false >&2 ||
      die "mvn dependency:get $artifact failed"
    [[ -f "$tarball" ]] || die "mvn resolved $artifact but $tarball is missing"
    log "resolved $(du -m "$tarball" | cut -f1) MB (checksum verified by Maven) in $(elapsed "$t0")s"
  fi
  printf '%s\n' "$tarball"
}

# Download KEYCLOAK_DIST_URL once into the cache, verified against the .sha512 (or .sha1) beside
# it, and print the path of the .tar.gz.
fetch_from_url() {
  local url="$KEYCLOAK_DIST_URL"
  local tarball="$KC_VERSION_DIR/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz"
  local algo="" expected=""
  for algo in sha512 sha1; do
    if expected="$(curl -fsSL --retry 3 --connect-timeout 20 "$url.$algo" 2>/dev/null)"; then
      expected="$(printf '%s\n' "$expected" | awk 'NR == 1 { print tolower($1) }')"
      [[ "$expected" =~ ^[0-9a-f]{40,128}$ ]] && break
    fi
    expected=""
  done
  [[ -n "$expected" ]] || die "could not fetch a .sha512 or .sha1 checksum for $url"

  if [[ -f "$tarball" && "$("${algo}sum" "$tarball" | awk '{ print $1 }')" == "$expected" ]]; then
    log "using cached $tarball ($algo verified)"
  else
    local t0 tmp actual
    t0="$(now)"
    tmp="$(mktemp "$tarball.part.XXXXXX")"
    log "downloading $url"
    if ! curl -fSL --retry 3 --connect-timeout 20 --progress-bar -o "$tmp" "$url"; then
      rm -f "$tmp"
      die "download failed: $url"
    fi
    actual="$("${algo}sum" "$tmp" | awk '{ print $1 }')"
    if [[ "$actual" != "$expected" ]]; then
      rm -f "$tmp"
      die "$algo mismatch for $url: expected $expected, got $actual"
    fi
    chmod 644 "$tmp"
    mv -f "$tmp" "$tarball"
    log "downloaded $(du -m "$tarball" | cut -f1) MB and verified $algo in $(elapsed "$t0")s"
  fi
  printf '%s\n' "$tarball"
}

# Fetch, verify and unpack the distribution once into the cache.
fetch() {
  if [[ -f "$KC_VERSION_DIR/.unpacked" && -x "$KC_DIST/bin/kc.sh" ]]; then
    return 0
  fi
  mkdir -p "$KC_VERSION_DIR"
  local lock_fd
  exec {lock_fd}>"$KC_VERSION_DIR/.lock"
  flock "$lock_fd"
  if [[ -f "$KC_VERSION_DIR/.unpacked" && -x "$KC_DIST/bin/kc.sh" ]]; then
    exec {lock_fd}>&-
    return 0
  fi

  local tarball
  if [[ -n "$KEYCLOAK_DIST_URL" ]]; then
    tarball="$(fetch_from_url)"
  else
    tarball="$(fetch_with_maven)"
  fi

  local t1 unpack
  t1="$(now)"
  rm -rf "$KC_DIST" "$KC_VERSION_DIR/.built" "$KC_VERSION_DIR"/unpack.*
  unpack="$(mktemp -d "$KC_VERSION_DIR/unpack.XXXXXX")"
  tar -xzf "$tarball" -C "$unpack"
  [[ -x "$unpack/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" ]] || die "unexpected archive layout in $tarball"
  mv "$unpack/keycloak-$KEYCLOAK_VERSION" "$KC_DIST"
  rmdir "$unpack"
  touch "$KC_VERSION_DIR/.unpacked"
  log "unpacked into $KC_DIST in $(elapsed "$t1")s"
  exec {lock_fd}>&-
}

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/java\.specification\.version/ { sub(/^1\./, "", $2); print int($2); exit }'
}

# Keycloak 26 supports OpenJDK 21 and 25 (17 still runs 26.7 but is deprecated). Pick
# KEYCLOAK_JAVA_HOME, else the first JDK >= 21 among JAVA_HOME, the `java` on PATH and
# /usr/lib/jvm/*, else the first JDK >= 17 with a warning.
find_java() {
  if [[ -n "${KEYCLOAK_JAVA_HOME:-}" ]]; then
    [[ -x "$KEYCLOAK_JAVA_HOME/bin/java" ]] || die "KEYCLOAK_JAVA_HOME=$KEYCLOAK_JAVA_HOME has no bin/java"
    printf '%s\n' "$KEYCLOAK_JAVA_HOME"
    return 0
  fi
  local candidates=() c major path_java fallback=""
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  if path_java="$(command -v java 2>/dev/null)"; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$path_java")")")")
  fi
  for c in /usr/lib/jvm/*/ /opt/java/*/; do
    [[ -d "$c" ]] && candidates+=("${c%/}")
  done
  for c in "${candidates[@]}"; do
    [[ -x "$c/bin/java" ]] || continue
    major="$(java_major "$c/bin/java" || true)"
    [[ -n "$major" ]] || continue
    if ((major >= 21)); then
      printf '%s\n' "$c"
      return 0
    fi
    if ((major >= 17)) && [[ -z "$fallback" ]]; then
      fallback="$c"
    fi
  done
  if [[ -n "$fallback" ]]; then
    log "warning: no JDK >= 21 found; using $fallback (Java 17 is deprecated for Keycloak 26)"
    printf '%s\n' "$fallback"
    return 0
  fi
  die "Keycloak $KEYCLOAK_VERSION needs Java 21 or newer (17 at the least); none found (set KEYCLOAK_JAVA_HOME)"
}

# Command prefix for every kc.sh invocation: `env` without the caller's KC_*/QUARKUS_*/JAVA_OPTS*
# variables, so that only the options this script passes configure the server.
kc_env_cmd() {
  KC_ENV_CMD=(env)
  local v
  for v in $(compgen -e); do
    case "$v" in
      KC_BOOTSTRAP_ADMIN_USERNAME | KC_BOOTSTRAP_ADMIN_PASSWORD) ;;
      KC_* | QUARKUS_* | JAVA_OPTS | JAVA_OPTS_KC_HEAP | JAVA_ADD_OPENS | JAVA_OPTS_APPEND | JAVA) KC_ENV_CMD+=(-u "$v") ;;
    esac
  done
  KC_ENV_CMD+=(JAVA_HOME="$JAVA_HOME_KC")
  if [[ -n "${KEYCLOAK_JAVA_OPTS_APPEND:-}" ]]; then
    KC_ENV_CMD+=(JAVA_OPTS_APPEND="$KEYCLOAK_JAVA_OPTS_APPEND")
  fi
}

# `kc.sh build` once per distribution and set of build options.
build() {
  local stamp="${BUILD_OPTS[*]}"
  if [[ -f "$KC_VERSION_DIR/.built" && "$(cat "$KC_VERSION_DIR/.built")" == "$stamp" ]]; then
    return 0
  fi
  local lock_fd t0
  exec {lock_fd}>"$KC_VERSION_DIR/.lock"
  flock "$lock_fd"
  if ! [[ -f "$KC_VERSION_DIR/.built" && "$(cat "$KC_VERSION_DIR/.built")" == "$stamp" ]]; then
    t0="$(now)"
    log "building the server once for: $stamp"
    kc_env_cmd
    if ! (cd "$KC_VERSION_DIR" && "${KC_ENV_CMD[@]}" "$KC_DIST/bin/kc.sh" build "${BUILD_OPTS[@]}") \
      >"$KC_VERSION_DIR/build.log" 2>&1; then
      tail -n 40 "$KC_VERSION_DIR/build.log" >&2
      die "kc.sh build failed (full log: $KC_VERSION_DIR/build.log)"
    fi
    printf '%s\n' "$stamp" >"$KC_VERSION_DIR/.built"
    log "built in $(elapsed "$t0")s"
  fi
  exec {lock_fd}>&-
}

# ---------------------------------------------------------------- process

# Wait until the server of pid $1, started at time $2, is ready, and say so.
wait_ready_and_report() {
  wait_ready "$1"
  log "ready at $KEYCLOAK_URL (realm $REALM, pid $1) in $(elapsed "$2")s"
}

is_ready() {
  curl -fsS --max-time 2 "$KEYCLOAK_MANAGEMENT_URL/health/ready" 2>/dev/null | grep -q '"UP"' &&
    curl -fsS -o /dev/null --max-time 2 "$KEYCLOAK_URL/realms/$REALM/.well-known/openid-configuration" 2>/dev/null
}

# A private kc.home.dir: kc.sh copied (it derives the home from its own real path), the
# read-only parts of the distribution linked, data/ (H2 files, import dir, tmp) our own.
make_run_home() {
  mkdir -p "$RUN_HOME/bin" "$RUN_HOME/data/import"
  cp "$KC_DIST/bin/kc.sh" "$RUN_HOME/bin/kc.sh"
  local d
  for d in conf lib providers version.txt; do
    ln -s "$KC_DIST/$d" "$RUN_HOME/$d"
  done
  # The distribution's themes and the repository's own (deploy/keycloak/themes/: Cartable's login theme).
  mkdir -p "$RUN_HOME/themes"
  for d in "$KC_DIST"/themes/* "$REPO_ROOT"/deploy/keycloak/themes/*; do
    [[ -e "$d" ]] && ln -s "$d" "$RUN_HOME/themes/$(basename "$d")"
  done
  local f found=0
  for f in "$KEYCLOAK_IMPORT_DIR"/*.json; do
    [[ -f "$f" ]] || continue
    cp "$f" "$RUN_HOME/data/import/"
    found=1
  done
  ((found)) || die "no realm file (*.json) in $KEYCLOAK_IMPORT_DIR"
}

env_lines() {
  local admin_user="$1" admin_password="$2" provisioner_secret="$3"
  local issuer="$KEYCLOAK_URL/realms/$REALM"
  print_kv_lines \
    "KEYCLOAK_URL=$KEYCLOAK_URL" \
    "KEYCLOAK_MANAGEMENT_URL=$KEYCLOAK_MANAGEMENT_URL" \
    "KEYCLOAK_REALM=$REALM" \
    "KEYCLOAK_ISSUER=$issuer" \
    "KEYCLOAK_JWKS_URI=$issuer/protocol/openid-connect/certs" \
    "KEYCLOAK_TOKEN_URL=$issuer/protocol/openid-connect/token" \
    "KEYCLOAK_AUDIENCE=cartable-api" \
    "KEYCLOAK_CLI_CLIENT_ID=cartable-cli" \
    "KEYCLOAK_WEB_CLIENT_ID=cartable-web" \
    "KEYCLOAK_PROVISIONER_CLIENT_ID=cartable-provisioner" \
    "KEYCLOAK_PROVISIONER_CLIENT_SECRET=$provisioner_secret" \
    "KEYCLOAK_SMTP_PORT=${CARTABLE_SMTP_PORT:-2525}" \
    "KEYCLOAK_ADMIN_USERNAME=$admin_user" \
    "KEYCLOAK_ADMIN_PASSWORD=$admin_password" \
    "KEYCLOAK_DEMO_PASSWORD=demo" \
    "OIDC_SERVER_URL=$KEYCLOAK_URL" \
    "OIDC_REALM=$REALM" \
    "OIDC_AUDIENCE=cartable-api"
}

start_server() {
  local t0 pid
  t0="$(now)"
  if pid="$(running_pid)"; then
    if is_ready; then
      log "already running (pid $pid) at $KEYCLOAK_URL; ready in $(elapsed "$t0")s"
      return 0
    fi
    log "already starting (pid $pid); waiting"
    wait_ready_and_report "$pid" "$t0"
    return 0
  fi
  rm -f "$PID_FILE"
  ensure_ports_free "$KEYCLOAK_PORT" "$KEYCLOAK_MANAGEMENT_PORT"

  fetch
  JAVA_HOME_KC="$(find_java)"
  build

  local admin_user="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
  local admin_password="${KC_BOOTSTRAP_ADMIN_PASSWORD:-}"
  if [[ -z "$admin_password" ]]; then
    admin_password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  fi
  local provisioner_secret="${CARTABLE_PROVISIONER_SECRET:-$DEFAULT_PROVISIONER_SECRET}"

  wipe_data_dir
  make_run_home
  (
    umask 077
    env_lines "$admin_user" "$admin_password" "$provisioner_secret" >"$STATE_FILE"
  )

  log "starting Keycloak $KEYCLOAK_VERSION ($(basename "$JAVA_HOME_KC")) on $KEYCLOAK_URL, log: $LOG_FILE"
  kc_env_cmd
  spawn_server "${KC_ENV_CMD[@]}" \
    KC_BOOTSTRAP_ADMIN_USERNAME="$admin_user" \
    KC_BOOTSTRAP_ADMIN_PASSWORD="$admin_password" \
    CARTABLE_PROVISIONER_SECRET="$provisioner_secret" \
    CARTABLE_SMTP_HOST="${CARTABLE_SMTP_HOST:-127.0.0.1}" \
    CARTABLE_SMTP_PORT="${CARTABLE_SMTP_PORT:-2525}" \
    "$RUN_HOME/bin/kc.sh" start --optimized \
    --import-realm \
    --http-enabled=true \
    --http-host="$BIND_HOST" \
    --http-port="$KEYCLOAK_PORT" \
    --http-management-port="$KEYCLOAK_MANAGEMENT_PORT" \
    --hostname="$KEYCLOAK_URL" \
    --hostname-backchannel-dynamic=true \
    --cache=local \
    --log-level=info,io.smallrye.health:warn \
    --log-console-color=false
  wait_ready_and_report "$SERVER_PID" "$t0"
}

print_env() {
  if [[ -f "$STATE_FILE" ]]; then
    cat "$STATE_FILE"
  else
    env_lines "${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}" "${KC_BOOTSTRAP_ADMIN_PASSWORD:-}" \
      "${CARTABLE_PROVISIONER_SECRET:-$DEFAULT_PROVISIONER_SECRET}"
  fi
  warn_if_not_running
}

service_main fetch "$@"
