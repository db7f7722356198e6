#!/usr/bin/env bash
# The acts checked by tools we did not write, on the demo of `npm start`: the real server starts on a fresh
# data folder with the demo (a past séance of the Ville whose délibérations are signed and published), then
#   - pyHanko (`pyhanko sign validate`) must report every signature of every published PDF intact, trusted
#     against the demonstration signing root, with a signature timestamp trusted against the TSA's root;
#   - poppler's pdfsig must list the same signatures, each « Signature is Valid »;
#   - frictionless must find the open-data CSV valid against scdl-deliberations-2.1.5.schema.json (and
#     a copy with a broken SIRET invalid, so that the check is known to bite).
#
#   npm run test:acts           build, then this script
#   bash scripts/acts/run.sh    on an existing build (server/dist)
#
# Environment (optional): CARTABLE_CACHE_DIR, cache root of the virtual environment
# $CARTABLE_CACHE_DIR/venv-acts (default ~/.cache/cartable); ACTS_KEEP=1 keeps the work folder.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"

PYTHON_PACKAGES=(pyHanko==0.38.0 pyhanko-cli==0.6.0 frictionless==5.21.0)
CARTABLE_CACHE_DIR="${CARTABLE_CACHE_DIR:-$HOME/.cache/cartable}"
VENV="$CARTABLE_CACHE_DIR/venv-acts"
SLUG="ville-besancon"

