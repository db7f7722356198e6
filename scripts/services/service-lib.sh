# shellcheck shell=bash
# Plumbing shared by the scripts that run a service natively for tests (keycloak.sh, minio.sh,
# stripe-mock.sh):
# logging, the pid file, the run lock, the readiness wait, the data-directory wipe, stop, status,
# `env` output and the command line. Sourced, after `set -euo pipefail`, by
#
#   SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
#   source "$SCRIPT_DIR/service-lib.sh"
#
# The functions read these variables, which the caller sets (they may be set after sourcing,
# they are only read when a function runs):
#
#   SERVICE_NAME            prefix of the log lines: [SERVICE_NAME] …
#   SERVICE_DISPLAY_NAME    the service's name in messages (Keycloak, MinIO)
#   SERVICE_URL             where the ready service answers, shown by `status`
#   SERVICE_DATA_DIR        runtime dir, wiped at each start; $SERVICE_DATA_DIR.lock is the run lock
#   SERVICE_READY_CHECK     name of a function that succeeds when the service is ready
#   SERVICE_CMDLINE_MATCH   fixed string the server's /proc/<pid>/cmdline must contain
#   SERVICE_START_TIMEOUT   seconds to wait for readiness
#   SERVICE_POLL_INTERVAL   seconds between two checks while starting or stopping (default 0.1)
#   SERVICE_STOP_TIMEOUT    seconds to wait after SIGTERM before sending SIGKILL (default 10)
#   SERVICE_LOG_TAIL_LINES  lines of the log shown when the start fails (default 40)
#   SERVICE_KILL_GROUP      1: signal the server's whole process group, 0: only its pid (default 0)
#   SERVICE_STOP_WAIT_PORT  port that must be free before `stop` returns, or empty (default)
#   SERVICE_WORKDIR         working directory of the server, or empty for the caller's (default)
#   BIND_HOST               the address the server listens on
#   PID_FILE, LOG_FILE      the server's pid and output
#   DATA_MARKER             file in SERVICE_DATA_DIR showing that the script created the directory
#
# and the caller defines start_server and print_env (the `start` and `env` commands).

log() { printf '[%s] %s\n' "$SERVICE_NAME" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# How many SERVICE_POLL_INTERVAL periods make $1 seconds.
poll_count() { awk -v s="$1" -v i="$SERVICE_POLL_INTERVAL" 'BEGIN { printf "%d", s / i + 0.5 }'; }

# ---------------------------------------------------------------- process

running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against a recycled pid: the process must be our server.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$SERVICE_CMDLINE_MATCH" || return 1
  printf '%s\n' "$pid"
}

port_in_use() { (exec 3<>"/dev/tcp/$BIND_HOST/$1") 2>/dev/null; }

# Die when one of the ports is taken (by a process that is not our running server).
ensure_ports_free() {
  local port
  for port in "$@"; do
    if port_in_use "$port"; then
      die "port $port is in use by another process"
    fi
  done
}

# Wait until the server of pid $1 is ready; exit 1, with the end of its log, when it exits or
# is not ready after SERVICE_START_TIMEOUT seconds (then it is stopped).
wait_ready() {
  local pid="$1" deadline=$((SECONDS + SERVICE_START_TIMEOUT))
  while ! "$SERVICE_READY_CHECK"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$SERVICE_DISPLAY_NAME exited during startup; last lines of $LOG_FILE:"
      tail -n "$SERVICE_LOG_TAIL_LINES" "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      log "$SERVICE_DISPLAY_NAME not ready after ${SERVICE_START_TIMEOUT}s; last lines of $LOG_FILE:"
      tail -n "$SERVICE_LOG_TAIL_LINES" "$LOG_FILE" >&2 || true
      stop_server >/dev/null 2>&1 || true
      exit 1
    fi
    sleep "$SERVICE_POLL_INTERVAL"
  done
}

# Run "$@" holding the run lock, so that concurrent starts and stops do not interleave.
with_run_lock() {
  mkdir -p "$(dirname "$SERVICE_DATA_DIR")"
  exec {RUN_LOCK_FD}>"$SERVICE_DATA_DIR.lock"
  flock "$RUN_LOCK_FD"
  "$@"
  exec {RUN_LOCK_FD}>&-
}

wipe_data_dir() {
  if [[ -d "$SERVICE_DATA_DIR" && ! -f "$DATA_MARKER" ]] &&
    [[ -n "$(ls -A "$SERVICE_DATA_DIR")" ]]; then
    die "refusing to wipe $SERVICE_DATA_DIR: not empty and not created by this script"
  fi
  rm -rf "$SERVICE_DATA_DIR"
  mkdir -p "$SERVICE_DATA_DIR"
  touch "$DATA_MARKER"
}

# Start the server command "$@" in the background in a new session (setsid), its input from
# /dev/null and its output into LOG_FILE; its pid goes into PID_FILE and SERVER_PID.
spawn_server() {
  (
    if [[ -n "${SERVICE_WORKDIR:-}" ]]; then
      cd "$SERVICE_WORKDIR" || exit
    fi
    [[ -n "${RUN_LOCK_FD:-}" ]] && exec {RUN_LOCK_FD}>&- # the server must not hold the lock
    exec setsid "$@" </dev/null >"$LOG_FILE" 2>&1
  ) &
  SERVER_PID=$!
  printf '%s\n' "$SERVER_PID" >"$PID_FILE"
}

