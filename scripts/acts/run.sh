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

# shellcheck source=../lib/demo-server.sh
source "$REPO_ROOT/scripts/lib/demo-server.sh"

WORK_DIR="$(mktemp -d -t cartable-acts.XXXXXX)"
OUT="$WORK_DIR/out"
mkdir -p "$OUT"

cleanup() {
  local status=$?
  demo_server_stop
  if ((status == 0)) && [[ -z "${ACTS_KEEP:-}" ]]; then rm -rf "$WORK_DIR"; else log "work folder kept: $WORK_DIR"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

demo_server_start "$VENV/bin/python" "$WORK_DIR" "$WORK_DIR/server.log"

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
