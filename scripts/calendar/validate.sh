#!/usr/bin/env bash
# The calendars Cartable writes, read by a library we did not write: the `icalendar` package (Python),
# in a virtual environment kept under the cache folder (installed on first use, then reused).
#
#   bash scripts/calendar/validate.sh <expectations.json>
#
# The expectations name the files (a feed `.ics`, or an `.eml` whose `text/calendar` parts are read) and
# the events each must hold (UID, SEQUENCE, STATUS, start, place, words of the title): see validate.py.
# Run by server/test/calendar/calendar.int.test.ts, which writes the files and the expectations.
#
# Environment (optional): CARTABLE_CACHE_DIR, cache root of the virtual environment
# $CARTABLE_CACHE_DIR/venv-calendar (default ~/.cache/cartable).
set -euo pipefail

PYTHON_PACKAGES=(icalendar==7.3.2)
CARTABLE_CACHE_DIR="${CARTABLE_CACHE_DIR:-$HOME/.cache/cartable}"
VENV="$CARTABLE_CACHE_DIR/venv-calendar"
stamp="$VENV/.packages"
if [[ ! -x "$VENV/bin/python" || "$(cat "$stamp" 2>/dev/null)" != "${PYTHON_PACKAGES[*]}" ]]; then
  printf '[calendar] installing %s into %s\n' "${PYTHON_PACKAGES[*]}" "$VENV" >&2
  mkdir -p "$CARTABLE_CACHE_DIR"
  python3 -m venv --clear "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PYTHON_PACKAGES[@]}"
  printf '%s' "${PYTHON_PACKAGES[*]}" >"$stamp"
fi
exec "$VENV/bin/python" "$(dirname "${BASH_SOURCE[0]}")/validate.py" "$@"
