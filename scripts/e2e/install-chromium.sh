#!/usr/bin/env bash
# Installs Debian's Chromium for the end-to-end tests (driven by playwright-core, which never downloads a
# browser here). No-op when /usr/bin/chromium is already there. Needs root (CI and dev machines run as root).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  /usr/bin/chromium --version
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing: run 'apt-get install -y chromium fonts-liberation' as root." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
/usr/bin/chromium --version
