#!/usr/bin/env bash
# A throw-away Citus cluster on loopback for tests: one coordinator and two workers, each a PostgreSQL 15
# cluster with Citus preloaded (build it first: scripts/citus/build.sh). Trust authentication on 127.0.0.1
# only, fsync off: for tests, never for data.
#
#   bash scripts/citus/cluster.sh start    initdb (fresh) and start the three nodes
#   bash scripts/citus/cluster.sh stop     stop them and delete their folders
#   bash scripts/citus/cluster.sh env      DATABASE_URL (coordinator) and CITUS_WORKER_URLS, for eval
#
# Environment (all optional):
#   CITUS_DATA_DIR    where the three clusters live (default ${TMPDIR:-/tmp}/cartable-citus)
#   CITUS_PORT        coordinator port; the workers take the next two (default 19700)
#
# As root, PostgreSQL runs as the `postgres` system user (it refuses root), like the embedded server.
set -euo pipefail

PG_BIN="/usr/lib/postgresql/15/bin"
CITUS_DATA_DIR="${CITUS_DATA_DIR:-${TMPDIR:-/tmp}/cartable-citus}"
CITUS_PORT="${CITUS_PORT:-19700}"
NODES=(coordinator worker1 worker2)

log() { printf '[citus] %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}
port_of() { # node index
  echo $((CITUS_PORT + $1))
}
as_owner() {
  if ((EUID == 0)); then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  [[ -x "$PG_BIN/initdb" ]] || die "PostgreSQL 15 is not installed: run scripts/citus/build.sh"
  [[ -f "$("$PG_BIN/pg_config" --pkglibdir 2>/dev/null || echo /usr/lib/postgresql/15/lib)/citus.so" ]] ||
    die "Citus is not installed: run scripts/citus/build.sh"
  stop_nodes
  rm -rf "$CITUS_DATA_DIR"
  mkdir -p "$CITUS_DATA_DIR"
  ((EUID == 0)) && chown postgres: "$CITUS_DATA_DIR"
  local index node dir port
  for index in "${!NODES[@]}"; do
    node="${NODES[$index]}"
    dir="$CITUS_DATA_DIR/$node"
    port="$(port_of "$index")"
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && die "port $port is in use (set CITUS_PORT)"
    as_owner "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
    # SSL on from the start, with a self-signed certificate: the nodes connect to one another with
    # citus.node_conninfo's default, sslmode=require. Left off, the first `create extension citus` of each
    # node turns it on and asks the server to reload its configuration, which it does a moment later: a
    # coordinator adding that worker in between cannot connect ("failure on connection marked as essential").
    as_owner openssl req -new -x509 -days 30 -nodes -subj "/CN=127.0.0.1" \
      -keyout "$dir/server.key" -out "$dir/server.crt" >/dev/null 2>&1 || die "openssl could not make $node's certificate"
    chmod 600 "$dir/server.key"
    cat >>"$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
ssl = on
unix_socket_directories = '$dir'
shared_preload_libraries = 'citus'
max_connections = 300
shared_buffers = 64MB
fsync = off
# synchronous_commit stays on: a shard move waits until the target has replicated up to the source's
# pg_current_wal_lsn(), the WAL *written* so far; an asynchronous commit may still sit in the WAL buffers,
# past that point, and the move would finish without it (docs/operations/citus.md, "Moving a body").
full_page_writes = off
wal_level = logical
max_replication_slots = 20
max_wal_senders = 20
max_prepared_transactions = 200
# Citus runs a maintenance daemon per database (the tests create one database per file), and a shard move
# needs a logical replication worker: room for both.
max_worker_processes = 128
max_logical_replication_workers = 16
citus.max_cached_conns_per_worker = 1
log_min_messages = warning
CONF
    as_owner "$PG_BIN/pg_ctl" -D "$dir" -l "$CITUS_DATA_DIR/$node.log" -w -t 60 start >/dev/null ||
      { tail -n 30 "$CITUS_DATA_DIR/$node.log" >&2; die "$node did not start"; }
  done
  log "coordinator on 127.0.0.1:$(port_of 0), workers on $(port_of 1) and $(port_of 2) ($CITUS_DATA_DIR)"
}

stop_nodes() {
  local node
  for node in "${NODES[@]}"; do
    [[ -f "$CITUS_DATA_DIR/$node/postmaster.pid" ]] &&
      as_owner "$PG_BIN/pg_ctl" -D "$CITUS_DATA_DIR/$node" -m immediate -w stop >/dev/null 2>&1 || true
  done
}

stop() {
  stop_nodes
  rm -rf "$CITUS_DATA_DIR"
  log "stopped"
}

print_env() {
  printf 'DATABASE_URL=postgres://postgres@127.0.0.1:%s/postgres\n' "$(port_of 0)"
  printf 'CITUS_WORKER_URLS=postgres://postgres@127.0.0.1:%s/postgres,postgres://postgres@127.0.0.1:%s/postgres\n' \
    "$(port_of 1)" "$(port_of 2)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) print_env ;;
  *)
    echo "usage: $0 {start|stop|env}" >&2
    exit 2
    ;;
esac
