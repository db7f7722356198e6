#!/usr/bin/env bash
# `npm run test:facturx`: generates the demo's invoices (last month, the four bodies) through the demo
# test, extracts the XML of each Factur-X PDF with the `factur-x` library (PyPI, a tool we did not write)
# and checks it against the Factur-X XSD of its profile (EN 16931). The library is installed once, into a
# virtual environment cached outside the repository.
#   CARTABLE_CACHE_DIR   cache root; the virtual environment is $CARTABLE_CACHE_DIR/venv-facturx
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FACTURX_VERSION="7.8"
CARTABLE_CACHE_DIR="${CARTABLE_CACHE_DIR:-$HOME/.cache/cartable}"
VENV="$CARTABLE_CACHE_DIR/venv-facturx"

log() { printf '[factur-x] %s\n' "$*" >&2; }

if [[ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("factur-x"))' 2>/dev/null)" != "$FACTURX_VERSION" ]]; then
  log "installing factur-x $FACTURX_VERSION into $VENV"
  mkdir -p "$CARTABLE_CACHE_DIR"
  python3 -m venv --clear "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "factur-x==$FACTURX_VERSION"
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
log "generating the demo invoices into $out"
(cd "$repo/server" && FACTURX_EXPORT_DIR="$out" npx vitest run test/groupement/demo-groupement.int.test.ts >&2)

"$VENV/bin/python" - "$out"/*.pdf <<'PY'
import sys
from lxml import etree
import facturx

passed = failed = 0
for path in sys.argv[1:]:
    with open(path, 'rb') as handle:
        pdf = handle.read()
    try:
        name, xml = facturx.get_xml_from_pdf(pdf, check_xsd=False)
        level = facturx.get_level(etree.fromstring(xml))
        if name != 'factur-x.xml' or level != 'en16931':
            raise ValueError(f'embedded {name!r} at level {level!r}, expected factur-x.xml at en16931')
        facturx.xml_check_xsd(xml, flavor='factur-x', level='en16931')
        print(f'valid: {path.rsplit("/", 1)[-1]} ({name}, profile {level})')
        passed += 1
    except Exception as error:  # noqa: BLE001 - every failure is reported, then counted
        print(f'INVALID: {path}: {error}')
        failed += 1
if passed == 0 and failed == 0:
    print('no invoice was generated')
    failed = 1
print(f'{passed} passed, {failed} failed')
sys.exit(1 if failed else 0)
PY
