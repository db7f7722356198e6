#!/usr/bin/env bash
# Builds and installs Citus 13.2.2 for Debian's PostgreSQL 15, once: installs the packages with apt-get when
# they are missing, builds from the vendored source archive into the cache (outside the repository), then
# installs the built extension into PostgreSQL 15's directories (again when the installed copy differs).
#
# Environment (all optional):
#   CITUS_VENDOR_DIR    folder with citus-13.2.2.tar.gz and the patch (default: ../shared/vendor/citus
#                       next to the repository)
#   CARTABLE_CACHE_DIR  cache root; the build is $CARTABLE_CACHE_DIR/citus-13.2.2-pg15 (default ~/.cache/cartable)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CITUS_VERSION="13.2.2"
CITUS_SHA256="dd2453caec20a830e5e63f1def5c5a98cb6f57ae510407cdcd800916fcdab430"
CITUS_VENDOR_DIR="${CITUS_VENDOR_DIR:-$REPO_ROOT/../shared/vendor/citus}"
CARTABLE_CACHE_DIR="${CARTABLE_CACHE_DIR:-$HOME/.cache/cartable}"
PG_CONFIG="/usr/lib/postgresql/15/bin/pg_config"
BUILD_ROOT="$CARTABLE_CACHE_DIR/citus-$CITUS_VERSION-pg15"
SRC="$BUILD_ROOT/citus-$CITUS_VERSION"
PACKAGES=(postgresql-15 postgresql-server-dev-15 libkrb5-dev libselinux1-dev libxslt1-dev libpam0g-dev
  libreadline-dev liblz4-dev libzstd-dev libcurl4-openssl-dev build-essential)

log() { printf '[citus] %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# ---------------------------------------------------------------- packages
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f '${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]})); then
  ((EUID == 0)) || die "missing packages (${missing[*]}); install them as root: apt-get install -y ${missing[*]}"
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${PACKAGES[@]}" >/dev/null
fi
# The server and its headers must be the same minor version (the headers declare what the server exports).
server_version="$(dpkg-query -W -f '${Version}' postgresql-15)"
headers_version="$(dpkg-query -W -f '${Version}' postgresql-server-dev-15)"
if [[ "$server_version" != "$headers_version" ]]; then
  ((EUID == 0)) || die "postgresql-15 $server_version and postgresql-server-dev-15 $headers_version differ"
  log "aligning postgresql-15 ($server_version) with its headers ($headers_version)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-server-dev-15 >/dev/null
fi

# ---------------------------------------------------------------- build, once per PostgreSQL minor version
mkdir -p "$BUILD_ROOT"
exec {lock_fd}>"$BUILD_ROOT/.lock"
flock "$lock_fd"
stamp="$BUILD_ROOT/built-against"
pg_version="$("$PG_CONFIG" --version)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$pg_version" ]]; then
  archive="$CITUS_VENDOR_DIR/citus-$CITUS_VERSION.tar.gz"
  [[ -f "$archive" ]] || die "$archive not found (set CITUS_VENDOR_DIR)"
  echo "$CITUS_SHA256  $archive" | sha256sum --check --quiet - || die "SHA-256 of $archive does not match"
  log "building Citus $CITUS_VERSION against $pg_version (about 2 min on 2 vCPUs; log: $BUILD_ROOT/build.log)"
  started=$SECONDS
  rm -rf "$SRC" "$stamp"
  tar xzf "$archive" -C "$BUILD_ROOT"
  (
    cd "$SRC"
    patch -p1 <"$CITUS_VENDOR_DIR/pg15-have-createdb-privilege.patch"
    ./configure PG_CONFIG="$PG_CONFIG"
    make -j"$(nproc)"
  ) >"$BUILD_ROOT/build.log" 2>&1 || {
    tail -n 40 "$BUILD_ROOT/build.log" >&2
    die "build failed (full log: $BUILD_ROOT/build.log)"
  }
  printf '%s\n' "$pg_version" >"$stamp"
  log "built in $((SECONDS - started))s"
fi

# ---------------------------------------------------------------- install into PostgreSQL 15
if ! cmp -s "$SRC/src/backend/distributed/citus.so" "$("$PG_CONFIG" --pkglibdir)/citus.so"; then
  [[ -w "$("$PG_CONFIG" --pkglibdir)" ]] || die "cannot write to $("$PG_CONFIG" --pkglibdir): run as root once"
  log "installing Citus $CITUS_VERSION into $("$PG_CONFIG" --pkglibdir)"
  make -C "$SRC" install >"$BUILD_ROOT/install.log" 2>&1 || {
    tail -n 40 "$BUILD_ROOT/install.log" >&2
    die "make install failed (full log: $BUILD_ROOT/install.log)"
  }
fi
exec {lock_fd}>&-
