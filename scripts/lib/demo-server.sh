# Sourced by the scripts that test the real server with the demo of `npm start` (fuzz, acts): starts it on
# free loopback ports with a fresh data folder (embedded PostgreSQL, local storage, demo data) and stops
# it, its PostgreSQL with it, whatever happened. Needs `log` and `die` from the caller.
#
#   demo_server_start PYTHON WORK_DIR LOG_FILE   sets DATA_DIR, BASE_URL, SERVER_PID; returns when /readyz answers
#   demo_server_stop                             SIGTERM (graceful), then SIGKILL of the group after 30 s, then the PostgreSQL left running

SERVER_PID=""
DATA_DIR=""

demo_free_port() { "$1" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# The server's PostgreSQL, if it still runs (after a SIGKILL of node it would).
demo_postmaster_pid() {
  local file="$DATA_DIR/postgres/postmaster.pid" pid
  [[ -n "$DATA_DIR" && -f "$file" ]] || return 1
  pid="$(head -n 1 "$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && printf '%s\n' "$pid"
}

demo_wait_gone() { # pid seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

demo_server_start() { # python work_dir log_file
  local python="$1" work_dir="$2" log_file="$3" repo_root node_bin port pg_port t0
  repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  [[ -f "$repo_root/server/dist/main.js" ]] || die "server/dist/main.js is missing: run npm run build"
  node_bin="$(cd "$repo_root" && npm exec -- node -p process.execPath)"
  chmod 755 "$work_dir" # as root, the embedded PostgreSQL runs as `postgres` and must reach its folder
  DATA_DIR="$work_dir/data"
  port="$(demo_free_port "$python")"
  pg_port="$(demo_free_port "$python")"
  BASE_URL="http://127.0.0.1:$port"
  log "starting the server on $BASE_URL (embedded PostgreSQL on $pg_port, data in $DATA_DIR)"
  (
    cd "$work_dir"
    exec setsid env NODE_ENV=development HOST=127.0.0.1 PORT="$port" PUBLIC_URL="$BASE_URL" \
      CARTABLE_DATA_DIR="$DATA_DIR" EMBEDDED_POSTGRES_PORT="$pg_port" CARTABLE_DEMO=true LOG_LEVEL=warn \
      DATABASE_URL= OIDC_SERVER_URL= SMTP_URL= SMS_PROVIDER= STRIPE_SECRET_KEY= STRIPE_WEBHOOK_SECRET= TSA_URL= \
      "$node_bin" "$repo_root/server/dist/main.js" </dev/null >"$log_file" 2>&1
  ) &
  SERVER_PID=$!
  t0=$SECONDS
  until curl -fsS -o /dev/null --max-time 2 "$BASE_URL/readyz" 2>/dev/null; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      tail -n 40 "$log_file" >&2
      die "the server exited during start-up"
    fi
    ((SECONDS - t0 < 300)) || die "the server is not ready after 300s"
    sleep 0.5
  done
  log "server ready in $((SECONDS - t0))s"
}

demo_server_stop() {
  local pid
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true # graceful: drains HTTP, then stops PostgreSQL
    if ! demo_wait_gone "$SERVER_PID" 30; then
      log "server still running 30s after SIGTERM: killing its process group"
      kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
    fi
  fi
  if pid="$(demo_postmaster_pid)"; then
    log "stopping the PostgreSQL left running (pid $pid)"
    kill -INT "$pid" 2>/dev/null || true
    demo_wait_gone "$pid" 30 || kill -KILL "$pid" 2>/dev/null || true
  fi
}