log() { printf '[acts] %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# ---------------------------------------------------------------- tools, once

if ! command -v pdfsig >/dev/null; then
  log "installing poppler-utils (pdfsig)"
  apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null
fi
stamp="$VENV/.packages"
if [[ ! -x "$VENV/bin/pyhanko" || "$(cat "$stamp" 2>/dev/null)" != "${PYTHON_PACKAGES[*]}" ]]; then
  log "installing ${PYTHON_PACKAGES[*]} into $VENV"
  mkdir -p "$CARTABLE_CACHE_DIR"
  python3 -m venv --clear "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PYTHON_PACKAGES[@]}"
  printf '%s' "${PYTHON_PACKAGES[*]}" >"$stamp"
fi

# ---------------------------------------------------------------- the server with the demo

[[ -f server/dist/main.js ]] || die "server/dist/main.js is missing: run npm run build (npm run test:acts does)"
NODE_BIN="$(npm exec -- node -p process.execPath)"
free_port() { "$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

WORK_DIR="$(mktemp -d -t cartable-acts.XXXXXX)"
chmod 755 "$WORK_DIR" # as root, the embedded PostgreSQL runs as `postgres` and must reach its folder
DATA_DIR="$WORK_DIR/data"
OUT="$WORK_DIR/out"
mkdir -p "$OUT"
PORT="$(free_port)"
PG_PORT="$(free_port)"
BASE_URL="http://127.0.0.1:$PORT"
SERVER_PID=""

cleanup() {
  local status=$? pid
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
  fi
  if [[ -f "$DATA_DIR/postgres/postmaster.pid" ]]; then
    pid="$(head -n 1 "$DATA_DIR/postgres/postmaster.pid")"
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -INT "$pid" 2>/dev/null || true
  fi
  if ((status == 0)) && [[ -z "${ACTS_KEEP:-}" ]]; then rm -rf "$WORK_DIR"; else log "work folder kept: $WORK_DIR"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "starting the server with the demo on $BASE_URL"
(
  cd "$WORK_DIR"
  exec setsid env NODE_ENV=development HOST=127.0.0.1 PORT="$PORT" PUBLIC_URL="$BASE_URL" \
    CARTABLE_DATA_DIR="$DATA_DIR" EMBEDDED_POSTGRES_PORT="$PG_PORT" CARTABLE_DEMO=true LOG_LEVEL=warn \
    DATABASE_URL= OIDC_SERVER_URL= SMTP_URL= SMS_PROVIDER= STRIPE_SECRET_KEY= STRIPE_WEBHOOK_SECRET= TSA_URL= \
    "$NODE_BIN" "$REPO_ROOT/server/dist/main.js" </dev/null >"$WORK_DIR/server.log" 2>&1
) &
SERVER_PID=$!
t0=$SECONDS
until curl -fsS -o /dev/null --max-time 2 "$BASE_URL/readyz" 2>/dev/null; do
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 40 "$WORK_DIR/server.log" >&2; die "the server exited during start-up"; }
  ((SECONDS - t0 < 300)) || die "the server is not ready after 300s"
  sleep 0.5
done
log "server ready in $((SECONDS - t0))s"

# ---------------------------------------------------------------- the checks

passed=0
failed=0
check() { # description command...
  local description="$1"
  shift
  if "$@" >"$OUT/last.log" 2>&1; then
    passed=$((passed + 1))
    log "ok   $description"
  else
    failed=$((failed + 1))
    log "FAIL $description"
    sed 's/^/       /' "$OUT/last.log" >&2
  fi
}

curl -fsS "$BASE_URL/public/$SLUG/actes" -o "$OUT/actes.html"
curl -fsS "$BASE_URL/public/$SLUG/deliberations.csv" -o "$OUT/deliberations.csv"
mapfile -t pdf_urls < <(grep -o "href=\"$BASE_URL/public/$SLUG/actes/[0-9a-f-]*\.pdf\"" "$OUT/actes.html" | sed 's/^href="//; s/"$//' | sort -u)
((${#pdf_urls[@]} > 0)) || die "the public page lists no PDF"
log "${#pdf_urls[@]} published PDF(s)"

SIGNING_ROOT="$DATA_DIR/signing/root/certificate.pem"
TSA_ROOT="$DATA_DIR/tsa/root.pem"

pyhanko_valid() { # pdf: every signature intact and trusted, with a trusted signature timestamp, two at least
  local output count good
  output="$("$VENV/bin/pyhanko" sign validate --trust-replace --trust "$SIGNING_ROOT" --trust "$TSA_ROOT" "$1" 2>/dev/null)" || { echo "$output"; return 1; }
  echo "$output"
  count="$(grep -c '^Signature ' <<<"$output")"
  good="$(grep -c ':INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>' <<<"$output")"
  ((count >= 2 && good == count))
}
pdfsig_valid() { # pdf: pdfsig lists two signatures or more, each cryptographically valid
  local output count good
  output="$(pdfsig "$1" 2>&1)" || true
  echo "$output"
  count="$(grep -c '^Signature #' <<<"$output")"
  good="$(grep -c 'Signature Validation: Signature is Valid' <<<"$output")"
  ((count >= 2 && good == count))
}
frictionless_valid() { # csv
  (cd "$(dirname "$1")" && "$VENV/bin/frictionless" validate --trusted --schema scdl.schema.json "$(basename "$1")")
}
not() { ! "$@"; }

for url in "${pdf_urls[@]}"; do
  file="$OUT/$(basename "$url")"
  curl -fsS "$url" -o "$file"
  check "pyHanko: $(basename "$url") signed, intact, trusted, timestamped" pyhanko_valid "$file"
  check "pdfsig: $(basename "$url") lists its valid signatures" pdfsig_valid "$file"
done

cp scripts/acts/scdl-deliberations-2.1.5.schema.json "$OUT/scdl.schema.json"
rows=$(($(grep -c $'\r$' "$OUT/deliberations.csv") - 1))
check "the CSV has one row per published PDF ($rows)" test "$rows" -eq "${#pdf_urls[@]}"
check "frictionless: deliberations.csv valid against SCDL Délibérations 2.1.5" frictionless_valid "$OUT/deliberations.csv"
sed -E '2s/,[0-9]{14},/,2125005650001X,/' "$OUT/deliberations.csv" >"$OUT/broken.csv"
check "frictionless: a broken SIRET is reported invalid" not frictionless_valid "$OUT/broken.csv"

echo "acts: $passed passed, $failed failed"
((failed == 0))
