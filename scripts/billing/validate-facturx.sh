#!/usr/bin/env bash
# `npm run test:facturx`: generates the demo's invoices (last month, the four bodies) through the demo
# test, extracts the XML of each Factur-X PDF with the `factur-x` library (PyPI, a tool we did not write)
# and checks it against the Factur-X XSD of its profile (EN 16931); then validates each PDF as PDF/A-3B with
# veraPDF (the PDF Association's reference validator, its greenfield CLI resolved by Maven from Maven
# Central with strict checksums). Both are cached outside the repository.
#   CARTABLE_CACHE_DIR   cache root; the virtual environment is $CARTABLE_CACHE_DIR/venv-facturx, veraPDF's
#                        class path $CARTABLE_CACHE_DIR/verapdf/<version>/classpath (jars in Maven's repository)
#   VERAPDF_MVN          Maven command (default mvn); VERAPDF_JAVA: Java 11+ (default java)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FACTURX_VERSION="7.8"
CARTABLE_CACHE_DIR="${CARTABLE_CACHE_DIR:-$HOME/.cache/cartable}"
VENV="$CARTABLE_CACHE_DIR/venv-facturx"
VERAPDF_VERSION="1.28.2"
VERAPDF_DIR="$CARTABLE_CACHE_DIR/verapdf/$VERAPDF_VERSION"
VERAPDF_MVN="${VERAPDF_MVN:-mvn}"
VERAPDF_JAVA="${VERAPDF_JAVA:-java}"

log() { printf '[factur-x] %s\n' "$*" >&2; }

if [[ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("factur-x"))' 2>/dev/null)" != "$FACTURX_VERSION" ]]; then
  log "installing factur-x $FACTURX_VERSION into $VENV"
  mkdir -p "$CARTABLE_CACHE_DIR"
  python3 -m venv --clear "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "factur-x==$FACTURX_VERSION"
fi

# veraPDF's command-line app and its dependencies, resolved once by Maven; its class path kept in the cache.
if [[ ! -s "$VERAPDF_DIR/classpath" ]]; then
  log "resolving veraPDF $VERAPDF_VERSION (org.verapdf.apps:greenfield-apps) with $VERAPDF_MVN"
  mkdir -p "$VERAPDF_DIR"
  cat >"$VERAPDF_DIR/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>cartable.tools</groupId><artifactId>verapdf-cli</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.verapdf.apps</groupId><artifactId>greenfield-apps</artifactId><version>$VERAPDF_VERSION</version></dependency>
  </dependencies>
</project>
POM
  (cd "$VERAPDF_DIR" && "$VERAPDF_MVN" -B -q -C dependency:build-classpath -Dmdep.outputFile=classpath.tmp >&2) ||
    { log "mvn could not resolve veraPDF $VERAPDF_VERSION"; exit 1; }
  mv "$VERAPDF_DIR/classpath.tmp" "$VERAPDF_DIR/classpath"
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

# PDF/A-3B (ISO 19005-3, level B) by veraPDF, whatever flavour the file claims; machine-readable report.
log "validating the PDF as PDF/A-3B with veraPDF $VERAPDF_VERSION"
# veraPDF exits non-zero on a non-compliant file: the report read below says which file and why.
"$VERAPDF_JAVA" -cp "$(cat "$VERAPDF_DIR/classpath")" org.verapdf.apps.GreenfieldCliWrapper --flavour 3b --format mrr "$out"/*.pdf >"$out/verapdf.xml" || true
"$VENV/bin/python" - "$out/verapdf.xml" <<'PY'
import sys
from lxml import etree

passed = failed = 0
try:
    jobs = list(etree.parse(sys.argv[1]).iter('job'))
except etree.XMLSyntaxError as error:
    jobs = []
    print(f'veraPDF wrote no readable report: {error}')
for job in jobs:
    name = job.findtext('item/name', default='?').rsplit('/', 1)[-1]
    validation = job.find('validationReport')
    if validation is not None and validation.get('isCompliant') == 'true':
        details = validation.find('details')
        print(f"PDF/A-3B: {name} ({details.get('passedRules')} rules, {details.get('passedChecks')} checks passed)")
        passed += 1
        continue
    failed += 1
    print(f'NOT PDF/A-3B: {name}')
    if validation is None:
        print('  ' + etree.tostring(job, encoding='unicode')[:2000])
        continue
    for rule in validation.iter('rule'):
        if rule.get('status') == 'failed':
            print(f"  {rule.get('specification')} {rule.get('clause')}-{rule.get('testNumber')}: {rule.findtext('description')} ({rule.get('failedChecks')} checks)")
if passed + failed == 0:
    failed = 1
print(f'PDF/A-3B: {passed} passed, {failed} failed')
sys.exit(1 if failed else 0)
PY