# Send signal $1 to the server of pid $2 (and to its process group with SERVICE_KILL_GROUP=1).
signal_server() {
  if ((SERVICE_KILL_GROUP)); then
    kill "-$1" -- "-$2" 2>/dev/null || kill "-$1" "$2" 2>/dev/null || true
  else
    kill "-$1" "$2" 2>/dev/null || true
  fi
}

stop_server() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  log "stopping pid $pid"
  signal_server TERM "$pid"
  local i polls
  polls="$(poll_count "$SERVICE_STOP_TIMEOUT")"
  for ((i = 0; i < polls; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep "$SERVICE_POLL_INTERVAL"
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still running after ${SERVICE_STOP_TIMEOUT}s; sending SIGKILL"
    signal_server KILL "$pid"
    sleep "$(awk -v i="$SERVICE_POLL_INTERVAL" 'BEGIN { print 2 * i }')"
  fi
  if [[ -n "${SERVICE_STOP_WAIT_PORT:-}" ]]; then
    # The server's children (Keycloak's JVM under kc.sh) may outlive it for a moment: wait up
    # to 10s for the port.
    polls="$(poll_count 10)"
    for ((i = 0; i < polls; i++)); do
      port_in_use "$SERVICE_STOP_WAIT_PORT" || break
      sleep "$SERVICE_POLL_INTERVAL"
    done
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

# For start_server: when our server already runs, wait until it is ready, say so and succeed;
# otherwise forget a stale pid file and fail, so that the caller starts one.
reuse_running_server() {
  local t0 pid
  if pid="$(running_pid)"; then
    t0="$(now)"
    wait_ready "$pid"
    log "already running (pid $pid) at $SERVICE_URL; ready in $(elapsed "$t0")s"
    return 0
  fi
  rm -f "$PID_FILE"
  return 1
}

status_server() {
  local pid
  if pid="$(running_pid)" && "$SERVICE_READY_CHECK"; then
    log "running (pid $pid) and ready at $SERVICE_URL"
    return 0
  fi
  if [[ -n "${pid:-}" ]]; then
    log "running (pid $pid) but not ready"
  else
    log "not running"
  fi
  return 1
}

# ---------------------------------------------------------------- binary built with Go

# go_install_once MODULE VERSION DIR NOTE: `go install MODULE@VERSION` into DIR/bin, once per version
# (needs Go >= 1.24 on PATH); a lock keeps concurrent starts from building twice; the log of the build
# stays in DIR/build.log. NOTE is added to the "building" line (e.g. how long it takes).
go_install_once() {
  local module="$1" version="$2" dir="$3" note="$4"
  local bin="$dir/bin/${module##*/}"
  [[ -x "$bin" ]] && return 0
  command -v go >/dev/null || die "Go (>= 1.24) is needed to build $module@$version; none on PATH"
  mkdir -p "$dir"
  local lock_fd t0
  exec {lock_fd}>"$dir/.lock"
  flock "$lock_fd"
  if [[ ! -x "$bin" ]]; then
    t0="$(now)"
    log "building $module@$version with $(go env GOVERSION) ($note)"
    if ! GOBIN="$dir/bin" GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0 \
      go install -trimpath "$module@$version" >"$dir/build.log" 2>&1; then
      tail -n 40 "$dir/build.log" >&2
      die "go install failed (full log: $dir/build.log)"
    fi
    log "built $bin ($(du -m "$bin" | cut -f1) MB) in $(elapsed "$t0")s"
  fi
  exec {lock_fd}>&-
}

# ---------------------------------------------------------------- env output

shell_quote() {
  if [[ "$1" =~ ^[A-Za-z0-9_./:@%+=,-]*$ ]]; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//\'/\'\\\'\'}"
  fi
}

# Print each KEY=value argument as a line KEY=value, the value quoted for the shell (for eval).
print_kv_lines() {
  local kv
  for kv in "$@"; do
    printf '%s=%s\n' "${kv%%=*}" "$(shell_quote "${kv#*=}")"
  done
}

warn_if_not_running() {
  running_pid >/dev/null || log "warning: $SERVICE_DISPLAY_NAME is not running (start it with: $0 start)"
}

# ---------------------------------------------------------------- command line

# service_main EXTRA "$@": run the command of the script's command line, one of
# start|stop|status|env|EXTRA|logs [N], where EXTRA is also the name of the function it runs.
service_main() {
  local extra="$1"
  shift
  : "${SERVICE_POLL_INTERVAL:=0.1}" "${SERVICE_STOP_TIMEOUT:=10}" "${SERVICE_LOG_TAIL_LINES:=40}"
  : "${SERVICE_KILL_GROUP:=0}" "${SERVICE_STOP_WAIT_PORT:=}" "${SERVICE_WORKDIR:=}"
  case "${1:-}" in
    start) with_run_lock start_server ;;
    stop) with_run_lock stop_server ;;
    status) status_server ;;
    env) print_env ;;
    "$extra") "$extra" ;;
    logs) tail -n "${2:-100}" "$LOG_FILE" ;;
    *)
      echo "usage: $0 {start|stop|status|env|$extra|logs [N]}" >&2
      exit 2
      ;;
  esac
}
